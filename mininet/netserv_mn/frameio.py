"""Sends frames out of an interface and captures what comes back: runs inside a test's namespace.

    python3 -m netserv_mn.frameio exchange --iface X --frames FILE [--wait 2] [--gap-us 0]

FILE holds one hex frame per line. Prints JSON: ``{"sent": n, "received": ["hex", ...]}`` with every frame
that arrived on X (not the ones we sent) until ``--wait`` seconds after the last send with nothing new.
"""

import argparse
import json
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def exchange(iface, frames, wait, gap_us):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.05)
    received = []
    for f in frames:
        s.send(f)
        if gap_us:
            time.sleep(gap_us / 1e6)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            data, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == PACKET_OUTGOING:
            continue
        received.append(data.hex())
        deadline = max(deadline, time.monotonic() + min(wait, 0.5))  # keep listening while frames flow
    return received


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("exchange")
    ex.add_argument("--iface", required=True)
    ex.add_argument("--frames", required=True)
    ex.add_argument("--wait", type=float, default=2.0)
    ex.add_argument("--gap-us", type=int, default=0)
    a = p.parse_args()
    with open(a.frames) as fh:
        frames = [bytes.fromhex(line.strip()) for line in fh if line.strip()]
    out = exchange(a.iface, frames, a.wait, a.gap_us)
    json.dump({"sent": len(frames), "received": out}, sys.stdout)


if __name__ == "__main__":
    main()
