"""Sidecar benchmark: frames/s and added latency through one container running NetMonitor, beside the
C bump-in-the-wire (the ceiling of this machine) in the same run; memory per container.

Run as root from the repository root (after ``mvn -q -DskipTests package``)::

    /usr/bin/python3 sidecar-node/bench/sidecar_bench.py [--reps 3] [--count 400000] [--containers 1,10,50]

Method. A network namespace holds one end of a veth pair; the device under test (DUT) runs on the other
end in the root namespace. ``pktblast`` (C, sidecar-node/bench/pktblast.c) offers UDP frames to port 5060
from the namespace as fast as it can, more than any DUT here takes, so each DUT runs flat out. The DUTs:

* ``c-bitw``: ``bitw.c``, recvmmsg/sendmmsg batches of 64 echoing every frame (the ceiling);
* ``c-bitw+netmonitor``: the same with a NetMonitor-like parse-and-count per frame;
* ``java-echo+netmonitor``: ``org.netserv.sidecar.io.EchoBench --netmonitor``, the sidecar's Java transport
  with the same parse-and-count in one plain JVM (no agent, no container, no Felix): the cost of Java alone;
* ``sidecar``: ``netserv-sidecar`` with the NetMonitor bundle installed for one user, filter udp/5060, so
  every frame goes through the agent's kernel filter, the user's container JVM and the module (container
  JVMs with their default options, C1 compiler only);
* ``sidecar-c2``: the same with the C2 compiler enabled in the container (more memory, see below).

Primary metric, CPU per frame: with the sender pinned to CPU 0 and paced at ``--rate`` frames/s (a load
every DUT keeps up with) and the DUT pinned to CPU 1, the DUT's processes' CPU time (user + system, read
from /proc; for the sidecar the agent and its containers) divided by the frames it processed. Its inverse
is what one core of the DUT can take, and the ratio to ``c-bitw`` is the share of the machine's ceiling the
sidecar reaches. On two shared cores this is steadier than saturation throughput, where the sender and the
DUT fight over the CPUs and the sender is as often the limit as the DUT.

Secondary, saturation: the sender unpinned and unpaced, frames the DUT processed per second (counted at
the DUT: bitw's own count, NetMonitor's packet counter) over the send window, and what came back.

Latency: 3000 frames at 1000 frames/s, pinned as above, round-trip time from the sender through the DUT
and back, median and 99th percentile, beside the same through ``c-bitw``. Each repetition runs the DUTs in
a rotated order; medians are reported.

Memory: a sidecar without traffic (``--interface none``) gets NetMonitor installed for 1, then 10, then 50
users (one container each); RSS and PSS (proportional set size: shared pages split between processes) of
each container are read from /proc.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "sidecar-node", "bench")
JAR = os.path.join(REPO, "sidecar-node", "target", "netserv-sidecar.jar")
NETMONITOR = os.path.join(REPO, "sidecar-node", "target", "modules", "netmonitor.jar")
NS, OUTER, INNER = "nsbench%d" % (os.getpid() % 10000), "sbo%d" % (os.getpid() % 10000), "sbi%d" % (os.getpid() % 10000)


def sh(cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, capture_output=True, text=True, **kw)


def say(msg):
    print("[%7.1fs] %s" % (time.monotonic() - T0, msg), flush=True)


def build_tools(tmp):
    for tool, extra in (("bitw", []), ("pktblast", ["-pthread"])):
        sh(["gcc", "-O2", "-Wall", "-o", os.path.join(tmp, tool), os.path.join(BENCH, tool + ".c")] + extra)


def make_wire():
    sh(["ip", "netns", "add", NS])
    sh(["ip", "link", "add", OUTER, "type", "veth", "peer", "name", INNER])
    sh(["ip", "link", "set", INNER, "netns", NS])
    sh(["ip", "link", "set", OUTER, "up"])
    sh(["ip", "netns", "exec", NS, "ip", "link", "set", INNER, "up"])
    sh(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % OUTER])
    sh(["ip", "netns", "exec", NS, "sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % INNER])


def remove_wire():
    sh(["ip", "netns", "del", NS], check=False)
    sh(["ip", "link", "del", OUTER], check=False)


def blast(tmp, size, count, latency=False, rate=0, pin=False):
    cmd = ["ip", "netns", "exec", NS] + (["taskset", "-c", "0"] if pin else []) + [
        os.path.join(tmp, "pktblast"), INNER, "--size", str(size), "--count", str(count)]
    if latency:
        cmd += ["--latency", "--rate", "1000"]
    elif rate:
        cmd += ["--rate", str(rate)]
    return json.loads(sh(cmd, timeout=300).stdout)


def cpu_seconds(pids):
    """User + system CPU seconds of these processes (all their threads) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total / tick


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class CBitw:
    """A bump in the wire that prints "...: N frames in, ..." on SIGTERM: bitw.c, or EchoBench in a JVM."""

    def __init__(self, tmp, netmonitor, pin=False, java=False):
        prog = (["java", "-cp", JAR, "org.netserv.sidecar.io.EchoBench", "--interface", OUTER] if java
                else [os.path.join(tmp, "bitw"), OUTER])
        self.startup = 2.0 if java else 0.5
        self.cmd = (["taskset", "-c", "1"] if pin else []) + prog + (["--netmonitor"] if netmonitor else [])

    def start(self):
        self.proc = subprocess.Popen(self.cmd, stderr=subprocess.PIPE, text=True)
        time.sleep(self.startup)

    def pids(self):
        return [self.proc.pid]

    def after_warm_up(self, frames):
        self.offset = frames

    def processed(self):
        """Stops the process (it prints its counts on exit); the frames it took in after the warm-up."""
        stop(self.proc)
        line = [l for l in self.proc.stderr.read().splitlines() if "frames in" in l][-1]
        return int(line.split(":")[1].split()[0]) - getattr(self, "offset", 0)

    def stop(self):
        stop(self.proc)


