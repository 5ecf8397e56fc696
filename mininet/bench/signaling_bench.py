"""Signaling benchmark: requests verified and handled per second, and SETUP-to-module-active latency.

Run (root, from ``mininet/``; ``./netserv bench signaling`` does this after installing and building, including
the benchmark jar ``bench/target/netserv-bench.jar``: ``mvn -B -q -Pbench -DskipTests package -pl bench -am``)::

    /usr/bin/python3 bench/signaling_bench.py [--reps 5] [--out-dir /tmp/netserv-bench/signaling]

Two parts, one report (``signaling_bench.md`` and every raw sample in ``signaling_bench.json`` in ``--out-dir``),
SVG plots in ``--plots`` (default docs/img, ``bench-signaling-*.svg``); ``--from-json FILE`` writes report and plots
again from a saved run. Not a test: nothing here passes or fails on a figure.

**1. JMH** (``bench/src/main/java/org/netserv/bench/SignalingBenchmarks.java``, one JVM fork per benchmark,
3 x 2 s warm-up, 5 x 2 s measured), side by side in one run: NSLP decode + encode of a SETUP as the CLI
writes it; GIST decode + encode of its datagram; Ed25519 ``Verifier.verify(request, key)``;
``Signer.sign``; ``ReplayGuard.check`` of a new nonce; and the whole node-side check of a received datagram
(GIST decode, NSLP decode, signature check with the user's key looked up, replay check). ops/s with JMH's
99.9 % error; the per-request cost of each step as a share of the node-side check says which dominates.

**2. Mininet, the whole path.** ``SteeringNet`` (netserv_mn/steering.py) with K = 1 and then K = 2 switches:
h1 (10.0.0.1) - st1 - ... - stK - h2 (10.0.0.2), one OFC, every switch a NetServ node with one sidecar, the
user alice with a key made by ``netserv-signal keygen``. In each network:

* *PROBE load*: ``SignalLoad`` (bench/src/main/java/org/netserv/bench/SignalLoad.java) runs in h1: W
  requesters, each its own UDP socket (so its own source port, like separate CLI runs), closed loop: a new
  signed PROBE in a new GIST session as soon as the last is answered. Requests are signed before the clock
  starts (each with a fresh nonce and its own signature: nodes refuse a request they have seen, so a saved
  one resent is no load). After ``--ofc-warmup`` seconds of uncounted load (the OFC's JIT compiles the
  signaling path), W = 1 (round trip without queueing) and W = 16 (throughput), each ``--load-reps`` times
  alternately; answers/s over the counted window, round trips, the CPU time of the OFC (and of each of its
  threads, so the ``signaling`` thread's time per request), of ovs-vswitchd and of the generator over that
  window (from /proc), and from the OFC log the first node's interception to its response. The end
  host h2 tells the last node that it is the last one with ICMP port unreachable (nothing listens on UDP 270
  there); Linux rate-limits those (``net.ipv4.icmp_ratemask``, by default per peer about 1/s after a burst
  of 6, and 1000/s in all), after which a session ends only when the last node's ``lastNodeTimeoutMs``
  (1.5 s) runs out. The load runs therefore set ``net.ipv4.icmp_ratemask=0`` in h2's namespace only; one
  more W = 16 run with the kernel's default shows what that limit does.
  As a reference, ``netserv-signal probe`` is also run ``--cli-runs`` times: its JSON ``elapsedMs``
  (request sent to answer read) and the wall time of the whole command (JVM start included).
* *SETUP to module active* (``--reps`` repetitions, order rotated): (a) ``netserv-signal setup`` in h1
  toward h2 (NetMonitor, udp 5060 to 10.0.0.0/8, ttl 120); the answer comes once every node has the module
  ACTIVE (checked right after on the OFC's REST API); ``elapsedMs`` is SETUP-to-answer, the wall time adds
  the CLI's JVM start; per node from the OFC and sidecar logs: when the SETUP reached the node, when the
  sidecar's container JVM was running, when the module was ACTIVE there; then ``netserv-signal remove``,
  and the next repetition waits until no module and no container is left. (b) the baseline in the same
  network: the same module deployed directly with ``POST /api/v1/modules`` (on all K sidecars, the OFC's
  default), time to the 201 answer, then ``DELETE``.

Before each part the script waits (checking every minute, up to ``--quiet-wait`` seconds) until no other
heavy work runs (another benchmark, the test suite, Maven, another OFC) and notes any it sees while it
measures. Everything runs on one shared 2-core machine: the OFC, Open vSwitch, the sidecars, the container
JVMs and the load generator share the CPUs. Read the ratios.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time

MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, MININET_DIR)  # mininet/ (never the repo root)

from benchlib import (HeavyWatch, cpu_seconds, ensure_matplotlib, fmt, machine_busy, med, ovs_pid, ratio, rng,  # noqa: E402
                      spread, wait_quiet, write_report)
from netserv_mn.ofc import REPO_ROOT, ofc_jar  # noqa: E402
from netserv_mn.sidecar import SIDECAR_JAR, module_url  # noqa: E402
from netserv_mn.steering import SteeringNet  # noqa: E402
from netserv_mn.util import Progress, exit_on_sigterm, run, stop_process, wait_until  # noqa: E402

SIGNAL_JAR = os.path.join(REPO_ROOT, "signaling", "target", "netserv-signal.jar")
BENCH_JAR = os.path.join(REPO_ROOT, "bench", "target", "netserv-bench.jar")
USER = "alice"
H2_IP = "10.0.0.2"
MODULE = "netmonitor"
JMH_ORDER = ["nslpDecodeEncode", "gistDecodeEncode", "verify", "sign", "replayCheck", "nodeCheck"]
JMH_LABEL = {
    "nslpDecodeEncode": "NSLP decode+encode (SETUP)",
    "gistDecodeEncode": "GIST decode+encode (datagram)",
    "verify": "Ed25519 verify",
    "sign": "Ed25519 sign",
    "replayCheck": "ReplayGuard.check",
    "nodeCheck": "node-side check (all four)",
}
ICMP_DEFAULT_MASK = None  # read from h2 at run time


# ---- small helpers ------------------------------------------------------------------------------------
def thread_cpu(pid):
    """``{thread name: CPU seconds}`` of a process's threads (names as the kernel shows them, 15 chars;
    threads of one name summed)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as fh:
                raw = fh.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        name = re.sub(r"[-#]?\d+$", "", name).strip() or name  # "C2 CompilerThre", "nioEventLoopGro"...
        fields = raw.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


