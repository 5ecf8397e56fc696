"""Bump-in-the-wire benchmark: echo throughput, CPU per frame and round-trip time of a device under test
(DUT) on one end of a veth pair, beside the C bump in the wire (bitw.c) measured in the same run.

Run as root from anywhere (the Java DUTs need ``mvn -q -DskipTests package`` first)::

    /usr/bin/python3 sidecar-node/bench/bitw_bench.py --java            # C vs the Java AfPacketTransport
    /usr/bin/python3 sidecar-node/bench/bitw_bench.py --dut 'mine=./my-echo {iface}' --reps 5

Method. The C tools (bitw.c, pktblast.c) are built with gcc into a temporary directory. A network
namespace holds one end of a veth pair; the DUT runs on the other end in the root namespace, started by its
command with ``{iface}`` replaced by the interface, and must send every frame back out the interface it
came in on. ``pktblast`` runs in the namespace and, for each DUT:

* readiness: a few paced frames until they come back (a JVM needs a moment), then a warm-up of 100k
  frames (JIT compilation, caches);
* throughput at 64 B and 340 B: ``--count`` UDP frames offered as fast as the sender goes (more than any
  DUT here takes); the rate at which echoes returned is the DUT's frames/s;
* CPU per frame: 64 B frames paced at ``--rate`` (a load every DUT keeps up with); the DUT's processes'
  user + system CPU time (from /proc, the DUT and its descendants) divided by the frames that returned;
  steadier than saturation on a small shared machine, where sender, DUT and softirq work fight for cores;
* latency: 64 B frames at 1000/s, one at a time, median and 99th percentile round trip.

Every DUT is run ``--reps`` times, in a rotated order; the table shows medians, and each DUT's ratio to
its C baseline (``bitw``; ``bitw --netmonitor`` for DUTs whose label says netmonitor): throughput DUT/C,
CPU C/DUT (so 1.0 means as cheap as C and lower is worse), latency DUT/C.

The DUTs: ``c-bitw`` and ``c-bitw+netmonitor`` always; ``--java`` adds ``java-echo`` and
``java-echo+netmonitor`` (org.netserv.sidecar.io.EchoBench, AfPacketTransport with the same loop and the
same parse-and-count); ``--dut [LABEL=]COMMAND`` adds any other (repeatable).

Cleanup: every process is started by this script and stopped by its PID; the namespace, the veth pair and
the temporary directory are removed in ``finally``, also after Ctrl-C or SIGTERM.
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(BENCH))
JAR = os.path.join(REPO, "sidecar-node", "target", "netserv-sidecar.jar")
TAG = os.getpid() % 100000
NS, OUTER, INNER = "nsbw%d" % TAG, "bwo%d" % TAG, "bwi%d" % TAG
T0 = time.monotonic()


def say(msg):
    print("[%6.1fs] %s" % (time.monotonic() - T0, msg), file=sys.stderr, flush=True)


def sh(cmd, check=True, timeout=120):
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=timeout)


def build_tools(tmp):
    for tool, extra in (("bitw", []), ("pktblast", ["-pthread"])):
        sh(["gcc", "-O2", "-Wall", "-o", os.path.join(tmp, tool), os.path.join(BENCH, tool + ".c")] + extra)


def make_wire():
    sh(["ip", "netns", "add", NS])
    sh(["ip", "link", "add", OUTER, "type", "veth", "peer", "name", INNER])
    sh(["ip", "link", "set", INNER, "netns", NS])
    sh(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % OUTER])
    sh(["ip", "netns", "exec", NS, "sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % INNER])
    sh(["ip", "link", "set", OUTER, "up"])
    sh(["ip", "netns", "exec", NS, "ip", "link", "set", INNER, "up"])


def remove_wire():
    sh(["ip", "link", "del", OUTER], check=False)
    sh(["ip", "netns", "del", NS], check=False)


def blast(tmp, size=64, count=100000, rate=0, latency=False, quiet=0.5):
    cmd = ["ip", "netns", "exec", NS, os.path.join(tmp, "pktblast"), INNER, "--size", str(size),
           "--count", str(count), "--quiet-seconds", str(quiet)]
    if rate:
        cmd += ["--rate", str(rate)]
    if latency:
        cmd += ["--latency"]
    return json.loads(sh(cmd, timeout=300).stdout)


def descendants(pid):
    """pid and every process below it (a DUT command may start children)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids):
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (all threads)
        except (OSError, IndexError):
            pass
    return total / tick


class Dut:
    def __init__(self, name, command, baseline):
        self.name, self.command, self.baseline = name, command, baseline
        self.proc = None

    def start(self, tmp):
        argv = [a.replace("{iface}", OUTER) for a in shlex.split(self.command)]
        self.log = os.path.join(tmp, "dut-%s.log" % self.name.replace("/", "_"))
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s: %s" % (self.name, self.proc.returncode, self.output()))
            if blast(tmp, count=20, rate=1000, quiet=0.2)["received"] >= 15:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("%s echoed nothing within 30 s: %s" % (self.name, self.output()))

    def output(self):
        with open(self.log) as fh:
            return fh.read().strip()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run_dut(tmp, dut, args):
    dut.start(tmp)
    try:
        blast(tmp, size=64, count=100000)  # warm-up
        r = {"fps64": blast(tmp, 64, args.count), "fps340": blast(tmp, 340, args.count)}
        pids = descendants(dut.proc.pid)
        c0 = cpu_seconds(pids)
        paced = blast(tmp, 64, args.rate * args.seconds, rate=args.rate)
        r["cpu_us"] = (cpu_seconds(pids) - c0) * 1e6 / max(1, paced["received"])
        r["paced_lost"] = paced["lost"]
        r["lat"] = blast(tmp, 64, args.latency_count, rate=1000, latency=True)
        return r
    finally:
        dut.stop()
        say("  %s: %s" % (dut.name, dut.output().splitlines()[-1] if dut.output() else "(no output)"))


