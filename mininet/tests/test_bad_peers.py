"""Misbehaving OpenFlow peers must be thrown out without disturbing real switches.

A single-switch network pings in the background while raw TCP clients connect to the OFC's
OpenFlow port and misbehave. Each test asserts what the bad peer saw (an ERROR message, a closed
connection) and that the real switch kept working: no ping lost meanwhile, a fresh pingall
afterwards, and REST still lists exactly that switch (never the bad peer).
"""

import os
import random
import unittest

from netserv_mn.net import BackgroundPing
from netserv_mn.ofwire import (OF10, OF13, OFPET_HELLO_FAILED, OFPT_ERROR, BadPeer, error_type_code, header,
                               hello, hello13_with_bitmap, split_messages)
from netserv_mn.testbase import NetservTestBase

QUICK_CLOSE_SECONDS = 5.0
# A peer that completes HELLO, starts a legal 64 KiB message and goes silent can only be dropped
# by a timeout (handshake or echo); the OFC should not wait longer than this.
SILENT_PEER_SECONDS = float(os.environ.get("NETSERV_SILENT_PEER_SECONDS", "30"))
SEED = int(os.environ.get("NETSERV_GARBAGE_SEED", "20261122"))


class BadPeersTest(NetservTestBase):

    TOPO = "single,2"

    def setUp(self):
        super().setUp()
        self.assert_pingall()

    def assert_switch_unharmed(self, pinger):
        sent, received, _ = pinger.result
        self.assertGreater(sent, 0, pinger.output)
        self.assertEqual(received, sent, "background ping lost packets while the bad peer was at it:\n%s"
                         % pinger.output[-600:])
        self.assert_pingall()
        self.assertEqual([s["dpid"] for s in self.ofc.switches()], ["00:00:00:00:00:00:00:01"],
                         "REST must list the real switch and only it")
        self.assertEqual(self.ofc.health()["status"], "UP")

    def assert_closed(self, outcome, within):
        self.assertTrue(outcome.closed, "connection still open after %.1f s" % outcome.seconds)
        self.assertLessEqual(outcome.seconds, within)
        self.progress("closed by the OFC (%s) after %.2f s, %d bytes received" % (
            outcome.how, outcome.seconds, len(outcome.received)))

    def assert_each_closed(self, cases):
        """Each ``(name, bytes, seconds)`` peer, one after the other, is closed within its seconds
        while the switch keeps forwarding."""
        with BackgroundPing(self.net["h1"], self.net["h2"]) as pinger:
            for name, data, within in cases:
                with self.subTest(name):
                    with BadPeer(self.ofc.of_port) as peer:
                        peer.send(data)
                        outcome = peer.wait_closed(within + 1)
                    self.progress(name)
                    self.assert_closed(outcome, within)
        self.assert_switch_unharmed(pinger)

    def test_random_garbage_is_disconnected(self):
        data = random.Random(SEED).randbytes(70000)  # longer than any length field can claim
        with BackgroundPing(self.net["h1"], self.net["h2"]) as pinger:
            with BadPeer(self.ofc.of_port) as peer:
                peer.send(data)
                outcome = peer.wait_closed(QUICK_CLOSE_SECONDS + 1)
        self.assert_closed(outcome, QUICK_CLOSE_SECONDS)
        self.assert_switch_unharmed(pinger)

    def test_openflow10_hello_gets_hello_failed(self):
        with BackgroundPing(self.net["h1"], self.net["h2"]) as pinger:
            with BadPeer(self.ofc.of_port) as peer:
                peer.send(hello(OF10, xid=1))
                outcome = peer.wait_closed(QUICK_CLOSE_SECONDS + 1)
        self.assert_closed(outcome, QUICK_CLOSE_SECONDS)
        messages = split_messages(outcome.received)
        errors = [m for m in messages if m.type == OFPT_ERROR]
        self.assertEqual(len(errors), 1, "want one OFPT_ERROR before the close, got %s" % (messages,))
        err_type, err_code = error_type_code(errors[0])
        self.assertEqual(err_type, OFPET_HELLO_FAILED, "error type/code %d/%d" % (err_type, err_code))
        self.progress("got ERROR HELLO_FAILED code %d (version byte %d)" % (err_code, errors[0].version))
        self.assert_switch_unharmed(pinger)

    def test_malformed_lengths_are_disconnected(self):
        cases = [
            ("length 4 (< header size)", header(OF13, 0, 4)),
            ("length 0", header(OF13, 0, 0)),
            ("valid 1.3 HELLO, then length 3", hello13_with_bitmap() + header(OF13, 2, 3)),
            ("length 7 on a 1.0 header", header(OF10, 0, 7)),
        ]
        self.assert_each_closed([(name, data, QUICK_CLOSE_SECONDS) for name, data in cases])

    def test_huge_length_is_disconnected(self):
        cases = [
            # Before HELLO a peer has no business sending 64 KiB: expect a quick close.
            ("length 0xFFFF before HELLO, then silence", header(OF13, 0, 0xFFFF), QUICK_CLOSE_SECONDS),
            # After HELLO 65535 is a legal length, so only a timeout (handshake, echo) can
            # drop a peer that never sends the promised bytes.
            ("HELLO, then an ECHO_REQUEST header of length 0xFFFF, then silence",
             hello13_with_bitmap() + header(OF13, 2, 0xFFFF), SILENT_PEER_SECONDS),
        ]
        self.assert_each_closed(cases)

    def test_many_bad_peers_at_once(self):
        """Twenty bad peers of all kinds connected together while the switch forwards."""
        kinds = [random.Random(SEED + i).randbytes(70000) for i in range(5)] + \
            [hello(OF10)] * 5 + [header(OF13, 0, 4)] * 5 + [hello13_with_bitmap() + header(OF13, 2, 3)] * 5
        with BackgroundPing(self.net["h1"], self.net["h2"]) as pinger:
            peers = [BadPeer(self.ofc.of_port) for _ in kinds]
            try:
                for peer, data in zip(peers, kinds):
                    peer.send(data)
                outcomes = [peer.wait_closed(QUICK_CLOSE_SECONDS) for peer in peers]
            finally:
                for peer in peers:
                    peer.close()
        still_open = [i for i, o in enumerate(outcomes) if not o.closed]
        self.assertEqual(still_open, [], "peers not disconnected within %.0f s" % QUICK_CLOSE_SECONDS)
        self.progress("all %d bad peers disconnected" % len(peers))
        self.assert_switch_unharmed(pinger)


if __name__ == "__main__":
    unittest.main()