class SidecarDut:
    """netserv-sidecar on the wire (or on ``iface="none"``), with NetMonitor installed for user ``bench``."""

    def __init__(self, tmp, jvm_options, pin=False, iface=None, install=True):
        self.tmp = tmp
        self.jvm_options = jvm_options
        self.pin = pin
        self.iface = iface or OUTER
        self.install = install
        self.port = 18300 + os.getpid() % 1000

    def pids(self):
        return [self.proc.pid] + list(self.api("GET", "health")["containers"].values())

    def api(self, method, path, body=None):
        req = urllib.request.Request("http://127.0.0.1:%d/api/v1/%s" % (self.port, path), method=method,
                                     data=json.dumps(body).encode() if body else None)
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())

    def start(self):
        cfg = os.path.join(self.tmp, "sidecar.yaml")
        with open(cfg, "w") as fh:
            fh.write("containers:\n  jvmOptions: %s\n" % json.dumps(self.jvm_options))
        self.sandbox = tempfile.mkdtemp(dir=self.tmp)
        self.proc = subprocess.Popen((["taskset", "-c", "1"] if self.pin else []) + ["java", "-jar", JAR, "--id", "bench", "--interface", self.iface, "--admin-port",
                                      str(self.port), "--admin-bind", "127.0.0.1", "--config", cfg,
                                      "--sandbox-root", self.sandbox],
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.tmp, "sidecar.log"), "a"))
        deadline = time.monotonic() + 60
        while True:
            try:
                self.api("GET", "health")
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("sidecar did not start; see %s/sidecar.log" % self.tmp)
                time.sleep(0.2)
        if self.install:
            self.api("POST", "modules", {"user": "bench", "name": "nm", "url": "file://" + NETMONITOR,
                                         "filter": {"proto": "udp", "dstPort": 5060}, "ttl": 3600})
            self.base = self.packets()

    def packets(self):
        return self.api("GET", "modules/bench/nm")["packets"]

    def after_warm_up(self, frames):
        self.base = self.packets()

    def processed(self):
        return self.packets() - self.base

    def stop(self):
        stop(self.proc)
        shutil.rmtree(self.sandbox, ignore_errors=True)


def warm_up(tmp, dut, size, count, pin=False, rate=0):
    """Runs a warm-up load (JIT, caches) and makes the DUT count only what comes after it."""
    warm = blast(tmp, size, count, rate=rate, pin=pin)
    dut.after_warm_up(warm["received"])


