"""Topology benchmark (issue 6): link discovery time, pingall vs ovs-testcontroller, recovery after a link
failure.

Run (root, from ``mininet/``; ``./netserv bench topology`` does this after installing and building)::

    /usr/bin/python3 bench/topology_bench.py [--reps 3] [--quick] [--only discovery|pingall|recovery]

Three parts, each with ``--reps`` repetitions; before each part the script waits until no other benchmark,
Mininet test run, Maven build or OFC runs on this shared machine, and it reports any that started while
it measured. Networks are ``NetservNet`` (Open vSwitch userspace datapath, OpenFlow 1.3); topologies are
``netserv_mn.topos`` specs: ``tree,D,F`` (Mininet's tree: depth D, fanout F, hosts at the leaves; no
loops), ``leafspine,S,L,H`` (S spines, L leaves, every leaf cabled to every spine, H hosts a leaf) and
``fattree,C,P,H`` (C core switches, P pods of 2 aggregation + 2 edge switches, aggregation cabled to every
core and to both edges of its pod, H hosts an edge switch).

1. *Discovery.* Per round a fresh OFC (``topology.probeIntervalMs`` from ``--probe-ms``, ``linkTimeoutMs``
   3.5 times that, the defaults' proportion) and then a fresh network. From the moment ``net.start()`` is
   called a thread polls ``GET /api/v1/switches`` and ``GET /api/v1/links`` every 20 ms and keeps every
   change. The real cable set is read from Mininet (both directions of every switch-to-switch cable, as
   ``(dpid, port) -> (dpid, port)``). Figures: time from the moment the OFC listed the last switch (its
   handshake done) to the first poll at which ``/links`` equals the real set, exactly; and the same from
   ``net.start()`` (includes Mininet building the bridges, ~100 ms a switch). Resolution: the poll
   interval plus a REST round trip. The OFC probes every port of every switch when a switch becomes ready
   and then every probe interval, so the first figure should be well under one probe interval; it is
   also given as a fraction of the interval.
2. *Pingall.* Trees of depth 2 with 16, 36 and 64 hosts (5, 7 and 9 switches; ``--quick``: 9 and 16
   hosts): ovs-testcontroller accepts at most 16 switches, so a deeper 64-host tree (21 switches) would
   leave the baseline out. Two controllers run for the whole
   part: the NetServ OFC (defaults) and Open vSwitch's learning switch ``ovs-testcontroller -O OpenFlow13
   --max-idle=10`` (a tree has no loops, so a plain learning switch works). Per repetition and topology
   one fresh network per controller, the order alternating (A B, B A, ...); one uncounted warm-up round
   per controller on the smallest tree first (JIT, page cache). Both wait until the switches are
   connected and the datapath's 2 s settle time after start has passed; with the OFC also until
   ``/links`` shows the whole tree (its flood tree is built from it; that wait is reported, and is about
   0 s). Then a *cold full-mesh pingall* is timed: every ordered host pair, one ``ping -c1 -W1``, in
   Mininet's ``pingAll`` order (source by source), each source's pings run by one shell loop in its host
   (one ``cmd()`` a source, so Mininet's per-command overhead is the same small share for both). ARP
   caches are empty and no flow exists, so every pair's first packets go through the controller. Figure:
   seconds for the whole mesh, the ratio ours/baseline, and the loss (should be 0 %).
3. *Recovery.* Topologies with redundant paths (``leafspine,2,4,1``; ``fattree,2,2,1``; ``--quick``: the
   first only), the OFC with its defaults, a fresh network per round. A UDP stream (``udpflows``, one flow,
   ``--rate`` packets/s with sequence numbers and send times) runs from the first host to the last (they
   hang off different leaves / pods). After 1.5 s the cable that carries it out of the source's switch is
   found from the veth packet counters (the cable with the stream on it, over 0.5 s), and it fails:
   ``port-down``: ``Mininet.configLinkStatus(a, b, 'down')`` (``ip link set down`` on both ends; Open
   vSwitch sends PORT_STATUS with LINK_DOWN to the controller); ``silent``: both switches drop everything
   arriving on that cable (a table-0 entry ``in_port=P actions=drop`` at priority 65500 with a cookie the
   OFC does not own, added with ``ovs-ofctl``), so the ports stay up and only missing LLDP probes tell (the
   link times out after ``linkTimeoutMs``). The stream runs on until packets reach the destination's
   switch port again, plus 1 s, or ``--recovery-timeout`` seconds. Figures from the receiver: the gap (last
   packet before the failure to the first after), recovery time (failure to the first packet after it),
   packets lost; and from the OFC log when it removed the link (``link PORT_DOWN`` / ``link TIMED_OUT``).
   There is no baseline: ovs-testcontroller cannot run networks with loops.

Results: ``topology_bench.md`` and ``topology_bench.json`` (every sample) in ``--out-dir``, with the
controllers' logs; an SVG plot ``bench-topology.svg`` in ``--plots`` (default docs/img; ``none`` for no
plot). ``--from-json FILE`` writes report and plot again from a saved run. Not a test: nothing here passes
or fails on a figure.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time

MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, MININET_DIR)  # mininet/ (never the repo root)

from benchlib import HeavyWatch, ensure_matplotlib, fmt, machine_line, med, ratio, spread, wait_quiet  # noqa: E402
from netserv_mn.net import NetservNet, parse_ping  # noqa: E402
from netserv_mn.ofc import REPO_ROOT, OfcProcess, TestControllerProcess, dpid_str, ofc_jar  # noqa: E402
from netserv_mn.steering import HostJob, log_event_epoch  # noqa: E402
from netserv_mn.topos import make_topo  # noqa: E402
from netserv_mn.util import Progress, exit_on_sigterm, run, wait_until  # noqa: E402

OURS, BASE = "netserv-ofc", "ovs-testcontroller"
PARTS = ("discovery", "pingall", "recovery")
TOPOS = {
    "full": {"discovery": ["tree,2,4", "tree,2,6", "tree,3,4", "leafspine,2,4,2", "fattree,2,2,2"],
             # depth 2 keeps the 64-host tree at 9 switches: ovs-testcontroller serves at most 16 (MAX_SWITCHES)
             "pingall": ["tree,2,4", "tree,2,6", "tree,2,8"],
             "recovery": ["leafspine,2,4,1", "fattree,2,2,1"]},
    "quick": {"discovery": ["tree,2,4", "leafspine,2,4,2"],
              "pingall": ["tree,2,3", "tree,2,4"],
              "recovery": ["leafspine,2,4,1"]},
}
FAILURES = ("port-down", "silent")
UDP_PORT = 5099
DROP_COOKIE = "0x0000d20700000000"  # no 0x4e53 marker: the OFC leaves the entry alone
POLL_S = 0.02
DEFAULT_PROBE_MS = 1000


# ---- the network as Mininet built it --------------------------------------------------------------------
def cables(net):
    """Switch-to-switch cables of a started ``NetservNet``: ``[(intf a, intf b)]`` (Mininet interfaces)."""
    switches = set(net.switches)
    return [(l.intf1, l.intf2) for l in net.net.links if l.intf1.node in switches and l.intf2.node in switches]


def end(intf):
    return dpid_str(int(intf.node.dpid, 16)), intf.node.ports[intf]


def sys_counter(intf, name):
    """A root-namespace interface's packet counter from sysfs (switch ports live in the root namespace)."""
    with open("/sys/class/net/%s/statistics/%s" % (intf, name)) as fh:
        return int(fh.read())


