"""Steering benchmark: what a detour through sidecars costs, beside a direct path and a C bump in the wire.

Run (root, from ``mininet/``; ``./netserv bench steering`` does this after installing and building)::

    /usr/bin/python3 bench/steering_bench.py [--reps 3] [--window 3] [--out-dir /tmp/netserv-bench/steering]

One ``SteeringNet`` (netserv_mn/steering.py) for the whole run: the OFC, one Open vSwitch bridge on the
userspace datapath, hosts h1 (10.0.0.1) and h2 (10.0.0.2), and four ``netserv-sidecar`` processes on
root-namespace veth ports. A fifth veth port carries the C baseline ``bitw`` (sidecar-node/bench/bitw.c,
``--netmonitor``: the same parse-and-count per frame as the NetMonitor module) when it is measured; the
OFC does not know it, so it is steered by static OpenFlow entries this script adds itself with a cookie
without the OFC's 0x4e53 marker (the OFC leaves such entries alone)::

    table 0, priority 2000:  in_port=<h1>,udp,tp_dst=5060 (or tcp,tp_dst=5201 / icmp,nw_dst=10.0.0.2)
                             -> output:<bitw port>
    table 0, priority 61000: in_port=<bitw port>,ip -> output:<h2>
    table 0, priority 60990: in_port=<bitw port> -> drop

The return entry outputs to h2's port instead of continuing in the forwarding table: the OFC does not
know the bitw port as a sidecar port, so a frame back from it in table 1 would make its learning switch
believe h1 had moved behind that port. On Open vSwitch's userspace datapath the number of tables a packet
passes costs nothing per packet (the whole pipeline is cached as one datapath flow), so this is no
advantage. The drop entry keeps floods that bitw echoes (ARP) out of the network.

Configurations, measured in a rotated order in every repetition (``--reps``):

* ``direct``: no module; h1 -> switch -> h2.
* ``sidecar-1``, ``sidecar-2``, ``sidecar-4``: NetMonitor deployed through the OFC
  (``POST /api/v1/modules``, user alice) for ``udp dst 5060, dstPrefix 10.0.0.0/8`` and for
  ``tcp dst 5201, dstPrefix 10.0.0.0/8``, each with ``replicas`` N out of the pool of four; the switch
  hashes flows (addresses and ports) onto the N sidecars and pins them. Deleted after the measurement.
* ``c-bitw``: the static entries above and ``bitw --netmonitor`` on the fifth port.

Throughput. UDP: ``pktblast`` (sidecar-node/bench/pktblast.c) in h1 sends frames of 64 and of 340 bytes
as fast as it can, from 256 source addresses (10.1.0.x, so 256 flows for the sidecars to share) to UDP
port 5060 of 10.2.0.1 and MAC 02:00:00:00:00:bb. h2 announces that MAC once (a broadcast frame from it
with that source) so the OFC's learning switch forwards the frames to h2, whose kernel drops them
(another host's MAC: no ICMP, no replies). After ``--warm`` seconds the packet counters of h1's and h2's
interfaces (``/proc/<host pid>/net/dev``) are read, and again ``--window`` seconds later while the sender
still runs: kpps arrived at h2 over that window is the figure, kpps leaving h1 the offered load. CPU time
of the switch, the sidecars (agents and container JVMs), bitw, the sender and the OFC, and the whole
machine's busy share, are read from /proc over the same window. TCP: ``iperf3 -P --streams`` (several
connections, different source ports, so several sidecars share them) for ``--tcp-seconds`` after a one
second omitted start; Mbit/s received.

Added latency: ``ping -c --ping-count -i 0.01`` h1 -> h2 (after a short warm-up), per-packet RTTs,
median and 99th percentile, for ``direct``, ``sidecar-1`` (a module with filter ``icmp, dstPrefix
10.0.0.2/32``: only the echo requests take the detour) and ``c-bitw`` (``icmp,nw_dst=10.0.0.2`` steered).

Deployment time (once per repetition): a constant-rate UDP stream (``udpflows``, 20 flows, 1000
packets/s) to port 5061 runs; ``POST /api/v1/modules`` (NetMonitor, ``udp dst 5061``, ``replicas`` 1:
the sidecar starts the user's container JVM, which stopped when its last module left). Recorded: when
the POST answered, and, from packet sockets with kernel time stamps on every sidecar's data interface,
when the first steered frame reached a sidecar and when the first frame left it again after the module
processed it; as a cross-check, when the sidecar's admin API first showed a packet count above 0 (polled
every 10 ms).

Failover (``--failover-reps``, at the end): two of the four sidecars are stopped, so the pool is two;
NetMonitor for udp 5060 on both; 20 flows from 20 source addresses at ``--failover-rate`` packets/s to h2;
once every flow was counted by a sidecar, the sidecar carrying the most flows is SIGKILLed with its
containers (``SteeringNet.kill_sidecar``). The receiver reports per flow the longest gap between arrivals
and the packets missing; the OFC log says when it saw the sidecar DOWN and when it moved the pins. The
victim is restarted (with the same id) before the next repetition.

Everything runs on one shared 2-core machine: the sender, the switch, the sidecars and the receiver
compete for the same CPUs, so saturation figures are those of the machine, not of the sidecar; read the
ratios. Results: ``steering_bench.md`` and ``steering_bench.json`` (every raw sample) in ``--out-dir``,
with the OFC and sidecar logs; SVG plots in ``--plots`` (default docs/img, ``bench-steering-*.svg``).
Not a test: nothing here passes or fails on a figure.
"""

import argparse
import datetime
import json
import os
import platform
import select
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, MININET_DIR)  # mininet/ (never the repo root)

from benchlib import (HeavyWatch, cpu_seconds, ensure_matplotlib, fmt, heavy_processes, machine_busy,  # noqa: E402
                      med, ovs_pid, ratio, spread, write_report)
from netserv_mn import udpflows  # noqa: E402
from netserv_mn.net import parse_ping  # noqa: E402
from netserv_mn.ofc import REPO_ROOT, RestError, ofc_jar  # noqa: E402
from netserv_mn.sidecar import SIDECAR_JAR, module_url  # noqa: E402
from netserv_mn.steering import SidecarPort, SteeringNet, log_event_epoch  # noqa: E402
from netserv_mn.util import Progress, exit_on_sigterm, run, stop_process, wait_for, wait_until  # noqa: E402

BENCH_C = os.path.join(REPO_ROOT, "sidecar-node", "bench")
USER = "alice"
H2_IP = "10.0.0.2"
BLAST_MAC = "02:00:00:00:00:bb"          # pktblast's destination MAC
BITW_COOKIE = 0x0000b17700000000         # no 0x4e53 marker: the OFC never touches these entries
CONFIGS = ["direct", "sidecar-1", "sidecar-2", "sidecar-4", "c-bitw"]
LATENCY_CONFIGS = ["direct", "sidecar-1", "c-bitw"]
SIZES = (64, 340)
SO_TIMESTAMPNS = 35
PACKET_OUTGOING = 4

ANNOUNCE = r'''
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
mac = bytes.fromhex(sys.argv[2].replace(":", ""))
s.send(b"\xff" * 6 + mac + b"\x88\xb6" + b"netserv-bench: this MAC lives here".ljust(46, b"\0"))
'''


