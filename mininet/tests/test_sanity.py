"""Stage 1, the quick sanity check: the OFC starts, answers REST, and one switch forwards.

If this fails, nothing after it can pass; ``python3 -m tests`` stops here.
"""

import unittest

from netserv_mn.testbase import NetservTestBase


class SanityTest(NetservTestBase):
    """single,2: handshake, REST views and a ping through the forwarding module."""

    TOPO = "single,2"

    def test_ofc_serves_one_switch(self):
        health = self.ofc.health()
        self.assertEqual(health["status"], "UP")
        self.assertEqual(health["switches"], 1, health)
        for module in ("openflow", "forwarding", "rest"):
            self.assertIn(module, health["modules"])

        (switch,) = self.ofc.switches()
        self.assertEqual(switch["dpid"], "00:00:00:00:00:00:00:01")
        self.assertEqual(switch["openflowVersion"], "1.3")
        ports = {p["number"]: p for p in switch["ports"]}
        self.assertEqual(ports["1"]["name"], "s1-eth1")
        self.assertEqual(ports["2"]["name"], "s1-eth2")
        self.assertIn("LOCAL", ports)
        self.assertEqual(ports["1"]["state"], "UP")

        sent, received, rtts = self.net.ping("h1", "h2", count=3)
        self.assertEqual((sent, received), (3, 3), "h1 -> h2 ping lost packets")
        self.progress("h1 -> h2 RTTs %s ms" % rtts)


if __name__ == "__main__":
    unittest.main()