def host_port(host):
    """The switch-side interface of a host's only cable."""
    link = host.intfList()[0].link
    return link.intf2 if link.intf1.node is host else link.intf1


class LinkWatch(threading.Thread):
    """Polls ``/switches`` and ``/links`` every ``POLL_S`` and keeps ``[(monotonic, switches, links)]`` for
    every change."""

    def __init__(self, ofc):
        super().__init__(daemon=True)
        self.ofc = ofc
        self.samples = []
        self.errors = 0
        self._halt = threading.Event()

    def run(self):
        last = None
        while not self._halt.is_set():
            try:
                links = frozenset(self.ofc.link_set())  # first: a sample's switch count is never older than its links
                nsw = len(self.ofc.switches())
            except Exception:  # pylint: disable=broad-except
                self.errors += 1  # not up yet, or busy: the next poll tells
            else:
                if (nsw, links) != last:
                    self.samples.append((time.monotonic(), nsw, links))
                    last = (nsw, links)
            self._halt.wait(POLL_S)

    def latest(self):
        return self.samples[-1][2] if self.samples else None

    def first(self, pred):
        return next((t for t, nsw, links in self.samples if pred(nsw, links)), None)

    def stop(self):
        self._halt.set()
        self.join(5)


def ofc_config(out_dir, probe_ms):
    """A config file with the topology module's probe interval (``None``: the defaults)."""
    if probe_ms == DEFAULT_PROBE_MS:
        return None
    path = os.path.join(out_dir, "ofc-probe-%d.yaml" % probe_ms)
    with open(path, "w") as fh:
        fh.write("topology:\n  probeIntervalMs: %d\n  linkTimeoutMs: %d\n" % (probe_ms, int(probe_ms * 3.5)))
    return path