# ---- small helpers ------------------------------------------------------------------------------------
def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return None
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def rotated(items, rep):
    if not items:
        return []
    k = rep % len(items)
    return items[k:] + items[:k]


def netdev(pid, iface):
    """``{"rx", "tx", "rx_drop"}`` packet counters of ``iface`` in the network namespace of ``pid``."""
    with open("/proc/%d/net/dev" % pid) as fh:
        for line in fh:
            name, _, rest = line.partition(":")
            if name.strip() == iface:
                f = rest.split()
                return {"rx": int(f[1]), "rx_drop": int(f[3]), "tx": int(f[9])}
    raise RuntimeError("no interface %s in the namespace of pid %d" % (iface, pid))


# ---- per-packet time stamps on the sidecars' wires ------------------------------------------------------
class FirstFrames(threading.Thread):
    """Packet sockets (kernel time stamps) on interfaces: the first UDP frame to ``dport`` coming in from
    the switch and the first going out again (``PACKET_OUTGOING``: sent by the sidecar), per interface."""

    def __init__(self, ifaces, dport):
        super().__init__(daemon=True)
        self.dport = dport
        self.first_in, self.first_out, self.frames_in = {}, {}, {}
        self.socks = {}
        self._halt = threading.Event()
        for iface in ifaces:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
            s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            s.bind((iface, 0))
            s.setblocking(False)
            self.socks[s] = iface

    def _match(self, data):
        if len(data) < 42 or data[12:14] != b"\x08\x00" or data[23] != 17:
            return False
        ihl = (data[14] & 0x0f) * 4
        return struct.unpack_from("!H", data, 14 + ihl + 2)[0] == self.dport

    def run(self):
        while not self._halt.is_set():
            ready, _, _ = select.select(list(self.socks), [], [], 0.05)
            for s in ready:
                while True:
                    try:
                        data, anc, _, addr = s.recvmsg(2048, 64)
                    except (BlockingIOError, InterruptedError):
                        break
                    if not self._match(data):
                        continue
                    stamp = time.time()
                    for level, kind, raw in anc:
                        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(raw) >= 16:
                            sec, nsec = struct.unpack("qq", raw[:16])
                            stamp = sec + nsec / 1e9
                    iface = self.socks[s]
                    if addr[2] == PACKET_OUTGOING:
                        self.first_out.setdefault(iface, stamp)
                    else:
                        self.first_in.setdefault(iface, stamp)
                        self.frames_in[iface] = self.frames_in.get(iface, 0) + 1

    def stop(self):
        self._halt.set()
        self.join(5)
        for s in self.socks:
            s.close()


