"""Shortest-path forwarding on networks with redundant links: a two-level fat tree (leaf-spine), link failures
(announced by the port going down, and silent ones found by the probe timeout), a cable coming back,
and a host moving to another switch. Every path is the controller's: the switches learn nothing.
"""

import time
import unittest

from netserv_mn.net import BackgroundPing, dump_flows
from netserv_mn.ofc import dpid_str
from netserv_mn.testbase import NetservTestBase
from netserv_mn.util import run, wait_until
from tests.test_topology import RingWithDiagonalTopo, rx_packets

IDLE_SECONDS = 3.0
# LLDP probes once a second out of 16 inter-switch and 8 host ports, and a little IPv6 chatter.
MAX_IDLE_PACKETS = 500
PING_INTERVAL = 0.02
FORWARDING_COOKIE = "cookie=0x4e530002"  # NetServ's cookie tag, owner 2 (forwarding)
LINK_TIMEOUT_SECONDS = 3.5  # topology.linkTimeoutMs by default


class CampusTestBase(NetservTestBase):
    def wait_for_links(self, expected, timeout=10, what="GET /links to equal the real cables"):
        return wait_until(lambda: self.ofc.link_set() == expected or None, timeout, what=what)

    def forwarding_entries(self, switch):
        """The forwarding module's host-pair entries (table 1, cookie owner 2) on a switch."""
        return [line for line in dump_flows(switch).splitlines()
                if "table=1," in line and FORWARDING_COOKIE in line and "dl_dst" in line]

    def host_pairs(self, switch):
        """(source MAC, destination MAC) of the forwarding module's entries on a switch."""
        pairs = set()
        for line in self.forwarding_entries(switch):
            fields = dict(part.split("=", 1) for part in line.replace(" ", ",").split(",") if "=" in part)
            pairs.add((fields["dl_src"], fields["dl_dst"]))
        return pairs

    def reaches(self, src, dst):
        sent, received, _ = self.net.ping(src, dst, count=1)
        return sent == received == 1


class FatTreeTest(CampusTestBase):
    # two spines s1, s2 (the cores), four leaves s3-s6 cabled to both, two hosts on each leaf
    TOPO = "leafspine,2,4,2"

    def test_links_pingall_both_cores_used_and_no_storm(self):
        expected = self.net.real_links()
        self.assertEqual(len(expected), 16)
        self.wait_for_links(expected)
        topology = self.ofc.get("topology")
        self.assertEqual(len(topology["treeCables"]), 5, topology)
        self.assertEqual(len(topology["blockedCables"]), 3, topology)
        self.progress("GET /links: the 16 directed links of 8 cables; tree of 5, 3 blocked")

        self.assert_pingall()
        self.progress("pingall of 8 hosts: 0% loss")
        per_core = {c: self.host_pairs(c) for c in ("s1", "s2")}
        self.progress("host pairs with a path over each core: %s" % {c: len(p) for c, p in per_core.items()})
        # 56 ordered pairs, 48 of them between edge switches: each takes exactly one of the equal-cost cores
        self.assertTrue(all(per_core.values()), "a core carries no path: %s" % per_core)
        self.assertFalse(per_core["s1"] & per_core["s2"], "a pair has entries on both cores")
        self.assertEqual(len(per_core["s1"] | per_core["s2"]), 48, per_core)
        for edge in ("s3", "s4", "s5", "s6"):
            entries = self.forwarding_entries(edge)
            self.assertTrue(entries, "no path entries on %s" % edge)

        before = {s.name: rx_packets(s.name) for s in self.net.net.switches}
        time.sleep(IDLE_SECONDS)
        idle = sum(rx_packets(s.name) - before[s.name] for s in self.net.net.switches)
        self.progress("%d packets received by the 6 switches in %.0f idle seconds" % (idle, IDLE_SECONDS))
        self.assertLess(idle, MAX_IDLE_PACKETS, "broadcast storm?")


