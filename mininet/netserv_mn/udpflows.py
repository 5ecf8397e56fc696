"""Test traffic with per-flow accounting, run inside Mininet hosts (or anywhere with a Python 3).

    python3 -m netserv_mn.udpflows send --dst IP --port P [--flows N] (--packets K | --duration S)
            [--rate PPS] [--size BYTES] [--src-port-base B] [--src-ips A,B,..|--src-ip-base IP]
            [--flow-base F] [--out FILE]
    python3 -m netserv_mn.udpflows recv --ports P1,P2 [--bind IP] [--duration S] [--expect N] [--idle S]
            [--gap-threshold S] [--ready FILE] [--out FILE]
    python3 -m netserv_mn.udpflows tcp-server --port P [--bind IP] [--reply-bytes N] [--ready FILE] [--out FILE]
    python3 -m netserv_mn.udpflows tcp-client --dst IP --port P [--src-ip IP] [--src-port N] [--bytes N] [--out FILE]

``send`` opens one UDP socket per flow: flow ``i`` (0-based) sends from ``(src ip i, B + i)`` to
``(dst, P)``; the source IP is ``--src-ips[i % len]``, or ``--src-ip-base + i`` (the addresses must be
configured on the host), or whatever the kernel picks. With ``--packets K`` each flow sends K packets,
round robin over the flows (flow 0 seq 0, flow 1 seq 0, ..., flow 0 seq 1, ...); with ``--duration S``
it sends round robin until S seconds have passed (constant-rate mode, for failover measurements). The
total rate is ``--rate`` packets per second (0: as fast as possible). Each payload carries a magic, the
flow id (``--flow-base + i``), the flow's sequence number and the send time (ns since the epoch), padded
to ``--size`` bytes of UDP payload.

``recv`` binds every port of ``--ports`` and counts, per (source IP, source port, destination port), the
packets and bytes received, lost and duplicated sequence numbers, one-way delay (sender and receiver
share the host's clock) and how many packets were late (``--late-threshold``), and the gaps between consecutive arrivals (the longest, and every gap longer
than ``--gap-threshold``). It stops after ``--duration`` seconds, once ``--expect`` packets arrived,
after ``--idle`` seconds without a packet (once the first arrived), or on SIGTERM/SIGINT, and then
writes a JSON summary to ``--out`` (and stdout). ``--ready FILE`` is written once the sockets are bound.

``tcp-server`` accepts one connection, reads until the client shuts its side down, answers with
``--reply-bytes`` bytes and closes; ``tcp-client`` connects (optionally from a given address and port),
sends ``--bytes`` bytes, shuts down its sending side and reads the answer to the end. Both print JSON.
One connection with known addresses is what a flow-affinity check needs (iperf3 opens two).

Everything time-related in the summaries is seconds; ``*_epoch`` values are ``time.time()``.
"""

import argparse
import ipaddress
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time

MAGIC = b"NSUF"
HEADER = struct.Struct("!4sIIQ")  # magic, flow id, sequence number, send time (ns since the epoch)
MIN_SIZE = HEADER.size
MAX_GAPS_LISTED = 20


# ---- payload --------------------------------------------------------------------------------------
def encode(flow, seq, sent_ns, size=MIN_SIZE):
    """The payload of one packet: header padded with zeros to ``size`` bytes (at least the header)."""
    head = HEADER.pack(MAGIC, flow & 0xffffffff, seq & 0xffffffff, sent_ns)
    return head.ljust(max(size, MIN_SIZE), b"\0")


def decode(payload):
    """``(flow, seq, sent_ns)`` of a payload made by ``encode``, or None for anything else."""
    if len(payload) < MIN_SIZE:
        return None
    magic, flow, seq, sent_ns = HEADER.unpack_from(payload)
    if magic != MAGIC:
        return None
    return flow, seq, sent_ns


