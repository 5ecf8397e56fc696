"""Helpers the Mininet benchmarks share: statistics and number formatting for the reports, a check for
other heavy work on this shared machine, the machine line of a report, matplotlib on demand.

Import it as ``from benchlib import ...`` (the benchmark scripts live in the same folder, which Python
puts first on ``sys.path`` when a script there runs).
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import threading
import time

# Work that would disturb a measurement: the other benchmarks, the Mininet test suite, Maven, another OFC.
HEAVY = ("steering_bench", "sidecar_bench", "forwarding_bench", "signaling_bench", "topology_bench",
         "python3 -m tests", "surefire", "netserv-ofc.jar", "plexus-classworlds")


# ---- numbers ------------------------------------------------------------------------------------------
def med(xs):
    """Median of the values that are not None (None when there are none)."""
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def spread(xs):
    """``(min, max)`` of the values that are not None."""
    xs = [x for x in xs if x is not None]
    return (min(xs), max(xs)) if xs else (None, None)


def fmt(v, digits=1):
    return "n/a" if v is None else "{:,.{}f}".format(v, digits)


def ratio(a, b):
    return None if a is None or not b else a / b


def rng(xs, digits=0):
    """``"lo-hi"`` of the values, for a report's range column."""
    lo, hi = spread(xs)
    return "n/a" if lo is None else "%s-%s" % (fmt(lo, digits), fmt(hi, digits))


# ---- the machine --------------------------------------------------------------------------------------
def machine_line():
    """Host name, cores, kernel and Open vSwitch version, for the head of a report."""
    try:
        ovs = subprocess.run(["ovs-vsctl", "--version"], stdout=subprocess.PIPE, text=True,
                             check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        ovs = "ovs-vsctl not found"
    return "%s, %d cores, kernel %s, %s" % (platform.node(), os.cpu_count(), platform.release(), ovs)


def cpu_seconds(pids):
    """CPU seconds (user + system) the processes have used so far; gone processes count 0."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError, TypeError):
            pass
    return total / tick


def machine_busy():
    """(busy jiffies, total jiffies) of all CPUs since boot."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    idle = f[3] + (f[4] if len(f) > 4 else 0)
    total = sum(f[:8])
    return total - idle, total


def ovs_pid():
    """PID of ovs-vswitchd, or None."""
    try:
        with open("/var/run/openvswitch/ovs-vswitchd.pid") as fh:
            return int(fh.read().strip())
    except (OSError, ValueError):
        return None


def ancestors(pid):
    """PIDs of the processes above ``pid``."""
    out = set()
    while pid > 1:
        try:
            with open("/proc/%d/stat" % pid) as fh:
                pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            break
        out.add(pid)
    return out


def heavy_processes():
    """Command lines of other heavy work running now: not this process, nothing it started (even one
    started while we look) and none of its parents (a wrapper such as ``timeout`` names the script)."""
    me = os.getpid()
    mine = ancestors(me) | {me}
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in mine:
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if any(h in cmd for h in HEAVY) and me not in ancestors(int(entry)):
            found.append("%s %s" % (entry, cmd[:100]))
    return found


def wait_quiet(say, max_wait, what):
    """Wait until no other heavy work runs, checking every 30 s; returns what still ran (or [])."""
    deadline = time.monotonic() + max_wait
    while True:
        found = heavy_processes()
        if not found:
            return []
        if time.monotonic() >= deadline:
            say("WARNING: other heavy work still runs after %.0f s; measuring %s anyway (noise): %s" % (
                max_wait, what, found[:3]))
            return found
        say("other heavy work runs, waiting 30 s before %s: %s" % (what, found[:3]))
        time.sleep(30)


class HeavyWatch(threading.Thread):
    """Looks for other heavy work every ``interval`` seconds while a measurement runs; ``stop()`` returns
    what it saw first (looking once more, for work that started since the last look)."""

    def __init__(self, interval=1.0):
        super().__init__(daemon=True)
        self.interval = interval
        self.found = []
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            found = heavy_processes()
            if found:
                self.found = found
                return
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join(5)
        if not self.found:
            self.found = heavy_processes()
        return self.found


def ensure_matplotlib(say):
    """True when matplotlib imports, after installing Debian's python3-matplotlib if it was missing."""
    try:
        import matplotlib  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
        return True
    except ImportError:
        pass
    say("python3-matplotlib is missing: installing Debian's package (apt-get) for the plots...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "--no-install-recommends",
                                               "python3-matplotlib"]):
        res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                             stdin=subprocess.DEVNULL, check=False)
        if res.returncode != 0:
            say("  %s failed (%s): no plots" % (" ".join(cmd), res.stderr.strip()[-200:]))
            return False
    try:
        import matplotlib  # noqa: F401,F811  pylint: disable=import-outside-toplevel,unused-import,reimported
        return True
    except ImportError:
        return False


# ---- the report ---------------------------------------------------------------------------------------
def write_report(out_dir, stem, results, text, plot_paths, say):
    """Writes ``<stem>.json`` (every sample) and ``<stem>.md`` into ``out_dir``, copies the plots there,
    prints the report and says where it all is."""
    json_path, md_path = os.path.join(out_dir, stem + ".json"), os.path.join(out_dir, stem + ".md")
    with open(json_path, "w") as fh:
        json.dump(results, fh, indent=1, sort_keys=True, default=str)
    with open(md_path, "w") as fh:
        fh.write(text)
    print()
    print(text)
    for path in plot_paths:
        shutil.copy(path, out_dir)
    say("report %s, raw results %s (total %.0f s)" % (md_path, json_path, results.get("elapsed_s", 0)))
