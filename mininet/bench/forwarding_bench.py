"""Forwarding benchmark: NetServ OFC vs ovs-testcontroller on the same Mininet topology.

Run (root, from ``mininet/``)::

    /usr/bin/python3 bench/forwarding_bench.py [--topo linear,2,4] [--reps 5] [--flows 3000]

Both controllers run for the whole benchmark on free ports: our OFC (``java -jar
netserv-ofc.jar``) and Open vSwitch's learning switch ``ovs-testcontroller -O OpenFlow13
--max-idle=10 ptcp:PORT:127.0.0.1``. Each repetition builds a fresh network (same topology, same
MACs and IPs) once for each controller, alternating which goes first (A B, B A, ...) so slow
drift of this shared 2-core machine hits both alike; one warm-up round per controller (JIT, page
cache) is run first and not counted. Results are medians over repetitions, and the ratio
ours/baseline, because absolute numbers on this machine mean little (DESIGN.md: report ratios).

What is measured, per round:

* First-packet latency: host pairs that have never talked (split the hosts in two halves, pair
  hK with hK+n/2; on linear,2,4 every pair crosses both switches), empty ARP caches, no flows
  for them yet. The RTT of a single ``ping -c1`` includes the ARP request (flooded via the
  controller), the ARP reply, the echo request and the echo reply, each a PacketIn that the
  controller answers with a PacketOut and, when the destination is known, a FlowMod. The
  *steady* RTT is the median of 10 more pings on the same pair once the flows exist; the
  difference (first - steady) is the controller's share.
* Flow setup rate: a raw-socket sender in the first host (``rawflood.py``) sends frames from N
  distinct source MACs (02:5e:00:..) to the second host, on the same switch, whose MAC the
  controller has already learned (a ping first). Each new source is a PacketIn and should
  become one flow (the OFC matches in_port/eth_src/eth_dst, ovs-testcontroller the exact
  header; either way one flow per source). The frames are resent round-robin at ``--rate``
  frames/s because OVS drops PacketIns when ~100 are queued, like real retransmitting traffic
  would. We poll ``ovs-ofctl dump-aggregate`` on the switch (every 20 ms) for flows with such a
  source and record the time from the first frame until all N exist: rate = N / that time.
  The receiver also records when it has seen a frame from every source (via PacketOut or flow).
  The offered rate must exceed what a controller can do, or it measures the sender: the
  report shows the rate the sender achieved beside the result. N stays below both controllers'
  MAC-table limits (ovs-testcontroller: OVS mac-learning, 8192 entries; the OFC's forwarding
  module: 10000 per switch by default), or one of them would start evicting or refusing to learn.

Not measured: anything with more than one switch setting up flows at once, and CPU use.
Flows idle out after 10 s with both controllers; the sender refreshes every source each round
(N / rate seconds), so none idles out while a round runs.
"""

import argparse
import datetime
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # mininet/ (never the repo root)

from netserv_mn.net import NetservNet, parse_ping  # noqa: E402
from netserv_mn.ofc import OfcProcess, TestControllerProcess, ofc_jar  # noqa: E402
from netserv_mn.topos import make_topo  # noqa: E402
from netserv_mn.util import Progress, exit_on_sigterm, run, stop_process  # noqa: E402

RAWFLOOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rawflood.py")
OURS, BASE = "netserv-ofc", "ovs-testcontroller"


def latency_pairs(hosts):
    half = len(hosts) // 2
    return [(hosts[i], hosts[i + half]) for i in range(half)]


def measure_latency(net, say):
    """[(first RTT ms or None if lost, steady median RTT ms)] for each fresh host pair."""
    samples = []
    for src, dst in latency_pairs(net.hosts):
        _, _, first = parse_ping(src.cmd("ping -n -c1 -W2 %s" % dst.IP()), 1)
        _, _, steady = parse_ping(src.cmd("ping -n -c10 -i0.05 -W1 %s" % dst.IP()), 10)
        samples.append((first[0] if first else None, statistics.median(steady) if steady else None))
    say("  first-packet RTTs %s ms" % ", ".join("%.2f" % s[0] if s[0] else "lost" for s in samples))
    return samples


def switch_of(host):
    link = host.intfList()[0].link
    return (link.intf2 if link.intf1.node is host else link.intf1).node


def count_flows(bridge):
    out = run(["ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", bridge,
               "dl_src=02:5e:00:00:00:00/ff:ff:ff:00:00:00"])
    return int(out.split("flow_count=")[1].split()[0])