# ---- argument helpers -----------------------------------------------------------------------------
def parse_ports(text):
    """``"5060,5061"`` or ``"5060-5062"`` (or a mix) -> sorted list of ints."""
    ports = set()
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = (int(x) for x in part.split("-", 1))
            if lo > hi:
                raise ValueError("bad port range %r" % part)
            ports.update(range(lo, hi + 1))
        else:
            ports.add(int(part))
    if not ports or any(not 0 < p < 65536 for p in ports):
        raise ValueError("bad port list %r" % text)
    return sorted(ports)


def ip_range(base, count):
    """``count`` consecutive IPv4 addresses from ``base`` (``"10.0.1.1"``) as strings."""
    first = ipaddress.IPv4Address(base)
    return [str(first + i) for i in range(count)]


def flow_sources(flows, src_ips=None, src_ip_base=None, src_port_base=20000):
    """``[(src ip or "", src port)]`` of each flow, as ``send`` uses them."""
    if src_ips and src_ip_base:
        raise ValueError("give --src-ips or --src-ip-base, not both")
    if src_port_base + flows - 1 > 65535 or src_port_base < 1:
        raise ValueError("source ports %d..%d out of range" % (src_port_base, src_port_base + flows - 1))
    if src_ip_base:
        ips = ip_range(src_ip_base, flows)
    elif src_ips:
        ips = [src_ips[i % len(src_ips)] for i in range(flows)]
    else:
        ips = [""] * flows
    return [(ips[i], src_port_base + i) for i in range(flows)]


class Pacer:
    """Packet ``n`` is due ``n / rate`` seconds after the start (rate 0: always due)."""

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        self.rate, self.clock, self.sleep = rate, clock, sleep
        self.start = clock()

    def due(self, n):
        return self.start + (n / self.rate if self.rate > 0 else 0.0)

    def wait(self, n):
        """Sleep until packet ``n`` is due (sleeps only when more than 0.5 ms ahead)."""
        ahead = self.due(n) - self.clock()
        if ahead > 0.0005:
            self.sleep(ahead)


# ---- sender ---------------------------------------------------------------------------------------
def schedule(flows, packets):
    """The burst-mode order: ``(flow index, seq)`` round robin over the flows, ``packets`` rounds."""
    for seq in range(packets):
        for i in range(flows):
            yield i, seq


def send(dst, port, sources, packets=None, duration=None, rate=0.0, size=64, flow_base=0, stop=None):
    """Sends the traffic ``main`` describes; returns the summary dict."""
    if (packets is None) == (duration is None):
        raise ValueError("give exactly one of packets and duration")
    socks = []
    try:
        for ip, sport in sources:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((ip, sport))
            socks.append(s)
        sent = [0] * len(socks)
        errors = {}
        pacer = Pacer(rate)
        started_epoch = time.time()
        n = 0
        target = (dst, port)

        def one(i, seq):
            try:
                socks[i].sendto(encode(flow_base + i, seq, time.time_ns(), size), target)
                sent[i] += 1
            except OSError as exc:
                key = type(exc).__name__ + (":%s" % exc.errno if exc.errno else "")
                errors[key] = errors.get(key, 0) + 1

        if packets is not None:
            for i, seq in schedule(len(socks), packets):
                if stop and stop():
                    break
                pacer.wait(n)
                one(i, seq)
                n += 1
        else:
            end = pacer.start + duration
            seqs = [0] * len(socks)
            while not (stop and stop()):
                pacer.wait(n)
                if time.monotonic() >= end:
                    break
                i = n % len(socks)
                one(i, seqs[i])
                seqs[i] += 1
                n += 1
        elapsed = time.monotonic() - pacer.start
        return {
            "mode": "packets" if packets is not None else "duration",
            "dst": dst, "port": port, "size": size, "rate": rate,
            "started_epoch": started_epoch, "ended_epoch": time.time(), "elapsed": round(elapsed, 6),
            "sent": sum(sent), "errors": errors,
            "achieved_pps": round(sum(sent) / elapsed, 1) if elapsed > 0 else None,
            "flows": [{"flow": flow_base + i, "src": socks[i].getsockname()[0], "sport": sources[i][1],
                       "dport": port, "sent": sent[i]} for i in range(len(socks))],
        }
    finally:
        for s in socks:
            s.close()