# ---- part 1: discovery ------------------------------------------------------------------------------------
def discovery_round(spec, probe_ms, args, say):
    ofc = OfcProcess(args.out_dir, jar=args.jar, config=ofc_config(args.out_dir, probe_ms),
                     log_name="discovery-ofc.log")
    net, watch = None, None
    try:
        ofc.start()
        watch = LinkWatch(ofc)
        watch.start()
        t0 = time.monotonic()
        net = NetservNet(make_topo(spec), ofc.of_port, ofc=ofc)
        net.start(wait_timeout=60)
        expected = net.real_links()
        nsw = len(net.switches)
        complete = True
        try:
            wait_until(lambda: watch.latest() == expected, args.discovery_timeout, interval=0.05,
                       what="GET /links to equal the %d real links" % len(expected))
        except TimeoutError:
            complete = False
        watch.stop()
        t_first = watch.first(lambda n, _: n >= 1)
        t_all = watch.first(lambda n, _: n >= nsw)
        t_links = watch.first(lambda _, links: links == expected)
        found = watch.latest() or frozenset()
        result = {
            "topo": spec, "probe_ms": probe_ms, "switches": nsw, "hosts": len(net.hosts),
            "cables": len(expected) // 2, "links": len(expected), "complete": complete,
            "found": len(found & expected), "extra": len(found - expected),
            "first_switch_s": t_first - t0 if t_first else None,
            "all_switches_s": t_all - t0 if t_all else None,
            "links_from_start_s": t_links - t0 if t_links else None,
            "links_after_switches_s": (t_links - t_all) if t_links and t_all else None,
            "poll_errors": watch.errors,
        }
        say("  %s: %d switches listed after %s s, all %d links %s s later (%s s after net.start())" % (
            spec, nsw, fmt(result["all_switches_s"], 2), len(expected), fmt(result["links_after_switches_s"], 3),
            fmt(result["links_from_start_s"], 2)) if complete else
            "  %s: INCOMPLETE after %.0f s: %d of %d links, %d extra" % (
                spec, args.discovery_timeout, result["found"], len(expected), result["extra"]))
        return result
    finally:
        if watch is not None:
            watch.stop()
        if net is not None:
            net.stop()
        ofc.stop()


# ---- part 2: pingall ---------------------------------------------------------------------------------------
_PING_BLOCK = re.compile(r"--- ([\d.]+) ping statistics ---\s+(\d+) packets transmitted, (\d+) (?:packets )?received")


def mesh_ping(net, timeout=1):
    """One ``ping -c1`` between every ordered pair of hosts, source by source; ``(sent, received,
    failures)``."""
    sent = received = 0
    failures = []
    for src in net.hosts:
        ips = [dst.IP() for dst in net.hosts if dst is not src]
        out = src.cmd("for ip in %s; do ping -n -q -c1 -W%d $ip; done" % (" ".join(ips), timeout))
        answered = {ip: int(r) for ip, _, r in _PING_BLOCK.findall(out)}
        for ip in ips:
            got = answered.get(ip, 0)
            sent, received = sent + 1, received + min(got, 1)
            if not got:
                failures.append((src.IP(), ip))
    return sent, received, failures


def pingall_round(spec, name, controller, say):
    ofc = controller if isinstance(controller, OfcProcess) else None
    net = NetservNet(make_topo(spec), controller.of_port, ofc=ofc)
    t0 = time.monotonic()
    net.start(wait_timeout=60)
    try:
        links_wait = None
        if ofc is not None:
            expected = net.real_links()
            started = time.monotonic()
            wait_until(lambda: ofc.link_set() == expected, 30, interval=0.05, what="the OFC to find the tree")
            links_wait = time.monotonic() - started
        ready = time.monotonic() - t0
        started = time.monotonic()
        sent, received, failures = mesh_ping(net)
        seconds = time.monotonic() - started
    finally:
        net.stop()
    loss = 100.0 * (sent - received) / sent if sent else None
    say("  %s on %s: %d pings in %.2f s, loss %.2f %%%s" % (
        name, spec, sent, seconds, loss, (" (failed: %s)" % failures[:5]) if failures else ""))
    return {"topo": spec, "controller": name, "hosts": len(make_topo(spec).hosts()), "pings": sent,
            "received": received, "loss_pct": loss, "failures": failures[:20], "seconds": seconds,
            "ready_s": ready, "links_wait_s": links_wait}