def med(values):
    return statistics.median(values) if values else float("nan")


def table(duts, results, args):
    def m(name, key):
        return med([key(r) for r in results[name]])

    lines = ["| DUT | 64 B frames/s | 340 B frames/s | CPU µs/frame (64 B at %dk/s) | RTT median µs | RTT p99 µs | baseline |"
             % (args.rate // 1000), "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for d in duts:
        b = d.baseline
        f64, f340 = m(d.name, lambda r: r["fps64"]["returned_fps"]), m(d.name, lambda r: r["fps340"]["returned_fps"])
        cpu, lat, p99 = m(d.name, lambda r: r["cpu_us"]), m(d.name, lambda r: r["lat"]["median_us"]), \
            m(d.name, lambda r: r["lat"]["p99_us"])
        bf64, bf340 = m(b, lambda r: r["fps64"]["returned_fps"]), m(b, lambda r: r["fps340"]["returned_fps"])
        bcpu, blat = m(b, lambda r: r["cpu_us"]), m(b, lambda r: r["lat"]["median_us"])
        lines.append("| %s | %.0fk (%.2f) | %.0fk (%.2f) | %.2f (%.2f) | %.1f (%.2f) | %.0f | %s |" % (
            d.name, f64 / 1e3, f64 / bf64, f340 / 1e3, f340 / bf340, cpu, bcpu / cpu, lat, lat / blat, p99,
            "—" if b == d.name else b))
    return "\n".join(lines)


def parse_dut(spec):
    head = spec.split(" ", 1)[0]
    if "=" in head and not head.startswith("-"):
        name, command = spec.split("=", 1)
    else:
        name, command = os.path.basename(head), spec
    if "{iface}" not in command:
        raise SystemExit("--dut %r: the command needs {iface} where the interface goes" % spec)
    return name, command


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--java", action="store_true", help="also measure the Java transport (EchoBench)")
    p.add_argument("--dut", action="append", default=[], metavar="[LABEL=]COMMAND", help="another DUT")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--count", type=int, default=300000, help="frames per throughput run")
    p.add_argument("--rate", type=int, default=50000, help="paced load of the CPU-per-frame run (frames/s)")
    p.add_argument("--seconds", type=int, default=2, help="length of the CPU-per-frame run")
    p.add_argument("--latency-count", type=int, default=2000, help="frames of the latency run (at 1000/s)")
    p.add_argument("--java-options", default="", help="JVM options for the Java DUTs")
    p.add_argument("--json", help="also write the raw results here")
    args = p.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: raw sockets and network namespaces")

    bitw = "{tmp}/bitw {iface}"
    duts = [Dut("c-bitw", bitw, "c-bitw"), Dut("c-bitw+netmonitor", bitw + " --netmonitor", "c-bitw+netmonitor")]
    if args.java:
        if not os.path.exists(JAR):
            raise SystemExit("%s is missing: run mvn -q -DskipTests package first" % JAR)
        java = "java %s -cp %s org.netserv.sidecar.io.EchoBench --interface {iface}" % (args.java_options, JAR)
        duts += [Dut("java-echo", java, "c-bitw"), Dut("java-echo+netmonitor", java + " --netmonitor", "c-bitw+netmonitor")]
    for spec in args.dut:
        name, command = parse_dut(spec)
        duts.append(Dut(name, command, "c-bitw+netmonitor" if "netmonitor" in name else "c-bitw"))

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks
    tmp = tempfile.mkdtemp(prefix="bitw-bench-")
    results = {d.name: [] for d in duts}
    try:
        build_tools(tmp)
        for d in duts:
            d.command = d.command.replace("{tmp}", tmp)
        make_wire()
        say("wire %s <-> %s (netns %s); %d DUTs x %d reps" % (OUTER, INNER, NS, len(duts), args.reps))
        for rep in range(args.reps):
            order = duts[rep % len(duts):] + duts[:rep % len(duts)]
            for d in order:
                say("rep %d: %s" % (rep + 1, d.name))
                results[d.name].append(run_dut(tmp, d, args))
    finally:
        for d in duts:
            d.stop()
        remove_wire()
        shutil.rmtree(tmp, ignore_errors=True)

    kernel = os.uname().release
    print("Bump in the wire on a veth pair, %d reps, medians; in brackets the ratio to the baseline "
          "(frames/s: DUT/C; CPU: C/DUT; RTT: DUT/C). Kernel %s, %d CPUs, %s.\n"
          % (args.reps, kernel, os.cpu_count(), time.strftime("%Y-%m-%d %H:%M")))
    print(table(duts, results, args))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