# ---- receiver -------------------------------------------------------------------------------------
class FlowStats:
    """What arrived of one flow (keyed by source IP, source port, destination port)."""

    def __init__(self, gap_threshold=0.05, late_threshold=0.1):
        self.gap_threshold = gap_threshold
        self.late_threshold = late_threshold
        self.late = 0             # packets that took longer than late_threshold (held up somewhere)
        self.packets = 0
        self.bytes = 0
        self.flow_ids = set()
        self.seqs = set()
        self.duplicates = 0
        self.foreign = 0          # payloads that were not ours
        self.first = None         # epoch seconds of the first arrival
        self.last = None
        self.max_gap = 0.0
        self.max_gap_at = None    # epoch seconds of the arrival that ended the longest gap
        self.gaps = []            # [(start epoch, length)] of gaps above the threshold
        self.long_gaps = 0
        self.delay_min = None
        self.delay_max = None
        self.delay_sum = 0.0
        self.delays = 0

    def add(self, payload, now):
        self.packets += 1
        self.bytes += len(payload)
        if self.last is not None:
            gap = now - self.last
            if gap > self.max_gap:
                self.max_gap, self.max_gap_at = gap, now
            if gap > self.gap_threshold:
                self.long_gaps += 1
                if len(self.gaps) < MAX_GAPS_LISTED:
                    self.gaps.append((round(self.last, 6), round(gap, 6)))
        else:
            self.first = now
        self.last = now
        parsed = decode(payload)
        if parsed is None:
            self.foreign += 1
            return
        flow, seq, sent_ns = parsed
        self.flow_ids.add(flow)
        if seq in self.seqs:
            self.duplicates += 1
        else:
            self.seqs.add(seq)
        delay = now - sent_ns / 1e9
        if delay > self.late_threshold:
            self.late += 1
        self.delay_min = delay if self.delay_min is None else min(self.delay_min, delay)
        self.delay_max = delay if self.delay_max is None else max(self.delay_max, delay)
        self.delay_sum += delay
        self.delays += 1

    def summary(self):
        top = max(self.seqs) if self.seqs else -1
        return {
            "packets": self.packets, "bytes": self.bytes, "flow_ids": sorted(self.flow_ids),
            "unique": len(self.seqs), "duplicates": self.duplicates, "foreign": self.foreign,
            "max_seq": top, "missing": top + 1 - len(self.seqs),
            "first_epoch": self.first, "last_epoch": self.last,
            "max_gap": round(self.max_gap, 6), "max_gap_end_epoch": self.max_gap_at,
            "long_gaps": self.long_gaps, "gaps": self.gaps, "late": self.late,
            "delay_min": _r(self.delay_min), "delay_max": _r(self.delay_max),
            "delay_avg": _r(self.delay_sum / self.delays) if self.delays else None,
        }


def _r(value):
    return None if value is None else round(value, 6)


class Receiver:
    """Counts per flow; ``add(src ip, src port, dst port, payload, now)`` is the whole data path."""

    def __init__(self, gap_threshold=0.05, late_threshold=0.1):
        self.gap_threshold = gap_threshold
        self.late_threshold = late_threshold
        self.flows = {}
        self.total = 0
        self.first = None
        self.last = None
        self.max_gap = 0.0

    def add(self, src, sport, dport, payload, now):
        key = (src, sport, dport)
        stats = self.flows.get(key)
        if stats is None:
            stats = self.flows[key] = FlowStats(self.gap_threshold, self.late_threshold)
        stats.add(payload, now)
        self.total += 1
        if self.last is not None:
            self.max_gap = max(self.max_gap, now - self.last)
        else:
            self.first = now
        self.last = now

    def summary(self, **extra):
        rows = []
        for (src, sport, dport), stats in sorted(self.flows.items()):
            row = {"src": src, "sport": sport, "dport": dport}
            row.update(stats.summary())
            rows.append(row)
        out = {
            "packets": self.total, "flows": len(rows),
            "first_epoch": self.first, "last_epoch": self.last,
            "max_gap_any": round(self.max_gap, 6),
            "max_flow_gap": max((r["max_gap"] for r in rows), default=0.0),
            "missing": sum(r["missing"] for r in rows),
            "duplicates": sum(r["duplicates"] for r in rows),
            "late": sum(r["late"] for r in rows),
            "per_flow": rows,
        }
        out.update(extra)
        return out


