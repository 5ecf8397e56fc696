"""Scenario runner: ``/usr/bin/python3 -m netserv_mn.scenario <scenario> [options]`` (from mininet/).

Scenarios:
  demo      the point of NetServ: a switch, two hosts and two sidecars; NetMonitor deployed on UDP port
            5060 through the OFC; traffic to 5060 is steered through the sidecars (counters per sidecar)
            while traffic to 5061 stays in the switch; then one sidecar is killed and the traffic keeps
            flowing through the other.
  pingall   start the OFC, build a Mininet network (default ``tree,2,2``), pingall, print every
            switch's flow table as the OFC reports it (REST), then clean everything up.

Everything started here is stopped by PID in ``finally``; logs stay in the output folder.
"""

import argparse
import os
import sys
import tempfile
import time

from netserv_mn.net import NetservNet
from netserv_mn.ofc import OfcProcess, ofc_jar
from netserv_mn.topos import TOPOS, make_topo
from netserv_mn.util import Progress, exit_on_sigterm


def format_match(match):
    return ",".join("%s=%s" % kv for kv in match.items()) if match else "*"


def format_flow_table(dpid, flows):
    """A readable table of one switch's flows from ``GET /switches/{dpid}/flows``."""
    rows = [("table", "prio", "owner", "match", "actions", "packets")]
    for f in sorted(flows, key=lambda f: (f["table"], -f["priority"], format_match(f["match"]))):
        rows.append((str(f["table"]), str(f["priority"]), f.get("owner", "?"), format_match(f["match"]),
                     " ".join(f.get("instructions", [])), str(f.get("packets", ""))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["switch %s: %d flows" % (dpid, len(flows))]
    for n, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def pingall(args):
    """Returns a process exit code: 0 when the OFC forwarded pingall with no loss."""
    say = Progress()
    out_dir = args.out or tempfile.mkdtemp(prefix="netserv-demo-")
    topo = make_topo(args.topo)
    say("output folder %s" % out_dir)
    say("starting OFC (%s)..." % args.jar)
    ofc = OfcProcess(out_dir, jar=args.jar, config=args.config)
    net = None
    try:
        ofc.start()
        say("OFC up in %.1f s: pid %d, OpenFlow port %d, REST %s" % (
            ofc.startup_seconds, ofc.pid, ofc.of_port, ofc.base_url))
        say("building network %s (%d switches, %d hosts)..." % (args.topo, len(topo.switches()), len(topo.hosts())))
        net = NetservNet(topo, ofc.of_port, ofc=ofc).start()
        say("network up: %d switches connected to the OFC" % len(ofc.switches()))
        say("pingall...")
        result = net.pingall()
        say("pingall: %d/%d received, %.0f%% loss%s" % (
            result.received, result.sent, result.loss,
            "" if not result.failures else ", failed pairs %s" % result.failures))
        say("flow tables as the OFC reports them (GET /switches/{dpid}/flows):")
        for switch in sorted(ofc.switches(), key=lambda s: s["dpid"]):
            print(format_flow_table(switch["dpid"], ofc.flows(switch["dpid"])))
            print()
        return 0 if result.loss == 0 else 1
    finally:
        say("cleaning up...")
        if net is not None:
            net.stop()
        code = ofc.stop()
        say("done (OFC exit code %s); OFC log: %s" % (code, ofc.log_path))


def _sidecar_table(net, user, name):
    """Rows: sidecar, its state, module packets it counted, flows pinned to it, frames the switch sent it."""
    modules = {m["name"]: m for m in net.ofc.modules()}
    placements = {p["id"]: p for p in modules.get(name, {}).get("sidecars", [])}
    rows = [("sidecar", "state", "module packets", "pinned flows", "switch -> sidecar frames")]
    for sc in net.ofc.sidecars():
        p = placements.get(sc["id"], {})
        rows.append((sc["id"], sc["state"], str(p.get("packets", "-")), str(sc.get("flows", 0)),
                     str(sc.get("switch", {}).get("txPackets", "-"))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("    " + "  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows)


def demo(args):
    """Returns 0 when steered traffic reached the sidecars, unsteered traffic did not, and the traffic
    survived the loss of a sidecar."""
    from netserv_mn.steering import SteeringNet  # Mininet-heavy: only for this scenario
    say = Progress()
    out_dir = args.out or tempfile.mkdtemp(prefix="netserv-demo-")
    say("output folder %s (OFC, sidecar and tool logs)" % out_dir)
    say("starting the OFC, a switch with hosts h1 (10.0.0.1) and h2 (10.0.0.2), and 2 sidecars...")
    net = SteeringNet(out_dir, sidecars=2, progress=say, tag="demo")
    try:
        net.start()
        body = net.module_request("sipmon", bundle="netmonitor", proto="udp", dst_port=5060, ttl=600)
        say("POST /api/v1/modules: NetMonitor for alice on udp dst port 5060, dst 10.0.0.0/8...")
        started = time.monotonic()
        module = net.deploy(body)
        say("module %s/%s %s in %.1f s on %s (cookie %s)" % (module["user"], module["name"], module["state"],
            time.monotonic() - started, [p["id"] for p in module["sidecars"]], module["cookie"]))
        seconds = args.seconds
        receiver = net.start_receiver(out_dir, "recv", [5060, 5061], duration=3 * seconds + 20,
                                      idle=5, gap_threshold=0.05)
        say("sending 40 UDP flows to h2:5060 (steered) and 20 to h2:5061 (not steered), 400 packets/s each "
            "port, for %d s..." % (3 * seconds))
        steered = net.start_sender(out_dir, "send-5060", 5060, 40, duration=3 * seconds, rate=400,
                                   src_port_base=20000)
        plain = net.start_sender(out_dir, "send-5061", 5061, 20, duration=3 * seconds, rate=400,
                                 src_port_base=30000)
        time.sleep(seconds)
        say("after %d s, per sidecar (GET /api/v1/modules and /api/v1/sidecars):" % seconds)
        print(_sidecar_table(net, "alice", "sipmon"))
        victim = sorted(net.live_ids())[-1]
        say("killing sidecar %s (SIGKILL of its process and containers)..." % victim)
        killed_at = time.monotonic()
        net.kill_sidecar(victim)
        net.wait_state(victim, "DOWN", timeout=10)
        say("the OFC says %s is DOWN after %.2f s; its flows move to the other sidecar" % (
            victim, time.monotonic() - killed_at))
        time.sleep(seconds)
        say("%d s later:" % seconds)
        print(_sidecar_table(net, "alice", "sipmon"))
        sent = [steered.wait(6 * seconds + 30), plain.wait(6 * seconds + 30)]
        got = receiver.wait(6 * seconds + 60)
        by_port = {}
        for flow in got.get("per_flow", []):
            by_port[flow["dport"]] = by_port.get(flow["dport"], 0) + flow["packets"]
        say("h2 received %s of %s packets sent (per port %s, %d lost); longest gap in one flow %.3f s" % (
            got.get("packets"), sum(x.get("sent", 0) for x in sent), by_port, got.get("missing", 0),
            got.get("max_flow_gap", 0.0)))
        mod = [m for m in net.ofc.modules() if m["name"] == "sipmon"][0]
        say("switch counted %d packets steered for the module; sidecars counted %s" % (
            mod.get("switch", {}).get("packets", 0), {p["id"]: p["packets"] for p in mod["sidecars"]}))
        say("metrics: curl %s/metrics" % net.ofc.base_url.replace("/api/v1", ""))
        ok = mod["state"] == "ACTIVE" and got.get("packets", 0) > 0
        return 0 if ok else 1
    finally:
        say("cleaning up...")
        problems = net.stop()
        if problems:
            say("cleanup problems: %s" % problems)
        say("done; logs in %s" % out_dir)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m netserv_mn.scenario", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="scenario", metavar="SCENARIO", required=True)
    d = sub.add_parser("demo", help="steering through two sidecars, counters, then a sidecar killed",
                       description="A switch, two hosts, two sidecars; NetMonitor deployed through the OFC; "
                       "UDP traffic steered through the sidecars, then one sidecar killed.")
    d.add_argument("--seconds", type=int, default=5, help="length of each phase (default 5)")
    d.add_argument("--out", help="folder for logs (default: a new folder under /tmp)")
    d.set_defaults(func=demo)
    p = sub.add_parser("pingall", help="OFC + Mininet network, pingall, print the flow tables",
                       description="Start the OFC, build a network, pingall, print each "
                       "switch's flow table from the OFC REST API, clean up.")
    p.add_argument("--topo", default="tree,2,2",
                   help="topology like mn --topo: %s (default tree,2,2)" % ", ".join(
                       "%s,%s" % (k, ",".join(v[1])) for k, v in sorted(TOPOS.items())))
    p.add_argument("--jar", default=ofc_jar(), help="OFC jar (default %(default)s)")
    p.add_argument("--config", help="OFC config file passed as --config")
    p.add_argument("--out", help="folder for logs (default: a new folder under /tmp)")
    p.set_defaults(func=pingall)
    args = parser.parse_args(argv)
    exit_on_sigterm()
    if os.geteuid() != 0:
        parser.error("Mininet and Open vSwitch need root")
    try:
        make_topo(getattr(args, "topo", "single"))
    except ValueError as exc:
        parser.error(str(exc))
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
