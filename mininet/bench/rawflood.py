"""Raw Ethernet sender and receiver for the flow-setup benchmark; runs inside a Mininet host.

``send``: cycles over ``--count`` frames that differ only in their source MAC
(``02:5e:00:XX:XX:XX``, locally administered) toward ``--dst-mac``, at ``--rate`` frames/s, until
stopped (SIGTERM) or ``--duration`` passes. Every frame with a source the switch has no flow for
is a PacketIn, so N distinct sources ask the controller for N flows. Frames are resent in rounds
because Open vSwitch drops PacketIns when more than ~100 wait on the connection: a dropped
first packet gets another chance, as it would with real traffic.

``recv``: counts distinct source MACs in that range arriving on ``--iface`` and prints the
CLOCK_MONOTONIC time (the same clock in every network namespace) when the first and when all
``--count`` have arrived.

EtherType 0x88b5 (IEEE local experimental) keeps the hosts' kernels out of it: no ICMP errors,
no ARP, nothing but the frames we count.
"""

import argparse
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETHERTYPE = 0x88b5
PREFIX = b"\x02\x5e\x00"


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def frames(dst_mac, count, size=64):
    dst = mac_bytes(dst_mac)
    out = []
    for i in range(count):
        src = PREFIX + struct.pack("!I", i)[1:]
        payload = struct.pack("!I", i).ljust(size - 14, b"\0")
        out.append(dst + src + struct.pack("!H", ETHERTYPE) + payload)
    return out


def send(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((args.iface, 0))
    batch_frames = frames(args.dst_mac, args.count)
    batch = max(1, args.rate // 100)  # 100 batches per second
    start = time.monotonic()
    print("start %.6f" % start, flush=True)
    sent, i = 0, 0
    deadline = start + args.duration
    while not stop and time.monotonic() < deadline:
        for _ in range(batch):
            sock.send(batch_frames[i])
            i = (i + 1) % len(batch_frames)
            sent += 1
        due = start + sent / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print("sent %d rounds %.2f seconds %.3f" % (sent, sent / len(batch_frames), time.monotonic() - start), flush=True)
    sock.close()


def recv(args):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETHERTYPE))
    sock.bind((args.iface, 0))
    sock.settimeout(0.5)
    print("ready %.6f" % time.monotonic(), flush=True)
    seen = set()
    deadline = time.monotonic() + args.timeout
    while len(seen) < args.count and time.monotonic() < deadline:
        try:
            data = sock.recv(2048)
        except socket.timeout:
            continue
        if data[6:9] == PREFIX:
            if not seen:
                print("first %.6f" % time.monotonic(), flush=True)
            seen.add(data[6:12])
    if len(seen) >= args.count:
        print("all %.6f" % time.monotonic(), flush=True)
    print("seen %d" % len(seen), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("send", help="send frames from --count distinct source MACs")
    s.add_argument("--iface", required=True)
    s.add_argument("--dst-mac", required=True)
    s.add_argument("--count", type=int, default=1000)
    s.add_argument("--rate", type=int, default=10000, help="frames per second offered (default 10000)")
    s.add_argument("--duration", type=float, default=30.0, help="stop after this many seconds")
    s.set_defaults(func=send)
    r = sub.add_parser("recv", help="wait until frames from --count distinct source MACs arrived")
    r.add_argument("--iface", required=True)
    r.add_argument("--count", type=int, default=1000)
    r.add_argument("--timeout", type=float, default=30.0)
    r.set_defaults(func=recv)
    args = parser.parse_args()
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