def receive(ports, bind="0.0.0.0", duration=30.0, expect=None, idle=None, gap_threshold=0.05, ready=None,
            stop=None, late_threshold=0.1):
    """Receives until one of the end conditions (see ``main``); returns the summary dict."""
    sel = selectors.DefaultSelector()
    socks = []
    rec = Receiver(gap_threshold, late_threshold)
    reason = "duration"
    try:
        for port in ports:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            except OSError:
                pass
            s.bind((bind, port))
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, port)
            socks.append(s)
        started = time.monotonic()
        started_epoch = time.time()
        if ready:
            _write_atomic(ready, json.dumps({"ports": list(ports), "pid": os.getpid()}))
        while True:
            now_m = time.monotonic()
            if now_m - started >= duration:
                reason = "duration"
                break
            if expect is not None and rec.total >= expect:
                reason = "expected"
                break
            if idle is not None and rec.last is not None and time.time() - rec.last >= idle:
                reason = "idle"
                break
            if stop and stop():
                reason = "stopped"
                break
            for key, _ in sel.select(timeout=0.05):
                sock, dport = key.fileobj, key.data
                while True:
                    try:
                        payload, (src, sport) = sock.recvfrom(65535)
                    except (BlockingIOError, InterruptedError):
                        break
                    rec.add(src, sport, dport, payload, time.time())
        return rec.summary(ports=list(ports), started_epoch=started_epoch, ended_epoch=time.time(),
                           end_reason=reason)
    finally:
        for s in socks:
            sel.unregister(s)
            s.close()
        sel.close()


# ---- one TCP connection ---------------------------------------------------------------------------
def tcp_server(port, bind="0.0.0.0", reply_bytes=0, ready=None, timeout=60.0):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        srv.bind((bind, port))
        srv.listen(1)
        srv.settimeout(timeout)
        if ready:
            _write_atomic(ready, json.dumps({"port": port, "pid": os.getpid()}))
        conn, peer = srv.accept()
        started = time.monotonic()
        with conn:
            conn.settimeout(timeout)
            received = 0
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += len(chunk)
            sent = _send_bytes(conn, reply_bytes)
            conn.shutdown(socket.SHUT_WR)
            local = conn.getsockname()
        return {"peer": list(peer), "local": list(local), "received": received, "sent": sent,
                "seconds": round(time.monotonic() - started, 6)}
    finally:
        srv.close()