class LinkFailureTest(CampusTestBase):
    """h1 on s1 pings h3 on s3 over the diagonal s1-s3; the diagonal fails; traffic goes round the ring."""
    TOPO = RingWithDiagonalTopo

    def cable_ends(self, a, b):
        sa, sb = self.net[a], self.net[b]
        ia, ib = sa.connectionsTo(sb)[0]
        return ia, ib

    def diagonal_links(self):
        ia, ib = self.cable_ends("s1", "s3")
        one = (dpid_str(1), self.net["s1"].ports[ia], dpid_str(3), self.net["s3"].ports[ib])
        return {one, one[2:] + one[:2]}

    def ping_through_failure(self, fail, what, seconds):
        """Pings h1 -> h3 every 20 ms, calls ``fail`` a second in, pings on for ``seconds`` and returns
        the longest gap between replies after the failure."""
        h1, h3 = self.net["h1"], self.net["h3"]
        self.assertEqual(self.net.ping(h1, h3, count=3)[1], 3)
        route = self.ofc.get("route/%s/%s" % (dpid_str(1), dpid_str(3)))
        self.assertEqual(route["length"], 1, route)
        with BackgroundPing(h1, h3, interval=PING_INTERVAL, min_seconds=1.0 + seconds) as pinger:
            time.sleep(1.0)
            failed_at = time.monotonic()
            fail()
            self.progress("%s at t=1 s" % what)
        gap = pinger.longest_gap(after=failed_at)
        self.assertIsNotNone(gap, "no replies around the failure:\n%s" % pinger.output)
        lost = pinger.result[0] - pinger.result[1]
        self.progress("%s: traffic recovered after a gap of %.0f ms (%d of %d pings lost)"
                      % (what, gap * 1000, lost, pinger.result[0]))
        self.write_artifact("recovery-%s.txt" % what.split()[0], "gap_ms %.1f\nlost %d\nsent %d\n%s"
                            % (gap * 1000, lost, pinger.result[0], pinger.output))
        replies_after = [t for t in pinger.replies if t > failed_at + gap]
        self.assertGreater(len(replies_after), 20, "traffic did not keep flowing after the failure")
        return gap

    def test_port_down_reroutes_and_the_cable_is_rediscovered_when_it_returns(self):
        expected = self.net.real_links()
        self.wait_for_links(expected)
        gap = self.ping_through_failure(lambda: self.net.net.configLinkStatus("s1", "s3", "down"),
                                        "port-down failure", seconds=4.0)
        # PORT_STATUS, not the 3.5 s probe timeout, must have ended it
        self.assertLess(gap, 1.0, "recovery after a port went down took as long as a silent failure")
        self.assertFalse(self.diagonal_links() & self.ofc.link_set(), "the failed cable is still in /links")
        route = self.ofc.get("route/%s/%s" % (dpid_str(1), dpid_str(3)))
        self.assertEqual(route["length"], 2, route)

        came_back = time.monotonic()
        self.net.net.configLinkStatus("s1", "s3", "up")
        self.wait_for_links(expected, timeout=10, what="the cable to be rediscovered")
        self.progress("cable back up: rediscovered in %.1f s" % (time.monotonic() - came_back))
        self.assert_pingall()

    def test_silent_failure_is_found_by_the_probe_timeout_and_rerouted(self):
        self.wait_for_links(self.net.real_links())
        ia, ib = self.cable_ends("s1", "s3")
        # Both ends of the diagonal drop every frame that arrives while their ports stay up (this kernel
        # has no netem): an entry above all of the controller's, which the controller never reads back.
        ends = [(self.net["s1"], ia), (self.net["s3"], ib)]
        gap = self.ping_through_failure(lambda: [self.blackhole(sw, intf) for sw, intf in ends],
                                        "silent failure", seconds=LINK_TIMEOUT_SECONDS + 4.0)
        self.assertLess(gap, LINK_TIMEOUT_SECONDS + 1.5, "not rerouted soon after the link timed out")
        self.assertFalse(self.diagonal_links() & self.ofc.link_set(), "the silent cable is still in /links")

    @staticmethod
    def blackhole(switch, intf):
        run(["ovs-ofctl", "-O", "OpenFlow13", "add-flow", switch.name,
             "table=0,priority=65535,in_port=%d,actions=drop" % switch.ports[intf]])


class HostMoveTest(CampusTestBase):
    TOPO = RingWithDiagonalTopo

    def test_a_host_moved_to_another_switch_is_reachable_there(self):
        self.wait_for_links(self.net.real_links())
        self.assert_pingall()
        h1, s1, s4 = self.net["h1"], self.net["s1"], self.net["s4"]
        mac, ip = h1.MAC(), h1.IP()

        hintf, sintf = h1.connectionsTo(s1)[0]
        s1.detach(sintf)
        self.net.net.delLinkBetween(h1, s1)
        link = self.net.net.addLink(h1, s4)
        s4.attach(link.intf2)
        h1.setMAC(mac, intf=link.intf1)
        h1.setIP(ip, prefixLen=8, intf=link.intf1)
        h1.cmd("ethtool -K %s tx off" % link.intf1)
        new_port = s4.ports[link.intf2]
        self.progress("h1 (%s) moved from s1 to s4 port %d" % (mac, new_port))
        del hintf

        for other in ("h2", "h3", "h4"):
            wait_until(lambda: self.reaches(self.net[other], h1) or None, 10,
                       what="%s to reach h1 at its new place" % other)
        hosts = {h["mac"]: h for h in self.ofc.get("hosts")}
        self.assertEqual(hosts[mac]["attachment"], {"dpid": dpid_str(4), "port": new_port}, hosts[mac])
        self.assert_pingall()
        self.progress("h1 reachable from every host at s4; GET /hosts has it there")


if __name__ == "__main__":
    unittest.main()