# ---- the benchmark ----------------------------------------------------------------------------------------
class SteeringBench:

    def __init__(self, fx, args, tools, say):
        self.fx, self.args, self.tools, self.say = fx, args, tools, say
        self.logs = os.path.join(args.out_dir, "runs")
        os.makedirs(self.logs, exist_ok=True)
        self.bitw_port = None
        self.bitw = None
        self.heavy_seen = []
        self.deploy_failures = []
        h1, h2 = fx.h1, fx.h2
        self.h1_if, self.h2_if = h1.defaultIntf().name, h2.defaultIntf().name
        self.h1_port = self.switch_port(h1)
        self.h2_port = self.switch_port(h2)
        self.announce_script = os.path.join(args.out_dir, "announce_mac.py")
        with open(self.announce_script, "w") as fh:
            fh.write(ANNOUNCE)

    def switch_port(self, host):
        link = host.defaultIntf().link
        sw_intf = link.intf2 if link.intf1.node is host else link.intf1
        return int(run(["ovs-vsctl", "--timeout=5", "get", "Interface", sw_intf.name, "ofport"]).strip())

    def clean(self, what, func, *args):
        """Runs one measurement while no other heavy work runs: waits for quiet first, watches during it,
        and measures again (up to 3 times) when something started meanwhile; the result of a measurement
        that stayed disturbed carries ``disturbed``."""
        res, found = None, []
        for attempt in range(1, 4):
            self.note_heavy(what)
            watch = HeavyWatch(interval=0.5)
            watch.start()
            try:
                res = func(*args)
            finally:
                found = watch.stop()
            if not found:
                return res
            self.say("  %s disturbed by other work (%s): %s" % (
                what, "; ".join(found)[:160], "measuring again" if attempt < 3 else "keeping it, marked"))
            self.heavy_seen.append({"where": what, "processes": found, "attempt": attempt})
        res["disturbed"] = found
        return res

    def note_heavy(self, where):
        """Before each measurement: wait (up to ``--quiet-wait`` seconds, re-checking every 30 s) while other
        heavy work runs on this shared machine; if it is still there, measure anyway and record it."""
        found = heavy_processes()
        deadline = time.monotonic() + self.args.quiet_wait
        while found and time.monotonic() < deadline:
            self.say("other heavy work runs (%s): waiting before %s" % ("; ".join(found)[:200], where))
            time.sleep(30)
            found = heavy_processes()
        if found:
            self.say("WARNING: measuring %s beside other heavy work: %s" % (where, found))
            self.heavy_seen.append({"where": where, "processes": found})

    # ---- static entries and the C baseline ----
    def add_flow(self, cookie, spec):
        run(["ovs-ofctl", "-O", "OpenFlow13", "add-flow", self.fx.switch_name,
             "cookie=%#x,table=0,%s" % (cookie, spec)])

    def del_flows(self, cookie):
        run(["ovs-ofctl", "-O", "OpenFlow13", "del-flows", self.fx.switch_name, "cookie=%#x/-1" % cookie],
            check=False)

    def create_bitw_port(self):
        self.bitw_port = SidecarPort(self.fx.switch_name, 9, self.fx.tag).create()
        port = self.bitw_port.ofport()
        self.add_flow(BITW_COOKIE | 1, "priority=61000,in_port=%d,ip,actions=output:%d" % (port, self.h2_port))
        self.add_flow(BITW_COOKIE | 1, "priority=60990,in_port=%d,actions=drop" % port)
        self.say("C baseline port %s (OpenFlow port %d) with static return entries (cookie %#x)" % (
            self.bitw_port.peer, port, BITW_COOKIE | 1))

    def delete_bitw_port(self):
        self.stop_bitw()
        self.del_flows(BITW_COOKIE | 1)
        self.del_flows(BITW_COOKIE | 2)
        if self.bitw_port is not None:
            self.bitw_port.delete()
            self.bitw_port = None

    def start_bitw(self, matches):
        log = open(os.path.join(self.logs, "bitw.log"), "a")
        self.bitw = subprocess.Popen([self.tools["bitw"], self.bitw_port.iface, "--netmonitor"],
                                     stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        time.sleep(0.3)
        if self.bitw.poll() is not None:
            raise RuntimeError("bitw exited at once; see %s" % os.path.join(self.logs, "bitw.log"))
        port = self.bitw_port.ofport()
        for m in matches:
            self.add_flow(BITW_COOKIE | 2, "priority=2000,in_port=%d,%s,actions=output:%d" % (self.h1_port, m, port))

    def stop_bitw(self):
        self.del_flows(BITW_COOKIE | 2)
        if self.bitw is not None:
            stop_process(self.bitw, timeout=5)
            self.bitw = None

    # ---- modules ----
    def module_request(self, name, **kw):
        body = self.fx.module_request(name, **kw)
        body["url"] = "file://" + self.args.netmonitor_jar
        return body

    def deploy(self, name, **kw):
        """POST the module; a refused deployment (a sidecar that missed its heartbeats while container JVMs
        started on two busy cores, say) is recorded in ``deploy_failures`` and tried again (3 times)."""
        body = self.module_request(name, **kw)
        for attempt in range(1, 4):
            t0 = time.monotonic()
            try:
                view = self.fx.deploy(body)
                return view, time.monotonic() - t0
            except RestError as err:
                self.deploy_failures.append({"module": name, "attempt": attempt, "status": err.status,
                                             "reason": str(err.body)[:400], "epoch": time.time()})
                self.say("  deploying %s failed (attempt %d): HTTP %s %s" % (name, attempt, err.status,
                                                                               str(err.body)[:200]))
                if attempt == 3:
                    raise
                self.fx.wait_ready(self.fx.live_ids(), timeout=30)
                time.sleep(2)
        raise AssertionError("not reached")

    def undeploy(self, name):
        if self.fx.ofc.module(USER, name) is not None:
            self.fx.ofc.delete_module(USER, name)
        wait_until(lambda: all("%s/%s" % (USER, name) not in ms for ms in self.fx.sidecar_modules().values()),
                   30, interval=0.1, what="module %s to leave every sidecar" % name)

    def setup_config(self, cfg, latency):
        """Deploys what ``cfg`` needs; returns a description (placement, deploy seconds)."""
        info = {"config": cfg}
        if cfg.startswith("sidecar-"):
            n = int(cfg.split("-")[1])
            deployed = {}
            for name, proto, port in (("tp-udp", "udp", 5060), ("tp-tcp", "tcp", 5201)):
                view, took = self.deploy(name, proto=proto, dst_port=port, replicas=n)
                deployed[name] = {"sidecars": sorted(p["id"] for p in view["sidecars"]), "seconds": round(took, 3)}
            if latency:
                view, took = self.deploy("lat-icmp", proto="icmp", dst_port=None, dst_prefix=H2_IP + "/32",
                                         replicas=1)
                deployed["lat-icmp"] = {"sidecars": sorted(p["id"] for p in view["sidecars"]),
                                        "seconds": round(took, 3)}
            info["modules"] = deployed
        elif cfg == "c-bitw":
            self.start_bitw(["udp,tp_dst=5060", "tcp,tp_dst=5201", "icmp,nw_dst=%s" % H2_IP])
        return info

    def teardown_config(self, cfg, info):
        if cfg.startswith("sidecar-"):
            for name in info.get("modules", {}):
                self.undeploy(name)
        elif cfg == "c-bitw":
            self.stop_bitw()

    def sidecar_pids(self):
        pids = []
        for sc in self.fx.sidecars.values():
            if sc.alive():
                pids.append(sc.pid)
                pids.extend(sc.container_pids())
        return pids

    # ---- measurements ----
    def announce_blast_mac(self):
        out = self.fx.h2.cmd("/usr/bin/python3 %s %s %s; echo rc=$?" % (self.announce_script, self.h2_if, BLAST_MAC))
        if "rc=0" not in out:
            raise RuntimeError("announcing %s from h2 failed: %s" % (BLAST_MAC, out))
        time.sleep(0.1)

    def udp_blast(self, cfg, size):
        fx, a = self.fx, self.args
        self.announce_blast_mac()
        groups = {"switch": [ovs_pid()], "sidecars": self.sidecar_pids(), "ofc": [fx.ofc.pid],
                  "bitw": [self.bitw.pid] if self.bitw is not None else []}
        err = open(os.path.join(self.logs, "pktblast.log"), "a")
        rate = ["--rate", str(a.blast_rate)] if a.blast_rate else []
        proc = fx.h1.popen([self.tools["pktblast"], self.h1_if, "--size", str(size), "--count", "2000000000",
                            "--quiet-seconds", "0.1"] + rate, stdout=subprocess.DEVNULL, stderr=err,
                           stdin=subprocess.DEVNULL)
        err.close()
        groups["sender"] = [proc.pid]
        try:
            time.sleep(a.warm)
            if proc.poll() is not None:
                raise RuntimeError("pktblast ended early (exit %s); see %s/pktblast.log" % (proc.returncode, self.logs))
            c0 = {k: cpu_seconds([p for p in v if p]) for k, v in groups.items()}
            b0, tx0, rx0, t0 = machine_busy(), netdev(fx.h1.pid, self.h1_if), netdev(fx.h2.pid, self.h2_if), time.monotonic()
            time.sleep(a.window)
            b1, tx1, rx1, t1 = machine_busy(), netdev(fx.h1.pid, self.h1_if), netdev(fx.h2.pid, self.h2_if), time.monotonic()
            c1 = {k: cpu_seconds([p for p in v if p]) for k, v in groups.items()}
            alive = proc.poll() is None
        finally:
            stop_process(proc, timeout=5)
        dt = t1 - t0
        res = {"size": size, "window_s": round(dt, 4), "sender_alive_at_end": alive,
               "offered_kpps": (tx1["tx"] - tx0["tx"]) / dt / 1000.0,
               "kpps": (rx1["rx"] - rx0["rx"]) / dt / 1000.0,
               "h2_rx_drop": rx1["rx_drop"] - rx0["rx_drop"],
               "cpu_cores": {k: round((c1[k] - c0[k]) / dt, 3) for k in c0},
               "machine_busy": round((b1[0] - b0[0]) / max(1, b1[1] - b0[1]), 3)}
        # CPU of the machine nobody above accounts for (kernel threads, other users' work)
        res["cpu_cores"]["other"] = round(res["machine_busy"] * (os.cpu_count() or 1)
                                          - sum(res["cpu_cores"].values()), 3)
        res["delivered_share"] = res["kpps"] / res["offered_kpps"] if res["offered_kpps"] else None
        return res

    def iperf(self, cfg, rep):
        fx, a = self.fx, self.args
        h1, h2 = fx.h1, fx.h2
        name = "iperf-%s-rep%d" % (cfg, rep)
        srv_log = open(os.path.join(self.logs, name + "-server.log"), "w")
        srv = h2.popen(["iperf3", "-s", "-1", "-p", "5201", "-B", H2_IP], stdout=srv_log, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "%s:5201" % H2_IP in h2.cmd("ss -ltn"), 10, what="iperf3 server to listen")
            cli = h1.popen(["iperf3", "-c", H2_IP, "-p", "5201", "-t", str(a.tcp_seconds), "-O", "1",
                            "-P", str(a.tcp_streams), "-J"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                out, err = cli.communicate(timeout=a.tcp_seconds + 40)
            finally:
                stop_process(cli, timeout=2)
            with open(os.path.join(self.logs, name + ".json"), "wb") as fh:
                fh.write(out)
            try:
                rep_json = json.loads(out.decode())
            except ValueError:
                return {"error": "iperf3 printed no JSON: %s" % err.decode()[-300:]}
            if "error" in rep_json:
                return {"error": rep_json["error"]}
            end = rep_json["end"]
            return {"mbps": end["sum_received"]["bits_per_second"] / 1e6,
                    "sent_mbps": end["sum_sent"]["bits_per_second"] / 1e6,
                    "retransmits": end["sum_sent"].get("retransmits"), "streams": a.tcp_streams}
        finally:
            stop_process(srv, timeout=3)
            srv_log.close()

    def ping(self, count):
        out = self.fx.h1.cmd("ping -n -c %d -i 0.01 -W 1 %s" % (count, H2_IP))
        sent, received, rtts = parse_ping(out, count)
        return {"sent": sent, "received": received, "median_ms": med(rtts), "p99_ms": pct(rtts, 0.99),
                "min_ms": min(rtts) if rtts else None, "rtts_ms": rtts}

    def module_share(self, name):
        """``{sidecar: packets}`` the module counted on each sidecar it runs on."""
        try:
            counts = self.fx.module_packets(USER, name)
        except Exception as exc:  # pylint: disable=broad-except
            return {"error": str(exc)}
        return {k: v for k, v in counts.items() if v}

    def throughput(self, cfg, rep, latency):
        self.note_heavy("%s rep %d" % (cfg, rep))
        info = self.setup_config(cfg, latency)
        try:
            if "modules" in info:
                self.say("  %s: modules on %s (deploys took %s s)" % (cfg, {k: v["sidecars"] for k, v in info["modules"].items()},
                         [v["seconds"] for v in info["modules"].values()]))
            out = {"rep": rep, "setup": info}
            for size in SIZES:
                r = self.clean("%s UDP %d B rep %d" % (cfg, size, rep), self.udp_blast, cfg, size)
                out["udp%d" % size] = r
                self.say("  %-9s UDP %3d B: %6.1f kpps at h2 (offered %6.1f kpps, machine busy %2.0f %%; cores: %s)" % (
                    cfg, size, r["kpps"], r["offered_kpps"], 100 * r["machine_busy"],
                    ", ".join("%s %.2f" % kv for kv in r["cpu_cores"].items() if kv[1] > 0.005)))
            if cfg.startswith("sidecar-"):
                out["udp_share"] = self.module_share("tp-udp")
            out["tcp"] = self.clean("%s TCP rep %d" % (cfg, rep), self.iperf, cfg, rep)
            if cfg.startswith("sidecar-"):
                out["tcp_share"] = self.module_share("tp-tcp")
            self.say("  %-9s TCP: %s Mbit/s (%s streams, %s retransmits)%s" % (
                cfg, fmt(out["tcp"].get("mbps"), 0), self.args.tcp_streams, out["tcp"].get("retransmits"),
                "; packets per sidecar UDP %s TCP %s" % (out.get("udp_share"), out.get("tcp_share"))
                if cfg.startswith("sidecar-") else ""))
            if latency:
                self.ping(30)  # warm-up: entries and pins exist, ARP known
                p = self.clean("%s ping rep %d" % (cfg, rep), self.ping, self.args.ping_count)
                out["ping"] = p
                self.say("  %-9s ping: median %.3f ms, p99 %.3f ms (%d/%d answered)" % (
                    cfg, p["median_ms"] or -1, p["p99_ms"] or -1, p["received"], p["sent"]))
            return out
        finally:
            self.teardown_config(cfg, info)

    def deploy_timing(self, rep):
        fx = self.fx
        d = self.logs
        recv = fx.start_receiver(d, "deploy-recv-rep%d" % rep, [5061], duration=120, idle=3)
        send = fx.start_sender(d, "deploy-send-rep%d" % rep, 5061, 20, duration=60, rate=1000,
                               src_port_base=21000)
        ifaces = {fx.ports[sid].iface: sid for sid in fx.live_ids()}
        sniff = FirstFrames(list(ifaces), 5061)
        sniff.start()
        polled = {}
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                for sid in list(fx.live_ids()):
                    if sid in polled:
                        continue
                    try:
                        m = fx.sidecar_module(sid, USER, "dt")
                    except Exception:  # pylint: disable=broad-except
                        m = None
                    if m and (m.get("packets") or 0) > 0:
                        polled[sid] = time.time()
                if polled:
                    return
                time.sleep(0.01)
        poller = threading.Thread(target=poll, daemon=True)
        try:
            time.sleep(1.5)  # the stream runs, unsteered
            before = dict(sniff.frames_in)
            poller.start()
            refused = len(self.deploy_failures)
            t_post = time.time()
            view, _ = self.deploy("dt", proto="udp", dst_port=5061, replicas=1)
            t_answer = time.time()
            refused = len(self.deploy_failures) - refused
            wait_until(lambda: sniff.first_out, 10, interval=0.01, what="a frame processed by the sidecar")
            poller.join(10)
            stop.set()
            placed = sorted(p["id"] for p in view["sidecars"])
            first_in = min(sniff.first_in.values()) if sniff.first_in else None
            first_out = min(sniff.first_out.values()) if sniff.first_out else None
            first_count = min(polled.values()) if polled else None
            res = {"rep": rep, "sidecars": placed, "frames_at_sidecars_before_post": sum(before.values()),
                   "refused_attempts": refused,
                   "answer_s": t_answer - t_post,
                   "first_at_sidecar_s": first_in - t_post if first_in else None,
                   "first_processed_s": first_out - t_post if first_out else None,
                   "counter_above_0_s": first_count - t_post if first_count else None}
            self.say("  deploy rep %d on %s: POST answered after %.3f s; first steered frame at the sidecar %s s, "
                     "first processed frame out %s s, admin counter > 0 at %s s" % (
                         rep, placed, res["answer_s"], fmt(res["first_at_sidecar_s"], 3),
                         fmt(res["first_processed_s"], 3), fmt(res["counter_above_0_s"], 3)))
            return res
        finally:
            stop.set()
            sniff.stop()
            send.stop(5)
            recv.stop(5)
            self.undeploy("dt")

    def failover(self, rep, flows=20):
        fx, a = self.fx, self.args
        d = self.logs
        sources = udpflows.ip_range("10.0.%d.1" % (60 + rep), flows)
        fx.add_addresses(fx.h1, sources)
        fx.h1.cmd("ping -c1 -W2 %s" % H2_IP)
        view, _ = self.deploy("fo", proto="udp", dst_port=5060)
        placed = sorted(p["id"] for p in view["sidecars"])
        running = self.fx.sidecar_modules(placed)
        missing = [sid for sid in placed if "%s/fo" % USER not in running.get(sid, [])]
        if missing:
            raise RuntimeError("the OFC placed module fo on %s, but %s do not run it: %s" % (placed, missing, running))
        seconds = a.failover_seconds
        recv = fx.start_receiver(d, "fo-recv-rep%d" % rep, [5060], duration=seconds + 30, idle=3,
                                 gap_threshold=0.05)
        send = fx.start_sender(d, "fo-send-rep%d" % rep, 5060, flows, src_ip_base=sources[0], duration=seconds,
                               rate=a.failover_rate)
        victim = None
        try:
            def all_seen(per):
                return all(any(per[s].get(src) for s in per) for src in sources)
            before = wait_for(lambda: fx.packets_by_source(USER, "fo", dst=H2_IP), all_seen, 10, interval=0.2,
                              what="every flow to be counted by a sidecar")
            owners = {src: [s for s in before if before[s].get(src)] for src in sources}
            load = {sid: sum(1 for o in owners.values() if sid in o) for sid in placed}
            victim = max(load, key=load.get)
            affected = sorted(src for src, o in owners.items() if victim in o)
            time.sleep(1.0)
            failed_at = time.time()
            pids = fx.kill_sidecar(victim, wait_containers=False)
            fx.wait_state(victim, "DOWN", timeout=5, interval=0.02)
            rest_down = time.time() - failed_at
            sent = send.wait(seconds + 30)
            got = recv.wait(seconds + 40)
            logged = log_event_epoch(fx.ofc.log_path, r"sidecar %s is DOWN" % victim, failed_at)
            moved = log_event_epoch(fx.ofc.log_path, r"pinned to sidecar %s .*move" % victim, failed_at)
            rows = {r["src"]: r for r in got["per_flow"] if r["dport"] == 5060}
            sent_per = {f["src"]: f["sent"] for f in sent["flows"]}
            per_flow = []
            for src in sources:
                r = rows.get(src, {})
                per_flow.append({"src": src, "affected": src in affected, "sent": sent_per.get(src, 0),
                                 "received": r.get("unique", 0), "lost": sent_per.get(src, 0) - r.get("unique", 0),
                                 "max_gap_s": r.get("max_gap"), "late": r.get("late", 0)})
            gaps = [f["max_gap_s"] or 0.0 for f in per_flow if f["affected"]]
            other = [f["max_gap_s"] or 0.0 for f in per_flow if not f["affected"]]
            lost = sum(f["lost"] for f in per_flow if f["affected"])
            per_flow_pps = a.failover_rate / flows
            res = {"rep": rep, "victim": victim, "sidecars": placed, "flows": flows, "affected_flows": len(affected),
                   "rate_pps": a.failover_rate, "ofc_down_s": logged - failed_at if logged else None,
                   "ofc_pins_moved_s": moved - failed_at if moved else None, "rest_down_s": rest_down,
                   "gap_max_s": max(gaps) if gaps else None, "gap_median_s": med(gaps),
                   "unaffected_gap_max_s": max(other) if other else None,
                   "lost_affected": lost, "lost_total": sum(f["lost"] for f in per_flow),
                   "lost_ms_per_affected_flow": 1000.0 * lost / max(1, len(affected)) / per_flow_pps,
                   "late_affected": sum(f["late"] for f in per_flow if f["affected"]),
                   "duplicates": got.get("duplicates"), "per_flow": per_flow}
            self.say("  failover rep %d: killed %s (%d of %d flows); OFC log: DOWN after %s s, pins moved after %s s; "
                     "longest gap of an affected flow %s s (median %s s, unaffected %s s); %d packets lost "
                     "(%.0f ms of traffic per affected flow)" % (
                         rep, victim, len(affected), flows, fmt(res["ofc_down_s"], 3), fmt(res["ofc_pins_moved_s"], 3),
                         fmt(res["gap_max_s"], 3), fmt(res["gap_median_s"], 3), fmt(res["unaffected_gap_max_s"], 3),
                         lost, res["lost_ms_per_affected_flow"]))
            fx.sidecars[victim].wait_containers_dead(pids, 10)
            return res
        finally:
            send.stop(5)
            recv.stop(5)
            if victim is not None and not fx.sidecars[victim].alive():
                fx.restart_sidecar(victim)
                # The OFC installs the module again on the sidecar that came back; let that finish before
                # the DELETE (a DELETE racing that re-install left the next deployment without the module
                # on that sidecar, although the OFC listed it there).
                try:
                    wait_until(lambda: "%s/fo" % USER in fx.sidecar_modules([victim])[victim], 20, interval=0.1,
                               what="the OFC to reinstall fo on %s" % victim)
                except TimeoutError as exc:
                    self.say("  %s" % exc)
            self.undeploy("fo")


# ---- report ---------------------------------------------------------------------------------------------
def summarize(results):
    tp = results["throughput"]
    s = {"throughput": {}, "latency": {}, "deploy": {}, "failover": {}}
    for cfg, runs in tp.items():
        row = {}
        for key, field in (("udp64", "kpps"), ("udp340", "kpps"), ("tcp", "mbps")):
            vals = [r[key].get(field) for r in runs if key in r]
            row[key] = {"median": med(vals), "min": spread(vals)[0], "max": spread(vals)[1], "values": vals}
            if key.startswith("udp"):
                row[key]["offered_median"] = med([r[key]["offered_kpps"] for r in runs if key in r])
                row[key]["busy_median"] = med([r[key]["machine_busy"] for r in runs if key in r])
                cores = {}
                for r in runs:
                    for k, v in r[key]["cpu_cores"].items():
                        cores.setdefault(k, []).append(v)
                row[key]["cores_median"] = {k: med(v) for k, v in cores.items()}
                # CPU per frame that reached h2 (microseconds): the switch, the box(es) on the detour, the
                # node (switch + boxes + OFC; the sender and the receiver excluded)
                per = {"switch": [], "boxes": [], "node": []}
                for r in runs:
                    if key in r and r[key]["kpps"]:
                        c, kfps = r[key]["cpu_cores"], r[key]["kpps"] * 1000.0
                        boxes = c.get("sidecars", 0) + c.get("bitw", 0) if cfg != "direct" else 0.0
                        per["switch"].append(1e6 * c.get("switch", 0) / kfps)
                        per["boxes"].append(1e6 * boxes / kfps)
                        per["node"].append(1e6 * (c.get("switch", 0) + boxes + c.get("ofc", 0)) / kfps)
                row[key]["us_per_frame"] = {k: med(v) for k, v in per.items()}
        s["throughput"][cfg] = row
        pings = [r["ping"] for r in runs if "ping" in r]
        if pings:
            pooled = [x for p in pings for x in p["rtts_ms"]]
            s["latency"][cfg] = {"median_ms": med([p["median_ms"] for p in pings]),
                                 "median_min": spread([p["median_ms"] for p in pings])[0],
                                 "median_max": spread([p["median_ms"] for p in pings])[1],
                                 "p99_ms": med([p["p99_ms"] for p in pings]),
                                 "p99_min": spread([p["p99_ms"] for p in pings])[0],
                                 "p99_max": spread([p["p99_ms"] for p in pings])[1],
                                 "pooled_median_ms": med(pooled), "pooled_p99_ms": pct(pooled, 0.99),
                                 "lost": sum(p["sent"] - p["received"] for p in pings)}
    for key in ("answer_s", "first_at_sidecar_s", "first_processed_s", "counter_above_0_s"):
        vals = [r.get(key) for r in results["deploy"]]
        s["deploy"][key] = {"median": med(vals), "min": spread(vals)[0], "max": spread(vals)[1]}
    for key in ("ofc_down_s", "ofc_pins_moved_s", "rest_down_s", "gap_max_s", "gap_median_s", "unaffected_gap_max_s",
                "lost_affected", "lost_ms_per_affected_flow"):
        vals = [r.get(key) for r in results["failover"]]
        s["failover"][key] = {"median": med(vals), "min": spread(vals)[0], "max": spread(vals)[1]}
    return s


def rng(entry, digits):
    if entry["median"] is None:
        return "n/a"
    return "%s (%s-%s)" % (fmt(entry["median"], digits), fmt(entry["min"], digits), fmt(entry["max"], digits))


def report(results, summary, meta):
    a = meta["args"]
    t = summary["throughput"]
    lines = ["# Steering benchmark", "",
             "- date: %s" % meta["started"],
             "- machine: %s" % meta["machine"],
             "- command: `%s`" % meta["command"],
             "- code: HEAD %s; jars built %s" % (results["jars"]["head"], results["jars"]["built"]),
             "- %d repetitions, configurations in rotated order; medians, (min-max) over repetitions" % a["reps"],
             "- UDP: pktblast flat out from h1, %.1f s warm-up, %.1f s window counted at h2; TCP: iperf3 -P %d, %d s" % (
                 a["warm"], a["window"], a["tcp_streams"], a["tcp_seconds"]),
             "- other heavy work (tests, Maven, another OFC): %s" % (
                 "never seen" if not results["heavy"] else
                 "%d measurement(s) disturbed and redone, %d kept disturbed: %s" % (
                     sum(1 for h in results["heavy"] if h.get("attempt") in (1, 2)),
                     sum(1 for h in results["heavy"] if h.get("attempt") == 3 or
                         (not h.get("attempt") and h["where"] != "start")),
                     "; ".join(h["where"] for h in results["heavy"]))),
             "- failed measurements (left out): %s" % (
                 "none" if not results.get("errors") else "; ".join(
                     "%s: %s" % (e["what"], e["error"][:200]) for e in results["errors"])),
             "- refused deployments (retried): %s" % (
                 "none" if not results.get("deploy_failures") else "; ".join(
                     "%s attempt %d: HTTP %s %s" % (f["module"], f["attempt"], f["status"], f["reason"][:160])
                     for f in results["deploy_failures"])),
             ""]
    cfgs = [c for c in CONFIGS if c in t and t[c]["udp64"]["median"] is not None]

    def base(cfg, key):
        return t.get(cfg, {}).get(key, {}).get("median")
    if cfgs:
        lines += ["## Throughput h1 -> h2", "",
                  "| configuration | UDP 64 B kpps | vs direct | vs c-bitw | UDP 340 B kpps | vs direct | vs c-bitw "
                  "| TCP Mbit/s | vs direct | vs c-bitw |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for cfg in cfgs:
            cells = []
            for key, digits in (("udp64", 1), ("udp340", 1), ("tcp", 0)):
                v = t[cfg][key]["median"]
                cells += [rng(t[cfg][key], digits), fmt(ratio(v, base("direct", key)), 2),
                          fmt(ratio(v, base("c-bitw", key)), 2)]
            lines.append("| %s | %s |" % (cfg, " | ".join(cells)))
        lines += ["", "Offered load (kpps leaving h1), machine busy share and CPU (cores, medians) during the UDP windows:",
                  "", "| configuration | size | offered kpps | arrived/offered | machine busy | switch | sidecars | bitw "
                  "| sender | OFC | other |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for cfg in cfgs:
            for key in ("udp64", "udp340"):
                e = t[cfg][key]
                c = e["cores_median"]
                lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    cfg, key[3:] + " B", fmt(e["offered_median"], 1), fmt(ratio(e["median"], e["offered_median"]), 2),
                    "%.0f %%" % (100 * e["busy_median"]) if e["busy_median"] is not None else "n/a",
                    fmt(c.get("switch"), 2), fmt(c.get("sidecars"), 2), fmt(c.get("bitw"), 2), fmt(c.get("sender"), 2),
                    fmt(c.get("ofc"), 2), fmt(c.get("other"), 2)))
        lines += ["", "CPU per frame that reached h2 (µs, medians; node = switch + sidecars or bitw + OFC; "
                  "in direct the idle sidecars are not counted):", "",
                  "| configuration | 64 B: switch | boxes | node | 340 B: switch | boxes | node |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for cfg in cfgs:
            u64, u340 = t[cfg]["udp64"]["us_per_frame"], t[cfg]["udp340"]["us_per_frame"]
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                cfg, fmt(u64["switch"], 1), fmt(u64["boxes"], 1), fmt(u64["node"], 1),
                fmt(u340["switch"], 1), fmt(u340["boxes"], 1), fmt(u340["node"], 1)))
        lines += ["", "Packets per sidecar (NetMonitor counters after the UDP runs / after iperf3), per repetition:", ""]
        for cfg in cfgs:
            if cfg.startswith("sidecar-"):
                for r in results["throughput"][cfg]:
                    lines.append("- %s rep %d: UDP %s; TCP %s" % (cfg, r["rep"], r.get("udp_share"), r.get("tcp_share")))
    lat = summary["latency"]
    if lat:
        lines += ["", "## Ping RTT h1 -> h2 (%d pings at 10 ms per repetition)" % a["ping_count"], "",
                  "| configuration | median ms | added vs direct | p99 ms | added vs direct | pooled median / p99 ms | lost |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        d = lat.get("direct", {})
        for cfg in [c for c in LATENCY_CONFIGS if c in lat]:
            e = lat[cfg]
            lines.append("| %s | %s (%s-%s) | %s | %s (%s-%s) | %s | %s / %s | %d |" % (
                cfg, fmt(e["median_ms"], 3), fmt(e["median_min"], 3), fmt(e["median_max"], 3),
                "%+.3f" % (e["median_ms"] - d["median_ms"]) if d else "n/a",
                fmt(e["p99_ms"], 3), fmt(e["p99_min"], 3), fmt(e["p99_max"], 3),
                "%+.3f" % (e["p99_ms"] - d["p99_ms"]) if d else "n/a",
                fmt(e["pooled_median_ms"], 3), fmt(e["pooled_p99_ms"], 3), e["lost"]))
    if results["deploy"]:
        dep = summary["deploy"]
        lines += ["", "## Deployment: POST /api/v1/modules to the first steered packet processed", "",
                  "| step (seconds after the POST was sent) | median (min-max) |", "| --- | ---: |",
                  "| POST answered (201) | %s |" % rng(dep["answer_s"], 3),
                  "| first steered frame reached a sidecar (kernel time stamp) | %s |" % rng(dep["first_at_sidecar_s"], 3),
                  "| first processed frame left the sidecar (kernel time stamp) | %s |" % rng(dep["first_processed_s"], 3),
                  "| admin API packet counter above 0 (polled) | %s |" % rng(dep["counter_above_0_s"], 3), "",
                  "Per repetition: " + "; ".join("rep %d on %s: %s / %s / %s s" % (
                      r["rep"], r["sidecars"], fmt(r["answer_s"], 3), fmt(r["first_at_sidecar_s"], 3),
                      fmt(r["first_processed_s"], 3)) for r in results["deploy"])]
    if results["failover"]:
        fo = summary["failover"]
        r0 = results["failover"][0]
        lines += ["", "## Failover: SIGKILL of one of two sidecars, %d flows at %d packets/s" % (r0["flows"], r0["rate_pps"]), "",
                  "| figure | median (min-max) |", "| --- | ---: |",
                  "| OFC log says DOWN (s after the kill) | %s |" % rng(fo["ofc_down_s"], 3),
                  "| OFC log says pins moved (s) | %s |" % rng(fo["ofc_pins_moved_s"], 3),
                  "| REST shows DOWN (polled every 20 ms, s) | %s |" % rng(fo["rest_down_s"], 3),
                  "| longest gap of an affected flow (s) | %s |" % rng(fo["gap_max_s"], 3),
                  "| median of the affected flows' longest gaps (s) | %s |" % rng(fo["gap_median_s"], 3),
                  "| longest gap of an unaffected flow (s) | %s |" % rng(fo["unaffected_gap_max_s"], 3),
                  "| packets lost, affected flows | %s |" % rng(fo["lost_affected"], 0),
                  "| traffic lost per affected flow (ms) | %s |" % rng(fo["lost_ms_per_affected_flow"], 0), "",
                  "Per repetition: " + "; ".join("rep %d killed %s (%d flows): gap %s s, %d lost" % (
                      r["rep"], r["victim"], r["affected_flows"], fmt(r["gap_max_s"], 3), r["lost_affected"])
                      for r in results["failover"])]
    return "\n".join(lines) + "\n"


def plots(results, summary, plot_dir, say):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    matplotlib.rcParams.update({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "netserv"})
    written = []
    os.makedirs(plot_dir, exist_ok=True)
    t = summary["throughput"]
    cfgs = [c for c in CONFIGS if c in t]
    colors = {"direct": "#7f7f7f", "sidecar-1": "#9ecae1", "sidecar-2": "#4292c6", "sidecar-4": "#08519c",
              "c-bitw": "#e6550d"}
    if cfgs:
        fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
        for ax, (key, title, unit) in zip(axes, (("udp64", "UDP, 64 B frames", "kpps at h2"),
                                                 ("udp340", "UDP, 340 B frames", "kpps at h2"),
                                                 ("tcp", "TCP (iperf3 -P %d)" % results["args"]["tcp_streams"],
                                                  "Mbit/s"))):
            meds = [t[c][key]["median"] or 0 for c in cfgs]
            lo = [m - (t[c][key]["min"] or m) for c, m in zip(cfgs, meds)]
            hi = [(t[c][key]["max"] or m) - m for c, m in zip(cfgs, meds)]
            ax.bar(range(len(cfgs)), meds, yerr=[lo, hi], capsize=3, color=[colors[c] for c in cfgs])
            for i, c in enumerate(cfgs):
                vals = [v for v in t[c][key]["values"] if v is not None]
                ax.plot([i] * len(vals), vals, ".", color="black", markersize=3)
            for i, c in enumerate(cfgs):
                r = ratio(t[c][key]["median"], t.get("direct", {}).get(key, {}).get("median"))
                if r is not None:
                    ax.text(i, (t[c][key]["max"] or meds[i]) * 1.01, "%.2f" % r, ha="center", va="bottom", fontsize=7)
            ax.set_xticks(range(len(cfgs)))
            ax.set_xticklabels(cfgs, rotation=30, ha="right")
            ax.set_title(title)
            ax.set_ylabel(unit)
        fig.suptitle("h1 -> h2 through the switch: median of %d runs (dots: each run, bars: min-max), labels = ratio to direct"
                     % results["args"]["reps"], fontsize=9)
        fig.tight_layout()
        path = os.path.join(plot_dir, "bench-steering-throughput.svg")
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    lat = summary["latency"]
    if lat:
        lcfgs = [c for c in LATENCY_CONFIGS if c in lat]
        fig, ax = plt.subplots(figsize=(6, 3.2))
        data = [[x for r in results["throughput"][c] if "ping" in r for x in r["ping"]["rtts_ms"]] for c in lcfgs]
        ax.boxplot(data, whis=(1, 99), showfliers=False)
        for i, c in enumerate(lcfgs, 1):
            ax.plot([i], [lat[c]["pooled_p99_ms"]], marker="v", color="#e6550d")
        ax.set_xticks(range(1, len(lcfgs) + 1))
        ax.set_xticklabels(["%s\nmedian %.3f ms" % (c, lat[c]["pooled_median_ms"]) for c in lcfgs])
        ax.set_ylabel("ping RTT (ms)")
        ax.set_title("RTT h1 -> h2, all pings pooled (box: quartiles, whiskers: 1-99 %, triangle: p99)", fontsize=8)
        fig.tight_layout()
        path = os.path.join(plot_dir, "bench-steering-latency.svg")
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    if results["failover"] or results["deploy"]:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
        fo = results["failover"]
        if fo:
            ax = axes[0]
            x = list(range(len(fo)))
            w = 0.2
            series = (("ofc_down_s", "OFC log: DOWN", "#9ecae1"), ("ofc_pins_moved_s", "OFC log: pins moved", "#4292c6"),
                      ("gap_median_s", "median gap, affected flows", "#fdae6b"),
                      ("gap_max_s", "longest gap, affected flows", "#e6550d"))
            for k, (key, label, color) in enumerate(series):
                ax.bar([i + (k - 1.5) * w for i in x], [1000 * (r.get(key) or 0) for r in fo], w, label=label, color=color)
            ax.set_xticks(x)
            ax.set_xticklabels(["rep %d\n%d lost" % (r["rep"], r["lost_affected"]) for r in fo])
            ax.set_ylabel("ms after SIGKILL / gap length (ms)")
            ax.set_title("Failover: one of two sidecars killed (%d pps)" % fo[0]["rate_pps"])
            ax.legend(fontsize=7)
        else:
            axes[0].set_visible(False)
        dep = results["deploy"]
        if dep:
            ax = axes[1]
            x = list(range(len(dep)))
            w = 0.27
            series = (("answer_s", "POST answered", "#9ecae1"), ("first_at_sidecar_s", "first frame at sidecar", "#4292c6"),
                      ("first_processed_s", "first frame processed", "#08519c"))
            for k, (key, label, color) in enumerate(series):
                ax.bar([i + (k - 1) * w for i in x], [r.get(key) or 0 for r in dep], w, label=label, color=color)
            ax.set_xticks(x)
            ax.set_xticklabels(["rep %d" % r["rep"] for r in dep])
            ax.set_ylabel("seconds after POST /api/v1/modules")
            ax.set_title("Deploying a module (container JVM starts)")
            ax.legend(fontsize=7, loc="lower right")
        else:
            axes[1].set_visible(False)
        fig.tight_layout()
        path = os.path.join(plot_dir, "bench-steering-failover.svg")
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    for p in written:
        say("plot written: %s" % p)
    return written


# ---- main -----------------------------------------------------------------------------------------------
def build_tools(out_dir):
    tools = {}
    tdir = os.path.join(out_dir, "tools")
    os.makedirs(tdir, exist_ok=True)
    for tool, extra in (("bitw", []), ("pktblast", ["-pthread"])):
        path = os.path.join(tdir, tool)
        run(["gcc", "-O2", "-Wall", "-o", path, os.path.join(BENCH_C, tool + ".c")] + extra, timeout=120)
        tools[tool] = path
    return tools


def attempt(results, say, what, into, func, *args):
    """Runs one measurement and appends its result to ``into``; a failure is recorded in
    ``results["errors"]`` and the benchmark goes on with the next one."""
    try:
        into.append(func(*args))
    except (RuntimeError, TimeoutError, OSError, ValueError, KeyError) as exc:
        say("FAILED: %s: %s: %s" % (what, type(exc).__name__, str(exc)[:500]))
        results["errors"].append({"what": what, "error": "%s: %s" % (type(exc).__name__, str(exc)[:2000])})


def snapshot_jars(out_dir):
    """Copies the OFC, sidecar and NetMonitor jars into the output folder and points the harness at the
    copies: on a shared checkout a Maven build may rewrite target/ while the benchmark runs."""
    jdir = os.path.join(out_dir, "jars")
    os.makedirs(jdir, exist_ok=True)
    src = {"ofc": ofc_jar(), "sidecar": SIDECAR_JAR, "netmonitor": module_url("netmonitor")[len("file://"):]}
    out = {k: os.path.join(jdir, os.path.basename(v)) for k, v in src.items()}
    for k, v in src.items():
        shutil.copy2(v, out[k])
    os.environ["NETSERV_OFC_JAR"] = out["ofc"]
    os.environ["NETSERV_SIDECAR_JAR"] = out["sidecar"]
    out["built"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(max(os.path.getmtime(v) for v in src.values())))
    out["head"] = run(["git", "-C", REPO_ROOT, "log", "-1", "--format=%h %cd", "--date=iso"], check=False).strip()
    return out


def report_again(args):
    with open(args.report_from) as fh:
        results = json.load(fh)
    summary = summarize(results)
    text = report(results, summary, results["meta"])
    out = os.path.join(os.path.dirname(os.path.abspath(args.report_from)), "steering_bench.md")
    with open(out, "w") as fh:
        fh.write(text)
    print(text)
    if args.plots != "none" and ensure_matplotlib(print):
        plots(results, summary, args.plots, print)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=3, help="repetitions of every configuration (default 3)")
    p.add_argument("--window", type=float, default=3.0, help="seconds counted per UDP run (default 3)")
    p.add_argument("--warm", type=float, default=1.0, help="seconds of sending before counting (default 1)")
    p.add_argument("--blast-rate", type=int, default=0,
                   help="frames/s pktblast offers (default 0: as fast as it can)")
    p.add_argument("--tcp-seconds", type=int, default=4, help="iperf3 -t (default 4, plus 1 s omitted)")
    p.add_argument("--tcp-streams", type=int, default=8, help="iperf3 -P (default 8)")
    p.add_argument("--ping-count", type=int, default=300, help="pings per latency run (default 300)")
    p.add_argument("--configs", default=",".join(CONFIGS), help="throughput configurations (default all)")
    p.add_argument("--failover-reps", type=int, default=None, help="failover repetitions (default --reps)")
    p.add_argument("--failover-rate", type=int, default=2000, help="packets/s of the 20 flows (default 2000)")
    p.add_argument("--failover-seconds", type=float, default=7.0, help="length of each failover stream")
    p.add_argument("--quiet-wait", type=float, default=900.0,
                   help="seconds to wait for other heavy work (tests, Maven) to end before each measurement")
    p.add_argument("--skip-latency", action="store_true")
    p.add_argument("--skip-deploy", action="store_true")
    p.add_argument("--skip-failover", action="store_true")
    p.add_argument("--out-dir", default="/tmp/netserv-bench/steering", help="report, JSON and logs")
    p.add_argument("--plots", default=os.path.join(REPO_ROOT, "docs", "img"),
                   help="folder for the SVG plots (default docs/img); 'none' for no plots")
    p.add_argument("--report-from", default=None, metavar="JSON",
                   help="only write the report and plots again from a steering_bench.json of an earlier run")
    args = p.parse_args()
    if args.report_from:
        return report_again(args)
    exit_on_sigterm()
    if os.geteuid() != 0:
        p.error("Mininet and Open vSwitch need root")
    for f in (ofc_jar(), SIDECAR_JAR, module_url("netmonitor")[len("file://"):]):
        if not os.path.exists(f):
            p.error("%s missing: run 'mvn -q -DskipTests package' in the repository root first" % f)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        p.error("unknown configurations %s (known: %s)" % (unknown, CONFIGS))
    failover_reps = args.reps if args.failover_reps is None else args.failover_reps
    say = Progress()
    out_dir = args.out_dir
    marker = os.path.join(out_dir, ".steering-bench")
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not os.path.exists(marker):
            p.error("%s exists and is not from an earlier run of this benchmark; give another --out-dir" % out_dir)
        shutil.rmtree(out_dir)  # our own folder from an earlier run
    os.makedirs(out_dir, exist_ok=True)
    open(marker, "w").close()
    command = " ".join(shlex.quote(x) for x in [sys.executable] + sys.argv)
    started = datetime.datetime.now().astimezone()
    plots_ok = args.plots != "none" and ensure_matplotlib(say)
    heavy = heavy_processes()
    if heavy:
        say("WARNING: other heavy work is running now, the figures will be noise: %s" % heavy)
    tools = build_tools(out_dir)
    jars = snapshot_jars(out_dir)
    say("using copies of the jars (built %s) so that a rebuild during the run changes nothing" % jars["built"])
    args.netmonitor_jar = jars["netmonitor"]
    results = {"args": dict(vars(args), reps=args.reps, failover_reps=failover_reps), "jars": jars,
               "throughput": {c: [] for c in configs}, "deploy": [], "failover": [], "heavy": [], "errors": []}
    if heavy:
        results["heavy"].append({"where": "start", "processes": heavy})
    fx = SteeringNet(out_dir, sidecars=4, progress=say)
    bench = None
    t_start = time.monotonic()
    try:
        say("starting the OFC, a switch, h1, h2 and 4 sidecars (output in %s)..." % out_dir)
        fx.start()
        bench = SteeringBench(fx, args, tools, say)
        if "c-bitw" in configs:
            bench.create_bitw_port()
        bench.announce_blast_mac()
        fx.h1.cmd("ping -c2 -W2 %s" % H2_IP)
        for rep in range(1, args.reps + 1):
            order = rotated(configs, rep - 1)
            say("repetition %d/%d: %s" % (rep, args.reps, ", ".join(order)))
            for cfg in order:
                latency = not args.skip_latency and cfg in LATENCY_CONFIGS
                attempt(results, say, "%s rep %d" % (cfg, rep), results["throughput"][cfg],
                        bench.throughput, cfg, rep, latency)
            if not args.skip_deploy:
                attempt(results, say, "deploy rep %d" % rep, results["deploy"],
                        bench.clean, "deploy rep %d" % rep, bench.deploy_timing, rep)
        bench.delete_bitw_port()
        if not args.skip_failover and failover_reps > 0:
            extra = sorted(fx.live_ids())[2:]
            say("failover: stopping %s so that the pool is two sidecars" % extra)
            for sid in extra:
                fx.remove_sidecar(sid)
            for rep in range(1, failover_reps + 1):
                attempt(results, say, "failover rep %d" % rep, results["failover"],
                        bench.clean, "failover rep %d" % rep, bench.failover, rep)
    finally:
        say("cleaning up...")
        if bench is not None:
            try:
                bench.delete_bitw_port()
            except Exception as exc:  # pylint: disable=broad-except
                say("cleanup of the bitw port failed: %s" % exc)
            results["heavy"].extend(bench.heavy_seen)
            results["deploy_failures"] = bench.deploy_failures
        problems = fx.stop()
        if problems:
            say("cleanup problems: %s" % problems)
        results["elapsed_s"] = round(time.monotonic() - t_start, 1)
        with open(os.path.join(out_dir, "steering_bench.json"), "w") as fh:
            json.dump(results, fh, indent=1, sort_keys=True)
    summary = summarize(results)
    meta = {"args": results["args"], "command": command,
            "started": started.strftime("%Y-%m-%d %H:%M:%S %Z").strip(),
            "machine": "%s, %d cores, kernel %s, %s, Java %s" % (
                platform.node(), os.cpu_count(), platform.release(),
                run(["ovs-vsctl", "--version"]).splitlines()[0],
                subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0])}
    results["summary"] = summary
    results["meta"] = meta
    write_report(out_dir, "steering_bench", results, report(results, summary, meta),
                 plots(results, summary, args.plots, say) if plots_ok else [], say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