def tcp_client(dst, port, src_ip="", src_port=0, nbytes=0, timeout=60.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if src_ip or src_port:
            s.bind((src_ip, src_port))
        s.settimeout(timeout)
        started = time.monotonic()
        s.connect((dst, port))
        local = s.getsockname()
        sent = _send_bytes(s, nbytes)
        s.shutdown(socket.SHUT_WR)
        received = 0
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            received += len(chunk)
        return {"local": list(local), "peer": [dst, port], "sent": sent, "received": received,
                "seconds": round(time.monotonic() - started, 6)}
    finally:
        s.close()


def _send_bytes(sock, nbytes):
    block = bytes(range(256)) * 256
    sent = 0
    while sent < nbytes:
        sock.sendall(block[:min(len(block), nbytes - sent)])
        sent += min(len(block), nbytes - sent)
    return sent


# ---- CLI ------------------------------------------------------------------------------------------
def _write_atomic(path, text):
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _emit(result, out):
    text = json.dumps(result, indent=1, sort_keys=True)
    if out:
        _write_atomic(out, text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def build_parser():
    p = argparse.ArgumentParser(prog="python3 -m netserv_mn.udpflows", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send", help="send UDP flows")
    s.add_argument("--dst", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--flows", type=int, default=1)
    mode = s.add_mutually_exclusive_group(required=True)
    mode.add_argument("--packets", type=int, help="packets per flow")
    mode.add_argument("--duration", type=float, help="send round robin for this many seconds")
    s.add_argument("--rate", type=float, default=1000.0, help="total packets per second (0: flat out)")
    s.add_argument("--size", type=int, default=64, help="UDP payload bytes (at least %d)" % MIN_SIZE)
    s.add_argument("--src-port-base", type=int, default=20000)
    s.add_argument("--src-ips", default=None, help="comma-separated source addresses, used round robin")
    s.add_argument("--src-ip-base", default=None, help="flow i sends from this address + i")
    s.add_argument("--flow-base", type=int, default=0, help="flow ids start here")
    s.add_argument("--out", default=None)

    r = sub.add_parser("recv", help="receive and count UDP flows")
    r.add_argument("--ports", required=True)
    r.add_argument("--bind", default="0.0.0.0")
    r.add_argument("--duration", type=float, default=30.0)
    r.add_argument("--expect", type=int, default=None, help="stop once this many packets arrived")
    r.add_argument("--idle", type=float, default=None, help="stop after this long without a packet")
    r.add_argument("--gap-threshold", type=float, default=0.05)
    r.add_argument("--late-threshold", type=float, default=0.1, help="count packets delayed longer than this")
    r.add_argument("--ready", default=None)
    r.add_argument("--out", default=None)

    ts = sub.add_parser("tcp-server", help="accept one TCP connection")
    ts.add_argument("--port", type=int, required=True)
    ts.add_argument("--bind", default="0.0.0.0")
    ts.add_argument("--reply-bytes", type=int, default=0)
    ts.add_argument("--timeout", type=float, default=60.0)
    ts.add_argument("--ready", default=None)
    ts.add_argument("--out", default=None)

    tc = sub.add_parser("tcp-client", help="one TCP connection")
    tc.add_argument("--dst", required=True)
    tc.add_argument("--port", type=int, required=True)
    tc.add_argument("--src-ip", default="")
    tc.add_argument("--src-port", type=int, default=0)
    tc.add_argument("--bytes", type=int, default=0)
    tc.add_argument("--timeout", type=float, default=60.0)
    tc.add_argument("--out", default=None)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    stopped = {"flag": False}

    def on_signal(_signum, _frame):
        stopped["flag"] = True
    if args.cmd in ("send", "recv"):  # stop cleanly and still print what was counted
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    stop = lambda: stopped["flag"]  # noqa: E731

    if args.cmd == "send":
        if args.size < MIN_SIZE:
            raise SystemExit("--size must be at least %d" % MIN_SIZE)
        ips = [x.strip() for x in args.src_ips.split(",") if x.strip()] if args.src_ips else None
        sources = flow_sources(args.flows, ips, args.src_ip_base, args.src_port_base)
        result = send(args.dst, args.port, sources, packets=args.packets, duration=args.duration,
                      rate=args.rate, size=args.size, flow_base=args.flow_base, stop=stop)
    elif args.cmd == "recv":
        result = receive(parse_ports(args.ports), args.bind, args.duration, args.expect, args.idle,
                         args.gap_threshold, args.ready, stop=stop, late_threshold=args.late_threshold)
    elif args.cmd == "tcp-server":
        result = tcp_server(args.port, args.bind, args.reply_bytes, args.ready, args.timeout)
    else:
        result = tcp_client(args.dst, args.port, args.src_ip, args.src_port, args.bytes, args.timeout)
    _emit(result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
