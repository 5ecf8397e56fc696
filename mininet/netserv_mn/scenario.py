"""Scenario runner: ``/usr/bin/python3 -m netserv_mn.scenario <scenario> [options]`` (from mininet/).

Scenarios:
  demo   start the OFC, build a Mininet network (default ``tree,2,2``), pingall, print every
         switch's flow table as the OFC reports it (REST), then clean everything up.

Everything started here is stopped by PID in ``finally``; logs stay in the output folder.
"""

import argparse
import os
import sys
import tempfile

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


def demo(args):
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


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m netserv_mn.scenario", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="scenario", metavar="SCENARIO", required=True)
    p = sub.add_parser("demo", help="OFC + Mininet network, pingall, print the flow tables",
                       description="Start the OFC, build a network, pingall, print each "
                       "switch's flow table from the OFC REST API, clean up.")
    p.add_argument("--topo", default="tree,2,2",
                   help="topology like mn --topo: %s (default tree,2,2)" % ", ".join(
                       "%s,%s" % (k, ",".join(v[1])) for k, v in sorted(TOPOS.items())))
    p.add_argument("--jar", default=ofc_jar(), help="OFC jar (default %(default)s)")
    p.add_argument("--config", help="OFC config file passed as --config")
    p.add_argument("--out", help="folder for logs (default: a new folder under /tmp)")
    p.set_defaults(func=demo)
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