# ---- part 3: recovery --------------------------------------------------------------------------------------
def active_cable(net, src_switch, rate, window=0.5):
    """The cables with the stream on them (``[(intf a, intf b, packets sent a->b, b->a)]``) and the one
    leaving ``src_switch``."""
    pairs = cables(net)

    def counts():
        return [(sys_counter(a.name, "tx_packets"), sys_counter(b.name, "tx_packets")) for a, b in pairs]
    before = counts()
    time.sleep(window)
    after = counts()
    busy = []
    for (a, b), (a0, b0), (a1, b1) in zip(pairs, before, after):
        if max(a1 - a0, b1 - b0) >= 0.5 * rate * window:
            busy.append((a, b, a1 - a0, b1 - b0))
    first = [c for c in busy if src_switch in (c[0].node, c[1].node)]
    return busy, (first[0] if first else None)


def fail_cable(net, a, b, mode):
    if mode == "port-down":
        net.net.configLinkStatus(a.node.name, b.node.name, "down")
        return
    for intf in (a, b):
        run(["ovs-ofctl", "-O", "OpenFlow13", "add-flow", intf.node.name,
             "cookie=%s,table=0,priority=65500,in_port=%d,actions=drop" % (DROP_COOKIE, intf.node.ports[intf])])


def recovery_round(spec, mode, rep, ofc, args, say):
    net = NetservNet(make_topo(spec), ofc.of_port, ofc=ofc)
    net.start(wait_timeout=60)
    send = recv = None
    tag = "recovery-%s-%s-%d" % (spec.replace(",", "_"), mode, rep)
    result = {"topo": spec, "mode": mode, "rep": rep, "rate": args.rate, "timeout_s": args.recovery_timeout}
    try:
        expected = net.real_links()
        wait_until(lambda: ofc.link_set() == expected, 30, interval=0.05, what="the OFC to find every link")
        src, dst = net.hosts[0], net.hosts[-1]
        parse_ping(src.cmd("ping -n -c3 -i0.2 -W1 %s" % dst.IP()), 3)  # ARP and learning, before the stream
        ready = os.path.join(args.out_dir, tag + ".ready")
        if os.path.exists(ready):
            os.remove(ready)
        total = 2.5 + args.recovery_timeout + 3
        recv = HostJob(dst, ["recv", "--ports", str(UDP_PORT), "--duration", str(total + 5), "--gap-threshold",
                             "0.02", "--ready", ready, "--out", os.path.join(args.out_dir, tag + "-recv.json")],
                       os.path.join(args.out_dir, tag + "-recv.json"), os.path.join(args.out_dir, tag + "-recv.log"))
        wait_until(lambda: os.path.exists(ready), 10, what="the receiver to bind")
        send = HostJob(src, ["send", "--dst", dst.IP(), "--port", str(UDP_PORT), "--rate", str(args.rate),
                             "--duration", str(total), "--out", os.path.join(args.out_dir, tag + "-send.json")],
                       os.path.join(args.out_dir, tag + "-send.json"), os.path.join(args.out_dir, tag + "-send.log"))
        time.sleep(1.5)
        busy, cable = active_cable(net, host_port(src).node, args.rate)
        result["path"] = ["%s-%s" % (a.name, b.name) for a, b, _, _ in busy]
        if cable is None:
            result["error"] = "no cable out of %s carries the stream" % host_port(src).node.name
            say("  %s %s rep %d: %s" % (spec, mode, rep, result["error"]))
            return result
        a, b = cable[0], cable[1]
        result["failed"] = "%s-%s" % (a.name, b.name)
        exit_port = host_port(dst).name
        t_fail = time.time()
        fail_cable(net, a, b, mode)
        failed_at = sys_counter(exit_port, "tx_packets")
        result["fail_epoch"] = t_fail
        recovered_at = None
        while time.time() - t_fail < args.recovery_timeout:
            if sys_counter(exit_port, "tx_packets") - failed_at >= 20:
                recovered_at = time.time()
                break
            time.sleep(0.01)
        if recovered_at:
            time.sleep(1.0)
        sent = send.stop()
        time.sleep(0.3)
        got = recv.stop()
        result.update(analyse(sent, got, t_fail, recovered_at is not None))
        ends = [end(a), end(b)]
        pattern = r"link (PORT_DOWN|TIMED_OUT) (%s)" % "|".join(re.escape("%s/%d->" % e) for e in ends)
        seen = log_event_epoch(ofc.log_path, pattern, t_fail - 0.002)
        result["ofc_removed_link_s"] = seen - t_fail if seen else None
        say("  %s %s rep %d: cable %s failed; %s; gap %s s, recovery %s s, %s packets lost; OFC removed the "
            "link after %s s" % (spec, mode, rep, result["failed"],
                                  "recovered" if result["recovered"] else "NOT recovered within %.0f s" %
                                  args.recovery_timeout, fmt(result["gap_s"], 3), fmt(result["recovery_s"], 3),
                                  result["lost"], fmt(result["ofc_removed_link_s"], 3)))
        return result
    finally:
        for job in (send, recv):
            if job is not None and job.alive():
                job.stop()
        net.stop()


