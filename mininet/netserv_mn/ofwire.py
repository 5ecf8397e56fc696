"""Just enough OpenFlow wire format to play a misbehaving peer against the controller.

The bad-peer tests talk raw TCP to the OpenFlow port: they send garbage, an OpenFlow 1.0 HELLO,
or headers with impossible lengths, then read what comes back until the controller closes the
connection. This module frames the bytes that come back and names the few constants involved.
"""

import errno
import socket
import struct
import time
from collections import namedtuple

OFP_HEADER = struct.Struct("!BBHI")  # version, type, length, xid
OFPT_HELLO, OFPT_ERROR = 0, 1
OFPET_HELLO_FAILED = 0
OF10, OF13 = 0x01, 0x04

OfMessage = namedtuple("OfMessage", "version type length xid body")


def header(version, msg_type, length, xid=1):
    """An 8-byte OpenFlow header; ``length`` is written as given, even if it is a lie."""
    return OFP_HEADER.pack(version, msg_type, length, xid)


def hello(version, xid=1):
    """A plain HELLO (no elements) of the given version."""
    return header(version, OFPT_HELLO, 8, xid)


def hello13_with_bitmap(xid=1):
    """An OpenFlow 1.3 HELLO carrying a version bitmap element that offers only 1.3."""
    element = struct.pack("!HHI", 1, 8, 1 << OF13)
    return header(OF13, OFPT_HELLO, 8 + len(element), xid) + element


def split_messages(data):
    """Split a byte stream into ``OfMessage`` records; stops at a truncated or malformed header."""
    messages, pos = [], 0
    while pos + 8 <= len(data):
        version, msg_type, length, xid = OFP_HEADER.unpack_from(data, pos)
        if length < 8 or pos + length > len(data):
            break
        messages.append(OfMessage(version, msg_type, length, xid, data[pos + 8:pos + length]))
        pos += length
    return messages


def error_type_code(message):
    """(type, code) of an OFPT_ERROR message body."""
    return struct.unpack_from("!HH", message.body, 0)


PeerOutcome = namedtuple("PeerOutcome", "received closed how seconds")
PeerOutcome.__doc__ = """What happened to a bad peer: bytes it received, whether the controller closed
the connection ('eof' or 'reset'), or 'timeout' if it was still open after the time allowed."""


class BadPeer:
    """A raw TCP client of the OpenFlow port that records what the controller does to it."""

    def __init__(self, port, host="127.0.0.1", connect_timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=connect_timeout)
        self.connected_at = time.monotonic()
        self.received = b""

    def send(self, data):
        """Send ``data``; returns False if the controller already closed or reset the connection."""
        try:
            self.sock.sendall(data)
            return True
        except OSError as exc:
            if exc.errno in (errno.EPIPE, errno.ECONNRESET):
                return False
            raise

    def wait_closed(self, timeout):
        """Read until the controller closes the connection or ``timeout`` seconds pass."""
        start = time.monotonic()
        deadline = start + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return PeerOutcome(self.received, False, "timeout", time.monotonic() - start)
            self.sock.settimeout(min(left, 0.5))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                return PeerOutcome(self.received, True, "reset", time.monotonic() - start)
            if not chunk:
                return PeerOutcome(self.received, True, "eof", time.monotonic() - start)
            self.received += chunk

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