def measure_flow_setup(net, flows, rate, timeout, say):
    """Time until ``flows`` flows exist for new sources; see the module docstring."""
    sender, receiver = net.hosts[0], net.hosts[1]
    bridge = switch_of(sender).name
    parse_ping(receiver.cmd("ping -n -c1 -W2 %s" % sender.IP()), 1)  # the controller learns both
    base = count_flows(bridge)
    if base:
        raise RuntimeError("%d flows with 02:5e sources before the test on %s" % (base, bridge))
    recv = receiver.popen([sys.executable, RAWFLOOD, "recv", "--iface", receiver.intfList()[0].name,
                           "--count", str(flows), "--timeout", str(timeout + 5)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    send = None
    count, done_at, start = 0, None, None
    try:
        recv.stdout.readline()  # "ready": the raw socket is bound
        send = sender.popen([sys.executable, RAWFLOOD, "send", "--iface", sender.intfList()[0].name,
                             "--dst-mac", receiver.MAC(), "--count", str(flows), "--rate", str(rate),
                             "--duration", str(timeout + 5)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        start = float(send.stdout.readline().split()[1])
        while time.monotonic() - start < timeout:
            count = count_flows(bridge)
            if count >= flows:
                done_at = time.monotonic()
                break
            time.sleep(0.02)
        # The sender keeps going while the receiver collects the last sources (a first packet
        # whose PacketIn OVS dropped arrives with the next round, through the new flow).
        try:
            recv.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
    finally:
        stop_process(send, timeout=5)
        stop_process(recv, timeout=5)
        recv_out, _ = recv.communicate()
        send_out = send.communicate()[0] if send is not None else ""
    stamps = dict(line.split()[:2] for line in recv_out.splitlines() if line.strip())
    sent = [line.split() for line in send_out.splitlines() if line.startswith("sent ")]
    result = {
        "flows_per_s": flows / (done_at - start) if done_at else None,
        "seconds_all_flows": (done_at - start) if done_at else None,
        "seconds_all_received": float(stamps["all"]) - start if "all" in stamps else None,
        "flows_reached": count,
        # "sent <frames> rounds <r> seconds <s>": the rate the sender really managed.
        "offered_fps": int(sent[0][1]) / float(sent[0][5]) if sent and float(sent[0][5]) > 0 else None,
    }
    say("  %d flows in %s s (%s flows/s); receiver saw all sources after %s s; sender managed %s frames/s" % (
        count, fmt(result["seconds_all_flows"], 3), fmt(result["flows_per_s"], 0),
        fmt(result["seconds_all_received"], 3), fmt(result["offered_fps"], 0)))
    return result


def run_round(name, controller, args, say):
    rest = controller if isinstance(controller, OfcProcess) else None
    net = NetservNet(make_topo(args.topo), controller.of_port, ofc=rest)
    say("%s: network %s up..." % (name, args.topo))
    net.start()
    try:
        latency = measure_latency(net, say)
        setup = measure_flow_setup(net, args.flows, args.rate, args.timeout, say)
    finally:
        net.stop()
    firsts = [s[0] for s in latency if s[0] is not None]
    steadies = [s[1] for s in latency if s[1] is not None]
    return {
        "first_rtt_ms": statistics.median(firsts) if firsts else None,
        "steady_rtt_ms": statistics.median(steadies) if steadies else None,
        "first_lost": sum(1 for s in latency if s[0] is None),
        "overhead_ms": (statistics.median(firsts) - statistics.median(steadies)) if firsts and steadies else None,
        **setup,
    }


METRICS = [
    ("first-packet RTT (ms)", "first_rtt_ms", "lower is better", 2),
    ("steady RTT (ms)", "steady_rtt_ms", "data plane only, expect ~1", 3),
    ("first-packet overhead (ms)", "overhead_ms", "lower is better", 2),
    ("flow setup rate (flows/s)", "flows_per_s", "higher is better", 0),
    ("time to all N flows (s)", "seconds_all_flows", "lower is better", 3),
    ("time until receiver saw all N sources (s)", "seconds_all_received", "lower is better", 3),
    ("frames/s the sender achieved", "offered_fps", "same for both, or the rates are not comparable", 0),
]


def fmt(value, digits):
    return "n/a" if value is None else ("%.*f" % (digits, value))


def median_of(rounds, key):
    values = [r[key] for r in rounds if r[key] is not None]
    return statistics.median(values) if values else None


def report(results, args, command, started):
    lines = ["# Forwarding benchmark: netserv-ofc vs ovs-testcontroller", "",
             "- date: %s" % started.strftime("%Y-%m-%d %H:%M:%S %Z").strip(),
             "- machine: %s, %d cores, kernel %s, %s" % (platform.node(), os.cpu_count(), platform.release(),
                                                          run(["ovs-vsctl", "--version"]).splitlines()[0]),
             "- command: `%s`" % command,
             "- topology %s, %d repetitions (+%d warm-up not counted), N=%d flows offered at %d frames/s" % (
                 args.topo, args.reps, args.warmup, args.flows, args.rate),
             "- method: see the docstring of `mininet/bench/forwarding_bench.py`", "",
             "| metric | %s (median) | %s (median) | ratio ours/baseline | note |" % (OURS, BASE),
             "| --- | ---: | ---: | ---: | --- |"]
    for title, key, note, digits in METRICS:
        ours, base = median_of(results[OURS], key), median_of(results[BASE], key)
        ratio = fmt(ours / base, 2) if ours is not None and base else "n/a"
        lines.append("| %s | %s | %s | %s | %s |" % (title, fmt(ours, digits), fmt(base, digits), ratio, note))
    lost = {k: sum(r["first_lost"] for r in v) for k, v in results.items()}
    lines += ["", "First pings lost (no reply within 2 s): %s %d, %s %d." % (OURS, lost[OURS], BASE, lost[BASE]),
              "", "Per repetition:", "",
              "| rep | controller | first RTT ms | steady RTT ms | flows/s | all flows s | all received s |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for name in (OURS, BASE):
        for rep, r in enumerate(results[name], 1):
            lines.append("| %d | %s | %s | %s | %s | %s | %s |" % (
                rep, name, fmt(r["first_rtt_ms"], 2), fmt(r["steady_rtt_ms"], 3), fmt(r["flows_per_s"], 0),
                fmt(r["seconds_all_flows"], 3), fmt(r["seconds_all_received"], 3)))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topo", default="linear,2,4", help="topology (default %(default)s); needs >= 2 hosts")
    parser.add_argument("--reps", type=int, default=7, help="counted repetitions per controller (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds per controller first (default 1)")
    parser.add_argument("--flows", type=int, default=6000,
                        help="N new flows per round (default 6000; keep it below both MAC-table limits)")
    parser.add_argument("--rate", type=int, default=20000, help="frames/s the sender offers (default 20000)")
    parser.add_argument("--timeout", type=float, default=20.0, help="give up on a round after this (s)")
    parser.add_argument("--jar", default=ofc_jar(), help="OFC jar (default %(default)s)")
    parser.add_argument("--out", default="/tmp/netserv-bench/forwarding_bench.md",
                        help="markdown report (default %(default)s); logs go beside it")
    args = parser.parse_args()
    exit_on_sigterm()
    if os.geteuid() != 0:
        parser.error("Mininet and Open vSwitch need root")
    if len(make_topo(args.topo).hosts()) < 2:
        parser.error("the topology needs at least 2 hosts")

    command = " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv)
    started = datetime.datetime.now().astimezone()
    log_dir = os.path.dirname(os.path.abspath(args.out))
    say = Progress()
    os.makedirs(log_dir, exist_ok=True)
    for name in ("bench-ofc.log", "bench-testcontroller.log"):  # ours, from an earlier run
        if os.path.exists(os.path.join(log_dir, name)):
            os.remove(os.path.join(log_dir, name))
    ours = OfcProcess(log_dir, jar=args.jar, log_name="bench-ofc.log")
    base = TestControllerProcess(log_dir, max_idle=10, log_name="bench-testcontroller.log")
    controllers = {OURS: ours, BASE: base}
    results = {OURS: [], BASE: []}
    try:
        say("starting %s and %s..." % (OURS, BASE))
        ours.start()
        base.start()
        say("controllers up: %s OpenFlow port %d, %s port %d" % (OURS, ours.of_port, BASE, base.of_port))
        total = args.warmup + args.reps
        for rnd in range(total):
            order = [OURS, BASE] if rnd % 2 == 0 else [BASE, OURS]
            label = "warm-up %d/%d" % (rnd + 1, args.warmup) if rnd < args.warmup else \
                "repetition %d/%d" % (rnd - args.warmup + 1, args.reps)
            for name in order:
                say("%s, %s" % (label, name))
                result = run_round(name, controllers[name], args, say)
                if rnd >= args.warmup:
                    results[name].append(result)
    finally:
        say("stopping controllers...")
        ours.stop()
        base.stop()
    text = report(results, args, command, started)
    with open(args.out, "w") as fh:
        fh.write(text)
    print()
    print(text)
    say("report written to %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