_LOG_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) ")


def log_lines(path, offset):
    """``[(seconds of the day, text)]`` of the log lines written after byte ``offset``, and the new offset."""
    out = []
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return out, offset
    for line in data.decode("utf-8", "replace").splitlines():
        m = _LOG_TIME.match(line)
        if m:
            h, mi, s, ms = (int(x) for x in m.groups())
            out.append((h * 3600 + mi * 60 + s + ms / 1000.0, line))
    return out, offset + len(data)


def first(lines, pattern):
    rx = re.compile(pattern)
    for at, text in lines:
        if rx.search(text):
            return at
    return None


def size_of(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# ---- part 1: JMH ------------------------------------------------------------------------------------------
def run_jmh(args, jars, say):
    out = os.path.join(args.out_dir, "jmh.json")
    log = os.path.join(args.out_dir, "jmh.log")
    cmd = ["java", "-jar", jars["bench"], "SignalingBenchmarks", "-f", "1", "-wi", "3", "-w", "2s", "-i", "5",
           "-r", "2s", "-rf", "json", "-rff", out]
    say("JMH: %s (about 2 minutes)" % " ".join(cmd))
    watch = HeavyWatch()
    watch.start()
    t0 = time.monotonic()
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            proc.wait(timeout=900)
        finally:
            stop_process(proc, timeout=5)
    heavy = watch.stop()
    if proc.returncode != 0:
        raise RuntimeError("JMH failed (exit %s); see %s" % (proc.returncode, log))
    with open(out) as fh:
        raw = json.load(fh)
    res = {}
    for entry in raw:
        name = entry["benchmark"].rsplit(".", 1)[1]
        pm = entry["primaryMetric"]
        samples = [x for fork in pm.get("rawData", []) for x in fork]
        res[name] = {"score": pm["score"], "error": pm["scoreError"], "unit": pm["scoreUnit"],
                     "samples": samples, "jvm": entry.get("vmVersion"), "jvmArgs": entry.get("jvmArgs")}
    say("JMH done in %.0f s: %s" % (time.monotonic() - t0, ", ".join(
        "%s %s ops/s" % (k, fmt(v["score"], 0)) for k, v in res.items())))
    return {"command": " ".join(cmd), "results": res, "heavy": heavy, "elapsed_s": time.monotonic() - t0}


# ---- part 2: the whole path ------------------------------------------------------------------------------
class PathBench:

    def __init__(self, fx, k, args, jars, keys, say):
        self.fx, self.k, self.args, self.jars, self.keys, self.say = fx, k, args, jars, keys, say
        self.dir = os.path.join(args.out_dir, "k%d" % k)
        os.makedirs(self.dir, exist_ok=True)
        self.key = os.path.join(keys, "%s.key" % USER)
        self.url = "file://" + jars["netmonitor"]
        self.nodes = ["netserv/of:%016x" % i for i in range(1, k + 1)]
        self.heavy = []

    def icmp_mask(self, value=None):
        h2 = self.fx.h2
        if value is not None:
            h2.cmd("sysctl -q -w net.ipv4.icmp_ratemask=%d" % value)
        return int(h2.cmd("sysctl -n net.ipv4.icmp_ratemask").strip())

    # -- the CLI in h1 --
    def cli(self, command, *extra, name):
        out = os.path.join(self.dir, "%s-%d.json" % (name, time.monotonic_ns()))
        argv = ["java", "-jar", self.jars["signal"], command, "--toward", H2_IP, "--user", USER,
                "--key", self.key] + list(extra)
        line = ("s=$(date +%%s%%N); %s > %s 2> %s.err; rc=$?; e=$(date +%%s%%N); echo RC=$rc WALLNS=$((e-s))"
                % (" ".join(shlex.quote(a) for a in argv), out, out))
        text = self.fx.h1.cmd(line)
        m = re.search(r"RC=(\d+) WALLNS=(\d+)", text)
        if not m:
            raise RuntimeError("the CLI did not run in h1: %s" % text)
        with open(out) as fh:
            body = fh.read()
        try:
            answer = json.loads(body)
        except ValueError:
            with open(out + ".err") as fh:
                raise RuntimeError("%s printed no JSON (exit %s): %s %s" % (command, m.group(1), body, fh.read()))
        return int(m.group(1)), int(m.group(2)) / 1e6, answer

    # -- PROBE --
    def cli_probes(self):
        runs = []
        for i in range(self.args.cli_runs):
            rc, wall_ms, ans = self.cli("probe", "--probe", "node", name="probe-cli")
            nodes = [n["nodeId"] for n in ans.get("nodes", [])]
            runs.append({"rc": rc, "wall_ms": wall_ms, "elapsed_ms": ans.get("elapsedMs"), "nodes": nodes,
                         "attempts": ans.get("attempts")})
            if rc != 0 or nodes != self.nodes:
                self.say("  CLI probe %d: exit %d, nodes %s (expected %s)" % (i + 1, rc, nodes, self.nodes))
        self.say("  CLI probe x%d: elapsedMs median %s, wall (JVM start included) median %s ms" % (
            len(runs), fmt(med([r["elapsed_ms"] for r in runs]), 0), fmt(med([r["wall_ms"] for r in runs]), 0)))
        return runs

    def load(self, window, warmup, seconds, label, requests):
        fx = self.fx
        out = os.path.join(self.dir, "load-%s-%d.json" % (label, time.monotonic_ns()))
        argv = ["java", "-cp", self.jars["bench"], "org.netserv.bench.SignalLoad", "--toward", H2_IP,
                "--user", USER, "--key", self.key, "--window", str(window), "--warmup", str(warmup),
                "--seconds", str(seconds), "--requests", str(requests), "--timeout-ms", "3000", "--out", out]
        err_path = out + ".err"
        marks = {}
        log_path = fx.ofc.log_path
        log_start = size_of(log_path)
        ofc_pid, vsw = fx.ofc.pid, ovs_pid()
        sidecar_pids = [sc.pid for sc in fx.sidecars.values() if sc.alive()]

        def sample():
            return {"t": time.monotonic(), "ofc": cpu_seconds([ofc_pid]), "ovs": cpu_seconds([vsw]),
                    "ofc_threads": thread_cpu(ofc_pid),
                    "gen": cpu_seconds([proc.pid]), "sidecars": cpu_seconds(sidecar_pids), "busy": machine_busy()}
        with open(os.devnull, "w") as devnull:
            proc = fx.h1.popen(argv, stdout=devnull, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        errs = []

        def reader():
            for raw in proc.stderr:
                text = raw.decode("utf-8", "replace").strip()
                if text in ("window-start", "window-end"):
                    marks[text] = sample()
                else:
                    errs.append(text)
        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        try:
            proc.wait(timeout=warmup + seconds + 120)
        finally:
            stop_process(proc, timeout=5)
            thread.join(5)
            if proc.stderr:
                proc.stderr.close()
        with open(err_path, "w") as fh:
            fh.write("\n".join(errs))
        if proc.returncode != 0 or not os.path.exists(out):
            raise RuntimeError("SignalLoad exited %s: %s" % (proc.returncode, "\n".join(errs[-20:])))
        with open(out) as fh:
            res = json.load(fh)
        a, b = marks.get("window-start"), marks.get("window-end")
        if a and b:
            wall = b["t"] - a["t"]
            busy = (b["busy"][0] - a["busy"][0]) / max(1, b["busy"][1] - a["busy"][1])
            res["cpu"] = {"window_s": wall, "ofc_s": b["ofc"] - a["ofc"], "ovs_s": b["ovs"] - a["ovs"],
                          "generator_s": b["gen"] - a["gen"], "sidecars_s": b["sidecars"] - a["sidecars"],
                          "machine_busy_share": busy}
            threads = {n: (b["ofc_threads"].get(n, 0.0) - a["ofc_threads"].get(n, 0.0)) / wall
                       for n in b["ofc_threads"]}
            res["cpu"]["ofc_threads_share"] = dict(sorted(((n, v) for n, v in threads.items() if v >= 0.01),
                                                          key=lambda kv: -kv[1]))
            if res.get("answered"):
                res["cpu"]["ofc_us_per_request"] = 1e6 * res["cpu"]["ofc_s"] / res["answered"]
                res["cpu"]["ovs_us_per_request"] = 1e6 * res["cpu"]["ovs_s"] / res["answered"]
                res["cpu"]["signaling_thread_us_per_request"] = (1e6 * threads.get("signaling", 0.0) * wall
                                                                 / res["answered"])
        res["label"] = label
        res["in_ofc"] = self.in_ofc_times(log_lines(log_path, log_start)[0])
        c = res.get("cpu", {})
        self.say("  load %s: %s answers/s (sent %d in the window, lost %d, statuses %s, nodes/answer %s), "
                 "rtt p50 %s ms p99 %s ms (in the OFC, log: %s ms); OFC %s us CPU/request, machine %s%% busy%s" % (
                     label, fmt(res["answeredPerSecond"], 0), res["sentInWindow"], res["lost"], res["statuses"],
                     res["nodesPerAnswer"], fmt(res["rttMsP50"], 2), fmt(res["rttMsP99"], 2),
                     fmt(res["in_ofc"]["first_node_to_response_ms"], 0),
                     fmt(c.get("ofc_us_per_request"), 0), fmt(100 * c.get("machine_busy_share", 0), 0),
                     ", EXHAUSTED its signed requests" if res.get("exhausted") else ""))
        return res

    def idle(self, seconds=3.0):
        """CPU of the OFC, OVS and the sidecars with no signaling at all (heartbeats, timers): the floor."""
        fx = self.fx
        pids = {"ofc": [fx.ofc.pid], "ovs": [ovs_pid()], "sidecars": [sc.pid for sc in fx.sidecars.values()]}
        a = {k: cpu_seconds(v) for k, v in pids.items()}
        b0, t0 = machine_busy(), time.monotonic()
        time.sleep(seconds)
        b1, t1 = machine_busy(), time.monotonic()
        res = {k + "_share": (cpu_seconds(v) - a[k]) / (t1 - t0) for k, v in pids.items()}
        res["machine_busy_share"] = (b1[0] - b0[0]) / max(1, b1[1] - b0[1])
        self.say("  idle for %.0f s: OFC %.1f %%, OVS %.1f %%, sidecars %.1f %% of a core; machine %.0f %% busy" % (
            seconds, 100 * res["ofc_share"], 100 * res["ovs_share"], 100 * res["sidecars_share"],
            100 * res["machine_busy_share"]))
        return res

    def in_ofc_times(self, lines):
        """Per PROBE session from the OFC log (ms resolution): first node's interception to the response
        sent, and (K > 1) first node to last node."""
        seen, last_node, total, hop = {}, {}, [], []
        rx_req = re.compile(r"node (\S+): PROBE \S+ of \S+ from \S+ \(session ([0-9a-f]+)\)")
        rx_resp = re.compile(r"node \S+: response \d+ .* for session ([0-9a-f]+) ")
        for at, text in lines:
            m = rx_req.search(text)
            if m:
                node, sid = m.groups()
                if sid not in seen:
                    seen[sid] = at
                elif node == self.nodes[-1]:
                    last_node[sid] = at
                continue
            m = rx_resp.search(text)
            if m and m.group(1) in seen:
                total.append(1000 * (at - seen[m.group(1)]))
        for sid, at in last_node.items():
            hop.append(1000 * (at - seen[sid]))
        return {"sessions": len(total), "first_node_to_response_ms": med(total),
                "first_node_to_response_p90_ms": sorted(total)[int(0.9 * (len(total) - 1))] if total else None,
                "first_to_last_node_ms": med(hop)}

    def probe_loads(self):
        a = self.args
        runs = {"w1": [], "w16": [], "w16-icmp-limited": []}
        mask = self.icmp_mask()
        try:
            self.icmp_mask(0)
            # The OFC has just started: let its JIT compile the signaling path before anything counts.
            self.say("  warming the OFC up (%.0f s of load, not counted)..." % a.ofc_warmup)
            self.load(a.window, 0, a.ofc_warmup, "ofc-warm-up", requests=min(a.requests, int(a.ofc_warmup * 1500)))
            for rep in range(a.load_reps):
                for label in (["w1", "w16"] if rep % 2 == 0 else ["w16", "w1"]):
                    if label == "w1":
                        runs[label].append(self.load(1, 1, a.w1_seconds, label, requests=4000))
                    else:
                        runs[label].append(self.load(a.window, 2, a.load_seconds, label, requests=a.requests))
            if a.icmp_limited:
                self.icmp_mask(mask)
                runs["w16-icmp-limited"].append(self.load(a.window, 1, 5, "w16-icmp-limited", requests=2000))
        finally:
            self.icmp_mask(mask)
        return runs, mask

    # -- SETUP --
    def wait_clean(self):
        fx = self.fx
        wait_until(lambda: fx.ofc.modules() == [], 30, interval=0.05, what="no module left on the OFC")
        wait_until(lambda: all(not sc.containers() for sc in fx.sidecars.values()), 30, interval=0.05,
                   what="every container JVM stopped")

    def log_offsets(self):
        paths = {"ofc": self.fx.ofc.log_path}
        paths.update({sid: sc.log_path for sid, sc in self.fx.sidecars.items()})
        return {k: (p, size_of(p)) for k, p in paths.items()}

    def new_lines(self, offsets):
        return {k: log_lines(p, off)[0] for k, (p, off) in offsets.items()}

    def sidecar_of_switch(self):
        """{switch index 1..K: sidecar id} (sidecar k hangs off switch k)."""
        known = self.fx.ofc.sidecar_map()
        out = {}
        for sid, rec in known.items():
            dpid = rec.get("dpid")
            if dpid:
                out[int(str(dpid).replace(":", ""), 16)] = sid
        return out

    def setup_signal(self, rep):
        fx = self.fx
        offsets = self.log_offsets()
        rc, wall_ms, ans = self.cli("setup", "--url", self.url, "--filter-proto", "udp", "--filter-port", "5060",
                                    "--filter-dst", "10.0.0.0/8", "--ttl", "120", name="setup")
        mods = fx.ofc.modules()
        active = [m for m in mods if m["name"] == MODULE and m["state"] == "ACTIVE"]
        placed = sorted(p["id"] for p in active[0]["sidecars"]) if active else []
        time.sleep(0.3)  # let the last log lines reach the files
        lines = self.new_lines(offsets)
        ofc = lines["ofc"]
        t_node = {i: first(ofc, r"node %s: SETUP %s" % (re.escape(n), MODULE)) for i, n in enumerate(self.nodes, 1)}
        t_active = first(ofc, r"module %s/%s is ACTIVE" % (USER, MODULE))
        t_extend = first(ofc, r"module %s/%s: extended on switch" % (USER, MODULE))
        t_resp = first(ofc, r"node %s: response" % re.escape(self.nodes[0]))
        t_last = first(ofc, r"answered port unreachable")
        by_switch = self.sidecar_of_switch()
        t_container = {i: first(lines.get(by_switch.get(i), []), r"container for user %s running" % USER)
                       for i in range(1, self.k + 1)}
        res = {"rep": rep, "rc": rc, "wall_ms": wall_ms, "elapsed_ms": ans.get("elapsedMs"),
               "attempts": ans.get("attempts"), "nodes": [(n["nodeId"], n["status"]) for n in ans.get("nodes", [])],
               "active_at_answer": len(placed) == self.k, "placed": placed}
        # per node: when its deploy started, when its container JVM ran, when it was done
        per = []
        start1 = t_node.get(1)
        for i in range(1, self.k + 1):
            begin = start1 if i == 1 else t_extend
            end = t_active if i == 1 else t_resp
            cont = t_container.get(i)
            per.append({"node": i, "deploy_ms": 1000 * (end - begin) if begin and end else None,
                        "container_start_ms": 1000 * (cont - begin) if begin and cont else None,
                        "after_container_ms": 1000 * (end - cont) if end and cont else None})
        res["per_node"] = per
        res["ofc_setup_to_response_ms"] = 1000 * (t_resp - start1) if t_resp and start1 else None
        res["pass_on_ms"] = 1000 * (t_node[self.k] - start1) if self.k > 1 and t_node.get(self.k) and start1 else None
        res["last_node_known_ms"] = 1000 * (t_last - start1) if t_last and start1 else None
        if rc != 0 or [n for n, _ in res["nodes"]] != self.nodes or not res["active_at_answer"]:
            self.say("  SETUP rep %d: exit %d, nodes %s, ACTIVE on %s: not as expected" % (rep, rc, res["nodes"], placed))
        rc2, wall2, ans2 = self.cli("remove", "--module", MODULE, name="remove")
        res["remove"] = {"rc": rc2, "wall_ms": wall2, "elapsed_ms": ans2.get("elapsedMs")}
        self.wait_clean()
        self.say("  SETUP rep %d through %d node(s): answered after %s ms (CLI wall %s ms); per node deploy %s ms, "
                 "of which container JVM start %s ms; REMOVE %s ms" % (
                     rep, self.k, res["elapsed_ms"], fmt(wall_ms, 0),
                     [fmt(p["deploy_ms"], 0) for p in per], [fmt(p["container_start_ms"], 0) for p in per],
                     res["remove"]["elapsed_ms"]))
        return res

    def setup_rest(self, rep):
        fx = self.fx
        body = SteeringNet.module_request(MODULE, url=self.url, dst_prefix="10.0.0.0/8", dst_port=5060, ttl=120)
        offsets = self.log_offsets()
        t0 = time.monotonic()
        view = fx.ofc.deploy_module(body, timeout=120)
        answer_ms = 1000 * (time.monotonic() - t0)
        time.sleep(0.3)
        lines = self.new_lines(offsets)
        ofc = lines["ofc"]
        t_install = first(ofc, r"module %s/%s: installing on" % (USER, MODULE))
        t_active = first(ofc, r"module %s/%s is ACTIVE" % (USER, MODULE))
        conts = [first(lines[sid], r"container for user %s running" % USER) for sid in fx.sidecars]
        conts = [c for c in conts if c is not None]
        res = {"rep": rep, "answer_ms": answer_ms, "state": view.get("state"),
               "placed": sorted(p["id"] for p in view.get("sidecars", [])),
               "ofc_install_to_active_ms": 1000 * (t_active - t_install) if t_install and t_active else None,
               "container_start_ms": 1000 * (max(conts) - t_install) if conts and t_install else None}
        t1 = time.monotonic()
        fx.ofc.delete_module(USER, MODULE)
        res["delete_ms"] = 1000 * (time.monotonic() - t1)
        self.wait_clean()
        self.say("  REST rep %d on %s: POST answered after %.0f ms (install to ACTIVE %s ms, container JVM "
                 "start %s ms); DELETE %.0f ms" % (rep, res["placed"], answer_ms,
                                                 fmt(res["ofc_install_to_active_ms"], 0),
                                                 fmt(res["container_start_ms"], 0), res["delete_ms"]))
        return res

    def setups(self):
        out = {"signal": [], "rest": []}
        self.wait_clean()
        for rep in range(1, self.args.reps + 1):
            order = ["signal", "rest"] if rep % 2 else ["rest", "signal"]
            for kind in order:
                if kind == "signal":
                    out["signal"].append(self.setup_signal(rep))
                else:
                    out["rest"].append(self.setup_rest(rep))
                time.sleep(0.5)
        return out


def run_path(k, args, jars, keys, pub, say):
    wait_quiet(say, args.quiet_wait, "the Mininet part with %d node(s)" % k)
    users = [{"name": USER, "prefixes": ["10.0.0.0/8"], "ports": ["5060-5061"], "publicKey": pub}]
    os.makedirs(os.path.join(args.out_dir, "k%d" % k), exist_ok=True)
    fx = SteeringNet(os.path.join(args.out_dir, "k%d" % k), sidecars=k, switches=k, users=users, progress=say,
                     tag="x%dk%d" % (os.getpid() % 1000, k))
    watch = HeavyWatch()
    res = {"k": k}
    try:
        say("K=%d: starting the OFC, %d switch(es), h1, h2 and %d sidecar(s)..." % (k, k, k))
        fx.start()
        bench = PathBench(fx, k, args, jars, keys, say)
        out = fx.h1.cmd("ping -c2 -W2 %s" % H2_IP)
        if "0 received" in out:
            raise RuntimeError("h1 cannot ping h2: %s" % out)
        watch.start()
        res["idle"] = bench.idle()
        res["probe_cli"] = bench.cli_probes()
        res["load"], res["icmp_ratemask_default"] = bench.probe_loads()
        res["setup"] = bench.setups()
    finally:
        res["heavy"] = watch.stop() if watch.is_alive() else []
        problems = fx.stop()
        if problems:
            say("cleanup problems: %s" % problems)
            res["cleanup_problems"] = problems
    return res


# ---- summary and report ----------------------------------------------------------------------------------
def summarize(results):
    s = {"paths": {}}
    jmh = results.get("jmh", {}).get("results", {})
    if jmh:
        node = jmh.get("nodeCheck", {}).get("score")
        s["jmh"] = {n: {"ops": r["score"], "error": r["error"], "us_per_op": 1e6 / r["score"],
                        "share_of_node_check": ratio(1e6 / r["score"], 1e6 / node) if node else None}
                    for n, r in jmh.items()}
    for k, path in results.get("paths", {}).items():
        p = {"idle": path.get("idle", {})}
        idle_ofc = p["idle"].get("ofc_share") or 0.0

        def net_us(r):
            c = r.get("cpu", {})
            if not c or not r.get("answered"):
                return None
            return 1e6 * max(0.0, c["ofc_s"] - idle_ofc * c["window_s"]) / r["answered"]
        for label, runs in path.get("load", {}).items():
            if runs:
                p[label] = {"answers_per_s": med([r["answeredPerSecond"] for r in runs]),
                            "answers_range": spread([r["answeredPerSecond"] for r in runs]),
                            "rtt_p50": med([r["rttMsP50"] for r in runs]), "rtt_p99": med([r["rttMsP99"] for r in runs]),
                            "ofc_us": med([r.get("cpu", {}).get("ofc_us_per_request") for r in runs]),
                            "ofc_us_net": med([net_us(r) for r in runs]),
                            "sig_us": med([r.get("cpu", {}).get("signaling_thread_us_per_request") for r in runs]),
                            "in_ofc_ms": med([r.get("in_ofc", {}).get("first_node_to_response_ms") for r in runs]),
                            "hop_ms": med([r.get("in_ofc", {}).get("first_to_last_node_ms") for r in runs]),
                            "ovs_us": med([r.get("cpu", {}).get("ovs_us_per_request") for r in runs]),
                            "busy": med([r.get("cpu", {}).get("machine_busy_share") for r in runs]),
                            "ofc_share": med([ratio(r.get("cpu", {}).get("ofc_s"), r.get("cpu", {}).get("window_s"))
                                              for r in runs]),
                            "gen_share": med([ratio(r.get("cpu", {}).get("generator_s"), r.get("cpu", {}).get("window_s"))
                                              for r in runs]),
                            "ovs_share": med([ratio(r.get("cpu", {}).get("ovs_s"), r.get("cpu", {}).get("window_s"))
                                              for r in runs]),
                            "threads": sorted(((n, med([r.get("cpu", {}).get("ofc_threads_share", {}).get(n, 0.0)
                                                         for r in runs]))
                                               for n in {n for r in runs
                                                         for n in r.get("cpu", {}).get("ofc_threads_share", {})}),
                                              key=lambda kv: -kv[1]),
                            "lost": sum(r["lost"] for r in runs), "statuses": [r["statuses"] for r in runs],
                            "signed_per_s": med([r["signedPerSecond"] for r in runs])}
        cli = path.get("probe_cli", [])
        p["cli"] = {"elapsed": med([r["elapsed_ms"] for r in cli]), "wall": med([r["wall_ms"] for r in cli]),
                    "elapsed_all": [r["elapsed_ms"] for r in cli], "wall_all": [r["wall_ms"] for r in cli]}
        sig, rest = path.get("setup", {}).get("signal", []), path.get("setup", {}).get("rest", [])
        p["setup"] = {
            "signal_elapsed": [r["elapsed_ms"] for r in sig], "signal_wall": [r["wall_ms"] for r in sig],
            "rest_answer": [r["answer_ms"] for r in rest],
            "ofc_setup_to_response": [r["ofc_setup_to_response_ms"] for r in sig],
            "per_node_deploy": {i + 1: [r["per_node"][i]["deploy_ms"] for r in sig] for i in range(int(k))},
            "per_node_container": {i + 1: [r["per_node"][i]["container_start_ms"] for r in sig] for i in range(int(k))},
            "per_node_after_container": {i + 1: [r["per_node"][i]["after_container_ms"] for r in sig]
                                         for i in range(int(k))},
            "rest_container": [r["container_start_ms"] for r in rest],
            "rest_install_to_active": [r["ofc_install_to_active_ms"] for r in rest],
            "pass_on": [r.get("pass_on_ms") for r in sig], "last_known": [r.get("last_node_known_ms") for r in sig],
            "remove": [r["remove"]["elapsed_ms"] for r in sig], "delete": [r["delete_ms"] for r in rest],
            "all_ok": all(r["rc"] == 0 and r["active_at_answer"] for r in sig),
        }
        s["paths"][k] = p
    return s


def report(results, summary, meta):
    L = []
    L.append("# Signaling benchmark\n")
    L.append("Command: `%s`  \nStarted: %s  \nMachine: %s  \nJars: %s\n" % (
        meta["command"], meta["started"], meta["machine"], results["jars"].get("head")))
    heavy = [h for h in results.get("heavy", []) if h.get("processes")]
    L.append("Other heavy work seen while measuring: %s\n" % (
        "none" if not heavy else "; ".join("%s: %s" % (h["where"], h["processes"][:2]) for h in heavy)))
    j = summary.get("jmh")
    if j:
        L.append("## JMH (one fork, 3 x 2 s warm-up, 5 x 2 s measured, ops/s with the 99.9 % error)\n")
        L.append("| step | ops/s | ± error | µs per op | share of the node-side check |")
        L.append("| --- | ---: | ---: | ---: | ---: |")
        for n in JMH_ORDER:
            if n in j:
                r = j[n]
                L.append("| %s | %s | %s | %s | %s |" % (JMH_LABEL[n], fmt(r["ops"], 0), fmt(r["error"], 0),
                                                         fmt(r["us_per_op"], 2),
                                                         fmt(100 * r["share_of_node_check"], 1) + " %"
                                                         if r["share_of_node_check"] else "n/a"))
        L.append("")
    for k, p in sorted(summary["paths"].items()):
        L.append("## Whole path through %s node(s)\n" % k)
        idle = p.get("idle") or {}
        L.append("Idle (no signaling, 3 s): OFC %s %%, OVS %s %%, sidecars %s %% of one core; machine %s %% busy.\n" % (
            fmt(100 * idle.get("ofc_share", 0), 1), fmt(100 * idle.get("ovs_share", 0), 1),
            fmt(100 * idle.get("sidecars_share", 0), 1), fmt(100 * idle.get("machine_busy_share", 0), 0)))
        L.append("| PROBE load | answers/s (median; range) | rtt p50 ms | rtt p99 ms | in the OFC p50 ms (log) | "
                 "OFC µs CPU/request (net of idle) | OVS µs CPU/request | OFC / OVS / generator CPU share | "
                 "machine busy | lost |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label in ("w1", "w16", "w16-icmp-limited"):
            if label in p:
                r = p[label]
                L.append("| %s | %s (%s) | %s | %s | %s | %s (%s) | %s | %s / %s / %s | %s | %d |" % (
                    label, fmt(r["answers_per_s"], 0), rng(list(r["answers_range"]), 0), fmt(r["rtt_p50"], 2),
                    fmt(r["rtt_p99"], 2), fmt(r["in_ofc_ms"], 0), fmt(r["ofc_us"], 0), fmt(r["ofc_us_net"], 0),
                    fmt(r["ovs_us"], 0),
                    fmt(100 * (r["ofc_share"] or 0), 0) + " %", fmt(100 * (r["ovs_share"] or 0), 0) + " %",
                    fmt(100 * (r["gen_share"] or 0), 0) + " %", fmt(100 * (r["busy"] or 0), 0) + " %", r["lost"]))
        for label in ("w1", "w16"):
            if p.get(label, {}).get("threads"):
                L.append("\nOFC threads, %s (share of one core, median of the runs): %s; the 'signaling' thread "
                         "(verify, decode, act, all of a node's signaling work) spends %s µs per request" % (
                             label, ", ".join("%s %s %%" % (n, fmt(100 * v, 0)) for n, v in p[label]["threads"][:6]),
                             fmt(p[label]["sig_us"], 0)))
        c = p["cli"]
        L.append("\n`netserv-signal probe` x%d: elapsedMs median %s (%s), wall with JVM start median %s ms (%s)\n" % (
            len(c["elapsed_all"]), fmt(c["elapsed"], 0), rng(c["elapsed_all"]), fmt(c["wall"], 0), rng(c["wall_all"])))
        st = p["setup"]
        L.append("| SETUP to module active | median ms | range ms |")
        L.append("| --- | ---: | ---: |")
        rows = [("signaling: SETUP sent to answer (CLI elapsedMs)", st["signal_elapsed"]),
                ("signaling: CLI wall time (JVM start included)", st["signal_wall"]),
                ("signaling: OFC log, SETUP at node 1 to response sent", st["ofc_setup_to_response"]),
                ("REST baseline: POST /api/v1/modules to 201", st["rest_answer"]),
                ("REST: OFC log, installing to ACTIVE", st["rest_install_to_active"]),
                ("REST: container JVM running after (slowest sidecar)", st["rest_container"])]
        for i in sorted(st["per_node_deploy"]):
            rows.append(("node %d: deploy (its install began to ACTIVE there)" % i, st["per_node_deploy"][i]))
            rows.append(("node %d: of which container JVM start" % i, st["per_node_container"][i]))
            rows.append(("node %d: container running to ACTIVE" % i, st["per_node_after_container"][i]))
        if int(k) > 1:
            rows.append(("SETUP at node 1 to SETUP at node %s (passed on)" % k, st["pass_on"]))
        rows.append(("SETUP at node 1 to port unreachable (last node known)", st["last_known"]))
        rows.append(("REMOVE through the CLI (elapsedMs)", st["remove"]))
        rows.append(("REST DELETE", st["delete"]))
        for name, xs in rows:
            L.append("| %s | %s | %s |" % (name, fmt(med(xs), 0), rng(xs)))
        L.append("\nratio signaling SETUP / REST POST: %s; every SETUP answered with the module ACTIVE on all "
                 "nodes: %s\n" % (fmt(ratio(med(st["signal_elapsed"]), med(st["rest_answer"])), 2), st["all_ok"]))
    ps = summary["paths"]
    if "1" in ps and "2" in ps:
        one, two = ps["1"], ps["2"]
        L.append("## 2 nodes vs 1 node\n")
        L.append("| metric | 1 node | 2 nodes | ratio 2/1 |")
        L.append("| --- | ---: | ---: | ---: |")
        for label in ("w1", "w16"):
            if label in one and label in two:
                L.append("| PROBE answers/s %s | %s | %s | %s |" % (label, fmt(one[label]["answers_per_s"], 0),
                                                                  fmt(two[label]["answers_per_s"], 0),
                                                                  fmt(ratio(two[label]["answers_per_s"],
                                                                            one[label]["answers_per_s"]), 2)))
                L.append("| OFC µs CPU/request %s | %s | %s | %s |" % (label, fmt(one[label]["ofc_us"], 0),
                                                                      fmt(two[label]["ofc_us"], 0),
                                                                      fmt(ratio(two[label]["ofc_us"],
                                                                                one[label]["ofc_us"]), 2)))
        for name, key in (("SETUP to answer ms", "signal_elapsed"), ("REST POST to 201 ms", "rest_answer")):
            a, b = med(one["setup"][key]), med(two["setup"][key])
            L.append("| %s | %s | %s | %s |" % (name, fmt(a, 0), fmt(b, 0), fmt(ratio(b, a), 2)))
        L.append("")
    return "\n".join(L) + "\n"


def plots(results, summary, plot_dir, say):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    matplotlib.rcParams.update({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "netserv"})
    os.makedirs(plot_dir, exist_ok=True)
    written = []
    j = summary.get("jmh")
    if j:
        names = [n for n in JMH_ORDER if n in j]
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ys = range(len(names))
        ax.barh(list(ys), [j[n]["ops"] for n in names], xerr=[j[n]["error"] for n in names],
                color=["#4c72b0" if n != "nodeCheck" else "#c44e52" for n in names], capsize=3)
        ax.set_yticks(list(ys))
        ax.set_yticklabels([JMH_LABEL[n] for n in names])
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("operations per second, one thread (log scale; JMH, 99.9 % error bars)")
        for y, n in zip(ys, names):
            ax.text(j[n]["ops"] * 1.15, y, "%s/s  (%s µs)" % (fmt(j[n]["ops"], 0), fmt(j[n]["us_per_op"], 1)),
                    va="center", fontsize=8)
        ax.set_xlim(left=100, right=max(j[n]["ops"] for n in names) * 30)
        ax.set_title("Signaling steps per request (one core)")
        fig.tight_layout()
        path = os.path.join(plot_dir, "bench-signaling-jmh.svg")
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    paths = results.get("paths", {})
    if paths:
        fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1, 1.2, 1]})
        ax = axes[0]
        ks = sorted(paths, key=int)
        width = 0.35
        for off, label, color in ((-width / 2, "w1", "#8da0cb"), (width / 2, "w16", "#4c72b0")):
            xs, ys, lo, hi = [], [], [], []
            for i, k in enumerate(ks):
                runs = paths[k]["load"].get(label) or []
                vals = [r["answeredPerSecond"] for r in runs]
                if vals:
                    xs.append(i + off)
                    m = med(vals)
                    ys.append(m)
                    lo.append(m - min(vals))
                    hi.append(max(vals) - m)
            ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, color=color,
                   label="%s requester%s" % (label[1:], "" if label == "w1" else "s"))
            for x, y in zip(xs, ys):
                ax.text(x, y, fmt(y, 0), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(len(ks)))
        ax.set_xticklabels(["%s node%s" % (k, "" if k == "1" else "s") for k in ks])
        ax.set_ylabel("PROBE answers per second")
        ax.set_title("Signed PROBEs answered (whole path, h1 to h2)")
        ax.legend(fontsize=8)
        ax = axes[1]
        groups = []
        for k in ks:
            st = paths[k]["setup"]
            groups.append(("SETUP\n%s node%s" % (k, "" if k == "1" else "s"), [r["elapsed_ms"] for r in st["signal"]],
                           "#c44e52"))
            groups.append(("REST POST\n%s sidecar%s" % (k, "" if k == "1" else "s"),
                           [r["answer_ms"] for r in st["rest"]], "#55a868"))
        for i, (name, vals, color) in enumerate(groups):
            vals = [v for v in vals if v is not None]
            if not vals:
                continue
            ax.bar(i, med(vals), 0.6, color=color, alpha=0.8)
            ax.plot([i] * len(vals), vals, "k.", markersize=4)
            ax.text(i, med(vals), fmt(med(vals), 0), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([g[0] for g in groups], fontsize=8)
        ax.set_ylabel("ms to the answer (module ACTIVE)")
        ax.set_title("Deploy latency: median bar, each repetition a dot")
        # where a node's deploy goes: the container JVM's start, then install and steering
        ax = axes[2]
        bars = []
        for k in ks:
            sig = paths[k]["setup"]["signal"]
            for i in range(int(k)):
                jvm = med([r["per_node"][i]["container_start_ms"] for r in sig])
                rest = med([r["per_node"][i]["after_container_ms"] for r in sig])
                bars.append(("%s node%s:\nnode %d" % (k, "" if k == "1" else "s", i + 1), jvm, rest))
        for i, (name, jvm, rest) in enumerate(bars):
            if jvm is None or rest is None:
                continue
            ax.bar(i, jvm, 0.6, color="#dd8452", label="container JVM start" if i == 0 else None)
            ax.bar(i, rest, 0.6, bottom=jvm, color="#937860", label="module install + steering" if i == 0 else None)
            ax.text(i, jvm + rest, "%s\n(%s %% JVM)" % (fmt(jvm + rest, 0), fmt(100 * jvm / (jvm + rest), 0)),
                    ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(len(bars)))
        ax.set_xticklabels([b[0] for b in bars], fontsize=8)
        ax.set_ylabel("ms (medians, from the OFC and sidecar logs)")
        ax.set_ylim(top=max((b[1] or 0) + (b[2] or 0) for b in bars) * 1.3 if bars else None)
        ax.set_title("One node's deploy during a SETUP")
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        path = os.path.join(plot_dir, "bench-signaling-path.svg")
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    for p in written:
        say("plot written: %s" % p)
    return written


# ---- main -----------------------------------------------------------------------------------------------
def snapshot_jars(out_dir):
    """Copies of the jars in the output folder (a Maven build may rewrite target/ while this runs)."""
    jdir = os.path.join(out_dir, "jars")
    os.makedirs(jdir, exist_ok=True)
    src = {"ofc": ofc_jar(), "sidecar": os.environ.get("NETSERV_SIDECAR_JAR", SIDECAR_JAR),
           "netmonitor": module_url(MODULE)[len("file://"):], "signal": SIGNAL_JAR, "bench": BENCH_JAR}
    out = {k: os.path.join(jdir, os.path.basename(v)) for k, v in src.items()}
    for k, v in src.items():
        shutil.copy2(v, out[k])
    os.environ["NETSERV_OFC_JAR"] = out["ofc"]
    os.environ["NETSERV_SIDECAR_JAR"] = out["sidecar"]
    out["built"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(max(os.path.getmtime(v) for v in src.values())))
    out["head"] = run(["git", "-C", REPO_ROOT, "log", "-1", "--format=%h %cd", "--date=iso"], check=False).strip()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=5, help="SETUP and REST deploy repetitions per network (default 5)")
    p.add_argument("--nodes", default="1,2", help="networks to measure: NetServ nodes on the path (default 1,2)")
    p.add_argument("--window", type=int, default=16, help="requesters at once in the throughput runs (default 16)")
    p.add_argument("--load-seconds", type=float, default=8.0, help="seconds counted per throughput run (default 8)")
    p.add_argument("--w1-seconds", type=float, default=5.0, help="seconds counted per single-requester run")
    p.add_argument("--load-reps", type=int, default=2, help="runs of each load (default 2)")
    p.add_argument("--requests", type=int, default=12000, help="PROBEs signed ahead per throughput run")
    p.add_argument("--ofc-warmup", type=float, default=10.0, help="seconds of load before the counted runs")
    p.add_argument("--cli-runs", type=int, default=5, help="netserv-signal probe runs per network (default 5)")
    p.add_argument("--no-icmp-limited", dest="icmp_limited", action="store_false",
                   help="skip the run with h2's default ICMP rate limit")
    p.add_argument("--skip-jmh", action="store_true")
    p.add_argument("--skip-mininet", action="store_true")
    p.add_argument("--quiet-wait", type=float, default=1800.0,
                   help="seconds to wait for other heavy work to end before each part (default 1800)")
    p.add_argument("--out-dir", default="/tmp/netserv-bench/signaling", help="report, JSON and logs")
    p.add_argument("--from-json", metavar="FILE",
                   help="measure nothing: write the report and plots again from a signaling_bench.json")
    p.add_argument("--plots", default=os.path.join(REPO_ROOT, "docs", "img"),
                   help="folder for the SVG plots (default docs/img); 'none' for no plots")
    args = p.parse_args()
    exit_on_sigterm()
    if args.from_json:
        with open(args.from_json) as fh:
            results = json.load(fh)
        results["summary"] = summarize(results)
        print(report(results, results["summary"], results["meta"]))
        if args.plots != "none" and ensure_matplotlib(Progress()):
            plots(results, results["summary"], args.plots, Progress())
        return 0
    if os.geteuid() != 0 and not args.skip_mininet:
        p.error("Mininet and Open vSwitch need root")
    for f in (ofc_jar(), SIDECAR_JAR, module_url(MODULE)[len("file://"):], SIGNAL_JAR):
        if not os.path.exists(f):
            p.error("%s missing: run 'mvn -q -DskipTests package' in the repository root first" % f)
    if not os.path.exists(BENCH_JAR):
        p.error("%s missing: run 'mvn -B -q -Pbench -DskipTests package -pl bench -am' first" % BENCH_JAR)
    say = Progress()
    out_dir = args.out_dir
    marker = os.path.join(out_dir, ".signaling-bench")
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not os.path.exists(marker):
            p.error("%s exists and is not from an earlier run of this benchmark; give another --out-dir" % out_dir)
        shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    open(marker, "w").close()
    command = " ".join(shlex.quote(x) for x in [sys.executable] + sys.argv)
    started = datetime.datetime.now().astimezone()
    plots_ok = args.plots != "none" and ensure_matplotlib(say)
    jars = snapshot_jars(out_dir)
    say("using copies of the jars (built %s) so that a rebuild during the run changes nothing" % jars["built"])
    results = {"args": vars(args), "jars": jars, "paths": {}, "heavy": []}
    t_start = time.monotonic()
    try:
        if not args.skip_jmh:
            seen = wait_quiet(say, args.quiet_wait, "JMH")
            results["jmh"] = run_jmh(args, jars, say)
            results["heavy"].append({"where": "jmh", "processes": seen or results["jmh"]["heavy"]})
        if not args.skip_mininet:
            keys = os.path.join(out_dir, "keys")
            subprocess.run(["java", "-jar", jars["signal"], "keygen", "--user", USER, "--out", keys], check=True,
                           capture_output=True, timeout=60)
            with open(os.path.join(keys, "%s.pub" % USER)) as fh:
                pub = fh.read().strip()
            for k in [int(x) for x in args.nodes.split(",") if x.strip()]:
                res = run_path(k, args, jars, keys, pub, say)
                results["paths"][str(k)] = res
                results["heavy"].append({"where": "mininet K=%d" % k, "processes": res.get("heavy", [])})
    finally:
        results["elapsed_s"] = round(time.monotonic() - t_start, 1)
        with open(os.path.join(out_dir, "signaling_bench.json"), "w") as fh:
            json.dump(results, fh, indent=1, sort_keys=True, default=str)
    summary = summarize(results)
    meta = {"command": command, "started": started.strftime("%Y-%m-%d %H:%M:%S %Z").strip(),
            "machine": "%s, %d cores, kernel %s, %s, %s" % (
                platform.node(), os.cpu_count(), platform.release(),
                run(["ovs-vsctl", "--version"], check=False).splitlines()[0] if shutil.which("ovs-vsctl") else "no OVS",
                subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0])}
    results["summary"] = summary
    results["meta"] = meta
    write_report(out_dir, "signaling_bench", results, report(results, summary, meta),
                 plots(results, summary, args.plots, say) if plots_ok else [], say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