def analyse(sent, got, t_fail, recovered):
    """Gap, recovery time and loss of one failure from the sender's and receiver's summaries."""
    out = {"sent": sent["sent"] if sent else None, "received": got["packets"] if got else None,
           "recovered": False, "gap_s": None, "recovery_s": None, "lost": None}
    if not sent or not got or not got["per_flow"]:
        out["error"] = "no summary from the sender or receiver"
        return out
    flow = got["per_flow"][0]
    out["lost"] = sent["sent"] - flow["unique"]
    after = flow["last_epoch"] is not None and flow["last_epoch"] > t_fail + 0.05
    # the gap that spans the failure: the longest one, or one of those listed above the threshold
    spans = [(start, length) for start, length in flow["gaps"] if start <= t_fail + 0.05 <= start + length + 0.05]
    if flow["max_gap_end_epoch"] and flow["max_gap_end_epoch"] - flow["max_gap"] <= t_fail + 0.05 \
            <= flow["max_gap_end_epoch"] + 0.05:
        spans.append((flow["max_gap_end_epoch"] - flow["max_gap"], flow["max_gap"]))
    if recovered and after:
        out["recovered"] = True
        if spans:
            start, length = max(spans, key=lambda s: s[1])
            out["gap_s"], out["recovery_s"] = length, start + length - t_fail
        else:
            out["gap_s"] = out["recovery_s"] = 0.0  # no gap above 20 ms around the failure
    else:
        last = flow["last_epoch"] or t_fail
        out["gap_s"] = sent["ended_epoch"] - last  # a lower bound: nothing came back before the sender stopped
    return out


# ---- report ------------------------------------------------------------------------------------------------
def groups(rows, *fields):
    """``{(values of fields): [rows]}`` in the order the keys first occur."""
    out = {}
    for r in rows:
        out.setdefault(tuple(r[f] for f in fields), []).append(r)
    return out


def loss_pct(rows):
    pings = sum(r["pings"] for r in rows)
    return 100.0 * sum(r["pings"] - r["received"] for r in rows) / pings if pings else None


def summarize(results):
    out = {"discovery": [], "pingall": [], "recovery": []}
    for (topo, probe), rows in groups(results.get("discovery", []), "topo", "probe_ms").items():
        after = [r["links_after_switches_s"] for r in rows]
        out["discovery"].append({
            "topo": topo, "probe_ms": probe, "switches": rows[0]["switches"], "hosts": rows[0]["hosts"],
            "cables": rows[0]["cables"], "links": rows[0]["links"], "reps": len(rows),
            "complete": sum(1 for r in rows if r["complete"]),
            "after_switches_s": med(after), "after_switches_range": spread(after),
            "from_start_s": med([r["links_from_start_s"] for r in rows]),
            "all_switches_s": med([r["all_switches_s"] for r in rows]),
            "per_interval": ratio(med(after), probe / 1000.0)})
    for (topo,), both in groups(results.get("pingall", []), "topo").items():
        rows = {n: [r for r in both if r["controller"] == n] for n in (OURS, BASE)}
        ours, base = med([r["seconds"] for r in rows[OURS]]), med([r["seconds"] for r in rows[BASE]])
        out["pingall"].append({
            "topo": topo, "hosts": (rows[OURS] or rows[BASE])[0]["hosts"], "pings": (rows[OURS] or rows[BASE])[0]["pings"],
            "reps": min(len(rows[OURS]), len(rows[BASE])), "ours_s": ours, "base_s": base, "ratio": ratio(ours, base),
            "ours_range": spread([r["seconds"] for r in rows[OURS]]),
            "base_range": spread([r["seconds"] for r in rows[BASE]]),
            "ours_loss_pct": loss_pct(rows[OURS]), "base_loss_pct": loss_pct(rows[BASE]),
            "ours_ms_per_ping": 1000.0 * ours / rows[OURS][0]["pings"] if ours else None,
            "base_ms_per_ping": 1000.0 * base / rows[BASE][0]["pings"] if base else None,
            "links_wait_s": med([r["links_wait_s"] for r in rows[OURS]])})
    for (topo, mode), rows in groups(results.get("recovery", []), "topo", "mode").items():
        ok = [r for r in rows if r.get("recovered")]
        out["recovery"].append({
            "topo": topo, "mode": mode, "reps": len(rows), "recovered": len(ok),
            "gap_s": med([r["gap_s"] for r in ok]), "recovery_s": med([r["recovery_s"] for r in ok]),
            "gap_range": spread([r["gap_s"] for r in ok]),
            "lost": med([r["lost"] for r in ok]),
            "unrecovered_gap_s": med([r.get("gap_s") for r in rows if not r.get("recovered")]),
            "ofc_removed_link_s": med([r.get("ofc_removed_link_s") for r in rows]),
            "errors": [r["error"] for r in rows if r.get("error")]})
    return out


