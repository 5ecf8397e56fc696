"""Link discovery and loop-free flooding on a network with loops: four switches in a ring with a
diagonal (s1-s2-s3-s4-s1 and s1-s3), one host on each. Without a broadcast tree the first ARP
request would circle the loops for ever; with it, pingall works, ``GET /links`` shows both
directions of each of the 5 cables, and the switches' packet counters stay quiet when idle.
"""

import re
import time
import unittest
from xml.etree import ElementTree

from mininet.topo import Topo

from netserv_mn.ofc import dpid_str
from netserv_mn.testbase import NetservTestBase
from netserv_mn.util import run, wait_until

IDLE_SECONDS = 3.0
# LLDP probes: one a second out of each of 14 ports, plus a little IPv6 chatter; a storm is thousands.
MAX_IDLE_PACKETS = 400


class RingWithDiagonalTopo(Topo):
    """s1-s2-s3-s4-s1 plus s1-s3; host hN on switch sN."""

    def build(self):  # pylint: disable=arguments-differ
        switches = [self.addSwitch("s%d" % i) for i in range(1, 5)]
        for i, switch in enumerate(switches, start=1):
            self.addLink(self.addHost("h%d" % i), switch)
        for a, b in ((1, 2), (2, 3), (3, 4), (4, 1), (1, 3)):
            self.addLink(switches[a - 1], switches[b - 1])


def rx_packets(bridge):
    """Packets received on all ports of a bridge, as the switch counts them."""
    out = run(["ovs-ofctl", "-O", "OpenFlow13", "dump-ports", bridge])
    return sum(int(n) for n in re.findall(r"rx pkts=(\d+)", out))


class TopologyWithLoopsTest(NetservTestBase):

    TOPO = RingWithDiagonalTopo

    def test_links_pingall_and_no_storm(self):
        expected = self.net.real_links()
        self.assertEqual(len(expected), 10)
        wait_until(lambda: self.ofc.link_set() == expected or None, 10,
                   what="GET /links to show both directions of the 5 cables")
        links = self.ofc.get("links")
        self.assertTrue(all(l["type"] == "DIRECT" for l in links), links)
        topology = self.ofc.get("topology")
        self.assertEqual(len(topology["switches"]), 4)
        self.assertEqual(len(topology["treeCables"]), 3, topology)
        self.assertEqual(len(topology["blockedCables"]), 2, topology)
        self.progress("GET /links: the 10 directed links; tree of 3 cables, 2 blocked")

        self.assert_pingall()
        self.progress("pingall 0% loss")

        hosts = {h["mac"]: h for h in self.ofc.get("hosts")}
        for i in range(1, 5):
            mac = "00:00:00:00:00:%02x" % i
            self.assertIn(mac, hosts)
            self.assertEqual(hosts[mac]["attachment"]["dpid"], dpid_str(i), hosts[mac])
            self.assertEqual(hosts[mac]["ipv4"], "10.0.0.%d" % i, hosts[mac])
        route = self.ofc.get("route/%s/%s" % (dpid_str(2), dpid_str(4)))
        self.assertEqual(route["length"], 2, route)
        self.assert_picture(hosts)

        before = {s.name: rx_packets(s.name) for s in self.net.net.switches}
        time.sleep(IDLE_SECONDS)
        after = {s.name: rx_packets(s.name) for s in self.net.net.switches}
        idle = sum(after[n] - before[n] for n in before)
        self.progress("%d packets received by the 4 switches in %.0f idle seconds" % (idle, IDLE_SECONDS))
        self.assertLess(idle, MAX_IDLE_PACKETS, "broadcast storm? %s -> %s" % (before, after))
        self.assert_pingall()

    def assert_picture(self, hosts):
        """GET /api/v1/topology.svg: every switch and host, the 2 blocked cables dashed (saved as an artifact)."""
        svg, content_type = self.ofc.topology_svg()
        self.write_artifact("topology.svg", svg)
        self.assertTrue(content_type.startswith("image/svg+xml"), content_type)
        root = ElementTree.fromstring(svg)  # well-formed XML
        self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
        for i in range(1, 5):
            self.assertIn('data-dpid="%s"' % dpid_str(i), svg)
        for mac in hosts:
            self.assertIn('data-mac="%s"' % mac, svg)
        self.assertEqual(svg.count('class="cable blocked"'), 2, svg)
        self.progress("GET /topology.svg: 4 switches, %d hosts, 2 blocked cables" % len(hosts))


if __name__ == "__main__":
    unittest.main()