def throughput(tmp, dut, size, count):
    """Frames/s the DUT processed while offered more than it takes; also what returned to the sender."""
    dut.start()
    try:
        warm_up(tmp, dut, size, max(20000, count // 5))
        t0 = time.monotonic()
        r = blast(tmp, size, count)
        send_seconds = r["sent"] / r["offered_fps"]
        done = dut.processed()
        return {"dut_fps": done / send_seconds, "returned_fps": r["returned_fps"], "offered_fps": r["offered_fps"],
                "processed": done, "sent": r["sent"], "wall": time.monotonic() - t0}
    finally:
        dut.stop()


def cpu_per_frame(tmp, dut, size, rate, seconds):
    """Microseconds of DUT CPU per frame at a paced load both sides keep up with (pinned to two CPUs)."""
    dut.start()
    try:
        warm_up(tmp, dut, size, rate, pin=True, rate=rate)  # one second
        pids = dut.pids()
        c0 = cpu_seconds(pids)
        r = blast(tmp, size, rate * seconds, rate=rate, pin=True)
        c1 = cpu_seconds(pids)
        done = dut.processed()
        return {"us_per_frame": (c1 - c0) * 1e6 / max(1, done), "processed": done, "sent": r["sent"],
                "lost": r["sent"] - r["received"]}
    finally:
        dut.stop()


def latency(tmp, dut):
    dut.start()
    try:
        blast(tmp, 64, 20000, pin=True)  # warm-up
        return blast(tmp, 64, 3000, latency=True, pin=True)
    finally:
        dut.stop()


def rss_pss(pid):
    rss = pss = 0
    with open("/proc/%d/status" % pid) as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    with open("/proc/%d/smaps_rollup" % pid) as fh:
        for line in fh:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss / 1024, pss / 1024


def memory(tmp, steps):
    dut = SidecarDut(tmp, [], iface="none", install=False)
    dut.start()
    rows = []
    try:
        installed = 0
        for target in steps:
            while installed < target:
                dut.api("POST", "modules", {"user": "u%d" % installed, "name": "nm", "url": "file://" + NETMONITOR,
                                            "filter": {"proto": "udp", "dstPort": 10000 + installed}, "ttl": 3600})
                installed += 1
            time.sleep(2)
            pids = list(dut.api("GET", "health")["containers"].values())
            samples = [rss_pss(p) for p in pids]
            agent = rss_pss(dut.proc.pid)
            rows.append({"containers": target, "rss_median": statistics.median(s[0] for s in samples),
                         "pss_median": statistics.median(s[1] for s in samples),
                         "rss_total": sum(s[0] for s in samples), "pss_total": sum(s[1] for s in samples),
                         "agent_rss": agent[0]})
            say("  %d containers: median RSS %.0f MiB, PSS %.0f MiB each; total PSS %.0f MiB; agent RSS %.0f MiB" % (
                target, rows[-1]["rss_median"], rows[-1]["pss_median"], rows[-1]["pss_total"], agent[0]))
    finally:
        dut.stop()
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--count", type=int, default=400000, help="frames per saturation run")
    p.add_argument("--rate", type=int, default=100000, help="paced load for the CPU-per-frame runs (frames/s)")
    p.add_argument("--seconds", type=int, default=3, help="length of each CPU-per-frame run")
    p.add_argument("--containers", default="1,10,50", help="container counts for the memory part")
    p.add_argument("--skip-memory", action="store_true")
    p.add_argument("--out", default="/tmp/netserv-bench/sidecar_bench.md")
    a = p.parse_args()
    if os.geteuid() != 0:
        p.error("needs root (raw sockets, namespaces)")
    for f in (JAR, NETMONITOR):
        if not os.path.exists(f):
            p.error("%s missing: run 'mvn -q -DskipTests package' first" % f)
    tmp = tempfile.mkdtemp(prefix="sidecar-bench-")
    results = {}
    cpu = {}
    lat = {}
    mem = []
    try:
        build_tools(tmp)
        make_wire()
        duts = {"c-bitw": lambda pin=False: CBitw(tmp, False, pin),
                "c-bitw+netmonitor": lambda pin=False: CBitw(tmp, True, pin),
                "java-echo+netmonitor": lambda pin=False: CBitw(tmp, True, pin, java=True),
                "sidecar": lambda pin=False: SidecarDut(tmp, [], pin),
                "sidecar-c2": lambda pin=False: SidecarDut(tmp, ["-XX:TieredStopAtLevel=4"], pin)}
        names = list(duts)
        for rep in range(a.reps):
            order = names[rep % len(names):] + names[:rep % len(names)]
            for name in order:
                for size in (64, 340):
                    c = cpu_per_frame(tmp, duts[name](True), size, a.rate, a.seconds)
                    cpu.setdefault((name, size), []).append(c)
                    say("rep %d %-18s %4d B: %.2f us CPU per frame at %d fps (%d processed, %d lost)" % (
                        rep + 1, name, size, c["us_per_frame"], a.rate, c["processed"], c["lost"]))
                    r = throughput(tmp, duts[name](), size, a.count)
                    results.setdefault((name, size), []).append(r)
                    say("rep %d %-18s %4d B: DUT %7.0f fps (returned %7.0f, offered %7.0f)" % (
                        rep + 1, name, size, r["dut_fps"], r["returned_fps"], r["offered_fps"]))
                if name in ("c-bitw", "sidecar", "sidecar-c2"):
                    l = latency(tmp, duts[name](True))
                    lat.setdefault(name, []).append(l)
                    say("rep %d %-18s latency median %.1f us, p99 %.1f us" % (rep + 1, name, l["median_us"], l["p99_us"]))
        remove_wire()
        if not a.skip_memory:
            steps = [int(x) for x in a.containers.split(",")]
            mem = memory(tmp, steps)
    finally:
        remove_wire()
        shutil.rmtree(tmp, ignore_errors=True)
    report(a, results, cpu, lat, mem)


def report(a, results, cpu, lat, mem):
    med = lambda xs: statistics.median(xs)
    lines = ["# Sidecar benchmark", "",
             "- date: %s UTC" % time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
             "- machine: %s, %d cores, kernel %s" % (platform.node(), os.cpu_count(), platform.release()),
             "- command: `%s`" % " ".join(["/usr/bin/python3", "sidecar-node/bench/sidecar_bench.py"] + sys.argv[1:]),
             "- %d repetitions; medians" % a.reps, "",
             "CPU per frame at %d frames/s offered (sender on CPU 0, DUT on CPU 1):" % a.rate, "",
             "| DUT | 64 B: µs/frame | one core's capacity | share of c-bitw | 340 B: µs/frame | one core's capacity | share of c-bitw |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cbase = {s: med([c["us_per_frame"] for c in cpu[("c-bitw", s)]]) for s in (64, 340)}
    for name in ("c-bitw", "c-bitw+netmonitor", "java-echo+netmonitor", "sidecar", "sidecar-c2"):
        v = {s: med([c["us_per_frame"] for c in cpu[(name, s)]]) for s in (64, 340)}
        lines.append("| %s | %.2f | %.0f fps | %.2f | %.2f | %.0f fps | %.2f |" % (
            name, v[64], 1e6 / v[64], cbase[64] / v[64], v[340], 1e6 / v[340], cbase[340] / v[340]))
    lines += ["", "Saturation, %d frames offered as fast as the sender can (unpinned):" % a.count, "",
              "| DUT | 64 B: frames/s | ratio to c-bitw | 340 B: frames/s | ratio to c-bitw | returned to sender 64 B / 340 B |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    base = {s: med([r["dut_fps"] for r in results[("c-bitw", s)]]) for s in (64, 340)}
    for name in ("c-bitw", "c-bitw+netmonitor", "java-echo+netmonitor", "sidecar", "sidecar-c2"):
        v = {s: med([r["dut_fps"] for r in results[(name, s)]]) for s in (64, 340)}
        back = {s: med([r["returned_fps"] for r in results[(name, s)]]) for s in (64, 340)}
        lines.append("| %s | %.0f | %.2f | %.0f | %.2f | %.0f / %.0f |" % (
            name, v[64], v[64] / base[64], v[340], v[340] / base[340], back[64], back[340]))
    lines += ["", "| DUT | RTT median (µs) | RTT p99 (µs) | added median vs c-bitw (µs) |", "| --- | ---: | ---: | ---: |"]
    lb = med([l["median_us"] for l in lat["c-bitw"]])
    for name in ("c-bitw", "sidecar", "sidecar-c2"):
        m = med([l["median_us"] for l in lat[name]])
        lines.append("| %s | %.1f | %.1f | %+.1f |" % (name, m, med([l["p99_us"] for l in lat[name]]), m - lb))
    if mem:
        lines += ["", "| containers | RSS each (MiB, median) | PSS each (MiB, median) | PSS total (MiB) | agent RSS (MiB) |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        for r in mem:
            lines.append("| %d | %.0f | %.0f | %.0f | %.0f |" % (r["containers"], r["rss_median"], r["pss_median"],
                                                           r["pss_total"], r["agent_rss"]))
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as fh:
        fh.write(text)
    print()
    print(text)
    say("report written to %s" % a.out)


T0 = time.monotonic()

if __name__ == "__main__":
    main()