def report(results, summary, meta):
    lines = ["# Topology benchmark: discovery, pingall vs ovs-testcontroller, recovery after a link failure", "",
             "- date: %s; code: %s" % (meta["date"], meta["head"]),
             "- machine: %s" % meta["machine"],
             "- command: `%s`" % meta["command"],
             "- %d repetitions; parts: %s; took %.0f s" % (meta["reps"], ", ".join(meta["parts"]), meta["seconds"]),
             "- other heavy work seen while measuring: %s" % (meta.get("heavy") or "none"),
             "- method: see the docstring of `mininet/bench/topology_bench.py`", ""]
    if summary["discovery"]:
        lines += ["## Discovery: `GET /links` equal to the real cables (both directions)", "",
                  "| topology | switches | hosts | cables (links) | probe interval | after the last switch connected (median, range) | share of the interval | from net.start() | last switch listed after | complete |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for s in summary["discovery"]:
            lo, hi = s["after_switches_range"]
            lines.append("| %s | %d | %d | %d (%d) | %d ms | **%s s** (%s-%s) | %s | %s s | %s s | %d/%d |" % (
                s["topo"], s["switches"], s["hosts"], s["cables"], s["links"], s["probe_ms"],
                fmt(s["after_switches_s"], 3), fmt(lo, 3), fmt(hi, 3), fmt(s["per_interval"], 2),
                fmt(s["from_start_s"], 2), fmt(s["all_switches_s"], 2), s["complete"], s["reps"]))
        lines.append("")
    if summary["pingall"]:
        lines += ["## Cold full-mesh pingall: %s vs %s" % (OURS, BASE), "",
                  "| topology | hosts | pings | %s (median, range) | %s (median, range) | ratio ours/baseline | ms per ping ours / baseline | loss ours / baseline | OFC's wait for /links |" % (OURS, BASE),
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for s in summary["pingall"]:
            lines.append("| %s | %d | %d | %s s (%s-%s) | %s s (%s-%s) | **%s** | %s / %s | %s %% / %s %% | %s s |" % (
                s["topo"], s["hosts"], s["pings"], fmt(s["ours_s"], 2), fmt(s["ours_range"][0], 2),
                fmt(s["ours_range"][1], 2), fmt(s["base_s"], 2), fmt(s["base_range"][0], 2), fmt(s["base_range"][1], 2),
                fmt(s["ratio"], 2), fmt(s["ours_ms_per_ping"], 2), fmt(s["base_ms_per_ping"], 2),
                fmt(s["ours_loss_pct"], 2), fmt(s["base_loss_pct"], 2), fmt(s["links_wait_s"], 2)))
        lines.append("")
    if summary["recovery"]:
        lines += ["## Recovery after a link failure on the active path (UDP stream, %s packets/s)" % meta["rate"], "",
                  "| topology | failure | recovered | gap (median, range) | failure to first packet after | packets lost | OFC removed the link after | not recovered: gap at least |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for s in summary["recovery"]:
            lo, hi = s["gap_range"]
            lines.append("| %s | %s | %d/%d | %s s (%s-%s) | %s s | %s | %s s | %s |" % (
                s["topo"], s["mode"], s["recovered"], s["reps"], fmt(s["gap_s"], 3), fmt(lo, 3), fmt(hi, 3),
                fmt(s["recovery_s"], 3), fmt(s["lost"], 0), fmt(s["ofc_removed_link_s"], 3),
                ("%s s" % fmt(s["unrecovered_gap_s"], 1)) if s["recovered"] < s["reps"] else "-"))
            for e in s["errors"]:
                lines.append("|  | error: %s | | | | | | |" % e)
        lines += ["", "Per round:", "", "| topology | failure | rep | path (cables with the stream) | failed | recovered | gap s | lost |",
                  "| --- | --- | ---: | --- | --- | --- | ---: | ---: |"]
        for r in results["recovery"]:
            lines.append("| %s | %s | %d | %s | %s | %s | %s | %s |" % (
                r["topo"], r["mode"], r["rep"], " ".join(r.get("path", [])), r.get("failed", "-"),
                "yes" if r.get("recovered") else "no", fmt(r.get("gap_s"), 3), r.get("lost", "n/a")))
        lines.append("")
    return "\n".join(lines) + "\n"


def plot(summary, results, path, say):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    matplotlib.rcParams.update({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "netserv"})
    panels = [p for p in PARTS if summary[p]]
    if not panels:
        return
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.6), squeeze=False)
    for ax, part in zip(axes[0], panels):
        if part == "discovery":
            rows = summary["discovery"]
            labels = ["%s\n%d sw, %d links" % (s["topo"], s["switches"], s["links"]) for s in rows]
            ax.bar(range(len(rows)), [1000 * (s["after_switches_s"] or 0) for s in rows], color="#4c72b0")
            for i, s in enumerate(rows):
                pts = [r["links_after_switches_s"] for r in results["discovery"]
                       if r["topo"] == s["topo"] and r["probe_ms"] == s["probe_ms"] and r["links_after_switches_s"] is not None]
                ax.plot([i] * len(pts), [1000 * p for p in pts], "k.", ms=4)
            ax.set_xticks(range(len(rows)), labels, rotation=30, ha="right", fontsize=7)
            ax.set_ylabel("ms after the last switch connected")
            ax.set_title("all links found (probe interval %s ms)" % "/".join(sorted({str(s["probe_ms"]) for s in rows})))
        elif part == "pingall":
            rows = summary["pingall"]
            xs = range(len(rows))
            ax.bar([x - 0.2 for x in xs], [s["ours_s"] or 0 for s in rows], 0.4, label=OURS, color="#4c72b0")
            ax.bar([x + 0.2 for x in xs], [s["base_s"] or 0 for s in rows], 0.4, label=BASE, color="#dd8452")
            for x, s in zip(xs, rows):
                ax.text(x, max(s["ours_s"] or 0, s["base_s"] or 0), "x%s" % fmt(s["ratio"], 2), ha="center",
                        va="bottom", fontsize=7)
            ax.set_xticks(list(xs), ["%d hosts" % s["hosts"] for s in rows])
            ax.set_ylabel("seconds for a cold full-mesh pingall")
            ax.set_title("pingall on trees")
            ax.legend(fontsize=7)
        else:
            rows = summary["recovery"]
            vals = [(s["gap_s"] if s["recovered"] else (s["unrecovered_gap_s"] or 0)) for s in rows]
            colors = ["#55a868" if s["recovered"] == s["reps"] else "#c44e52" for s in rows]
            ax.bar(range(len(rows)), vals, color=colors)
            for i, s in enumerate(rows):
                ax.text(i, vals[i], "%d/%d recovered" % (s["recovered"], s["reps"]), ha="center", va="bottom", fontsize=7)
            ax.set_xticks(range(len(rows)), ["%s\n%s" % (s["topo"], s["mode"]) for s in rows], fontsize=7)
            ax.set_ylabel("seconds without packets")
            ax.set_title("link failure on the active path")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    say("plot written to %s" % path)


# ---- main -------------------------------------------------------------------------------------------------
def write_outputs(results, meta, args, say):
    summary = summarize(results)
    text = report(results, summary, meta)
    with open(os.path.join(args.out_dir, "topology_bench.md"), "w") as fh:
        fh.write(text)
    if args.plots != "none" and ensure_matplotlib(say):
        os.makedirs(args.plots, exist_ok=True)
        plot(summary, results, os.path.join(args.plots, "bench-topology.svg"), say)
    print()
    print(text)


def run_part(part, args, results, say):
    topos = TOPOS["quick" if args.quick else "full"][part]
    if part == "discovery":
        for rep in range(args.reps):
            for probe in args.probe_ms:
                for spec in topos:
                    say("discovery, repetition %d/%d, %s, probes every %d ms" % (rep + 1, args.reps, spec, probe))
                    results["discovery"].append(discovery_round(spec, probe, args, say))
    elif part == "pingall":
        ours = OfcProcess(args.out_dir, jar=args.jar, log_name="pingall-ofc.log")
        base = TestControllerProcess(args.out_dir, max_idle=10, log_name="pingall-testcontroller.log")
        controllers = {OURS: ours, BASE: base}
        try:
            ours.start()
            base.start()
            for name in (OURS, BASE):
                say("pingall warm-up (not counted), %s on %s" % (name, topos[0]))
                pingall_round(topos[0], name, controllers[name], say)
            for rep in range(args.reps):
                for spec in topos:
                    order = [OURS, BASE] if rep % 2 == 0 else [BASE, OURS]
                    for name in order:
                        say("pingall, repetition %d/%d, %s, %s" % (rep + 1, args.reps, spec, name))
                        results["pingall"].append(pingall_round(spec, name, controllers[name], say))
        finally:
            ours.stop()
            base.stop()
    else:
        ofc = OfcProcess(args.out_dir, jar=args.jar, log_name="recovery-ofc.log")
        try:
            ofc.start()
            for rep in range(args.reps):
                for spec in topos:
                    for mode in args.failures:
                        say("recovery, repetition %d/%d, %s, %s" % (rep + 1, args.reps, spec, mode))
                        results["recovery"].append(recovery_round(spec, mode, rep + 1, ofc, args, say))
        finally:
            ofc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3, help="repetitions of every measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="smaller topologies (see the docstring)")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part (may be repeated)")
    parser.add_argument("--probe-ms", default=str(DEFAULT_PROBE_MS),
                        help="discovery: comma-separated topology.probeIntervalMs values (default %(default)s)")
    parser.add_argument("--discovery-timeout", type=float, default=30.0, help="give up on discovery after (s)")
    parser.add_argument("--failures", default=",".join(FAILURES), help="recovery: %s (default both)" % "|".join(FAILURES))
    parser.add_argument("--rate", type=int, default=1000, help="recovery: packets/s of the stream (default 1000)")
    parser.add_argument("--recovery-timeout", type=float, default=15.0, help="recovery: wait this long (s)")
    parser.add_argument("--max-wait", type=float, default=1800, help="wait at most this long for other heavy work (s)")
    parser.add_argument("--jar", default=ofc_jar(), help="OFC jar (default %(default)s)")
    parser.add_argument("--out-dir", default="/tmp/netserv-bench/topology", help="report, JSON and logs")
    parser.add_argument("--plots", default=os.path.join(REPO_ROOT, "docs", "img"), help="plot folder, or none")
    parser.add_argument("--from-json", help="write report and plot again from a saved topology_bench.json")
    args = parser.parse_args()
    args.probe_ms = [int(x) for x in args.probe_ms.split(",") if x.strip()]
    args.failures = [x.strip() for x in args.failures.split(",") if x.strip()]
    if any(f not in FAILURES for f in args.failures):
        parser.error("--failures takes %s" % ", ".join(FAILURES))
    os.makedirs(args.out_dir, exist_ok=True)
    if args.from_json:
        with open(args.from_json) as fh:
            saved = json.load(fh)
        write_outputs(saved["results"], saved["meta"], args, print)
        return 0
    exit_on_sigterm()
    if os.geteuid() != 0:
        parser.error("Mininet and Open vSwitch need root")
    parts = [p for p in PARTS if not args.only or p in args.only]
    say = Progress()
    meta = {"command": " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv), "machine": machine_line(),
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "head": run(["git", "-C", REPO_ROOT, "log", "-1", "--format=%h %cd", "--date=iso"], check=False).strip(),
            "reps": args.reps, "parts": parts, "rate": args.rate, "quick": args.quick, "heavy": []}
    for name in os.listdir(args.out_dir):  # logs and samples of an earlier run
        if name.endswith((".log", ".json", ".ready", ".yaml")):
            os.remove(os.path.join(args.out_dir, name))
    results = {p: [] for p in PARTS}
    started = time.monotonic()
    try:
        for part in parts:
            wait_quiet(say, args.max_wait, "the %s part" % part)
            watch = HeavyWatch()
            watch.start()
            try:
                run_part(part, args, results, say)
            finally:
                seen = watch.stop()
                if seen:
                    meta["heavy"].append("%s: %s" % (part, seen[:3]))
                    say("WARNING: other heavy work ran during the %s part: %s" % (part, seen[:3]))
    finally:
        meta["seconds"] = time.monotonic() - started
        with open(os.path.join(args.out_dir, "topology_bench.json"), "w") as fh:
            json.dump({"meta": meta, "results": results}, fh, indent=1, sort_keys=True, default=str)
    write_outputs(results, meta, args, say)
    say("report: %s" % os.path.join(args.out_dir, "topology_bench.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
