"""The forwarding module end to end on a tree (depth 2, fanout 2: s1 root, s2 and s3 leaves,
h1 h2 on s2, h3 h4 on s3): real ARP, ICMP and TCP through three switches, the flows it
installs as seen by REST and by the switches, and recovery after the OFC crashes.
"""

import time
import unittest

from netserv_mn.net import dump_flows, parse_flows
from netserv_mn.ofc import dpid_str
from netserv_mn.testbase import NetservTestBase
from netserv_mn.util import run, wait_until

H1, H4 = "00:00:00:00:00:01", "00:00:00:00:00:04"
RECOVERY_SECONDS = 10.0


def learned_in_switch(bridge):
    """Learned entries (table 1, priority > 0, OFC cookie) as the switch itself lists them."""
    return [f for f in parse_flows(dump_flows(bridge))
            if f["table"] == 1 and f["priority"] > 0 and f["cookie"] >> 48 == 0x4e53]


class ForwardingEndToEndTest(NetservTestBase):

    TOPO = "tree,2,2"

    def test_pingall_iperf_and_learned_flows(self):
        self.assert_pingall()
        self.progress("pingall 0% loss")

        report = self.net.iperf3("h1", "h4", seconds=3)
        mbps = report["end"]["sum_received"]["bits_per_second"] / 1e6
        self.progress("iperf3 h1 -> h4: %.1f Mbit/s" % mbps)
        self.assertGreater(mbps, 1.0, "TCP through s2-s1-s3 barely moved data")

        for dpid, name in ((2, "s2"), (1, "s1"), (3, "s3")):
            flows = self.ofc.flows(dpid)
            learned = [f for f in flows if f["owner"] == "forwarding"]
            self.assertTrue(learned, "no forwarding flows on %s: %s" % (name, flows))
            for flow in learned:
                self.assertEqual(flow["table"], 1, flow)
                self.assertTrue({"in_port", "eth_src", "eth_dst"} <= set(flow["match"]), flow)
                self.assertGreater(flow["idleTimeout"], 0, flow)
            h1_to_h4 = [f for f in learned if f["match"].get("eth_src") == H1 and f["match"].get("eth_dst") == H4]
            self.assertEqual(len(h1_to_h4), 1, "%s: want one h1->h4 flow, got %s" % (name, learned))
            self.assertGreater(h1_to_h4[0]["packets"], 100, "%s: the h1->h4 flow carried the iperf3 "
                               "data, its counter should show it: %s" % (name, h1_to_h4[0]))

            # The switch agrees with the REST view: the h1->h4 entry is in its table 1.
            in_switch = [f for f in parse_flows(dump_flows(name, stats=True))
                         if f["table"] == 1 and "dl_src=%s" % H1 in f["match"] and "dl_dst=%s" % H4 in f["match"]]
            self.assertEqual(len(in_switch), 1, "%s: h1->h4 flow in the switch: %s" % (name, in_switch))
            self.assertEqual(in_switch[0]["idle_timeout"], h1_to_h4[0]["idleTimeout"], in_switch)
            self.assertEqual(in_switch[0]["cookie"], int(h1_to_h4[0]["cookie"], 16), in_switch)

    def test_restarted_switch_gets_its_flows_back_from_the_controller(self):
        """A switch that loses its table while disconnected (as a restarted switch does) gets the
        pipeline and the learned entries the OFC still remembers back in the resync, before any
        new traffic could have relearned them."""
        self.assert_pingall()
        remembered = {f["match"] for f in learned_in_switch("s1")}
        self.assertTrue(remembered, "s1 learned nothing from pingall")

        run(["ovs-vsctl", "del-controller", "s1"])
        wait_until(lambda: dpid_str(1) not in self.ofc.switch_dpids(), 10, what="OFC to see s1 leave")
        run(["ovs-ofctl", "-O", "OpenFlow13", "del-flows", "s1"])  # nobody listening: no FLOW_REMOVED
        self.assertEqual(parse_flows(dump_flows("s1")), [])
        run(["ovs-vsctl", "set-controller", "s1", "tcp:127.0.0.1:%d" % self.ofc.of_port])
        self.ofc.wait_for_switches([1], timeout=10)

        restored = {f["match"] for f in learned_in_switch("s1")}
        self.progress("s1 back with %d of %d learned entries" % (len(restored & remembered), len(remembered)))
        self.assertEqual(restored, remembered, "learned entries not restored from the controller's view")
        tables = {(f["table"], f["priority"]) for f in parse_flows(dump_flows("s1"))}
        self.assertLessEqual({(0, 0), (1, 0)}, tables, "table-miss entries not restored")
        self.assert_pingall()

    def test_recovers_after_ofc_crash(self):
        self.assert_pingall()
        self.assertTrue(any(learned_in_switch(s.name) for s in self.net.switches), "nothing learned before the crash")
        self.ofc.kill()
        self.progress("OFC killed with SIGKILL; starting it again on the same ports")

        self.ofc.start()
        back = time.monotonic()
        self.ofc.wait_for_switches(self.net.dpids(), timeout=RECOVERY_SECONDS)
        self.progress("all 3 switches reconnected after %.1f s" % (time.monotonic() - back))
        # The new instance knows nothing the old one learned: its resync must have removed the
        # learned flows (its cookies) before it listed the switch, so what follows is relearning.
        for switch in self.net.switches:
            self.assertEqual(learned_in_switch(switch.name), [],
                             "%s kept learned flows across the OFC restart" % switch.name)

        attempts, result = 0, None
        while True:
            attempts += 1
            result = self.net.pingall(timeout=1.0)
            took = time.monotonic() - back
            if result.loss == 0.0 or took > RECOVERY_SECONDS:
                break
        self.progress("pingall after restart: %.0f%% loss, %d attempt(s), %.1f s after the OFC was up" % (
            result.loss, attempts, took))
        self.assertEqual(result.loss, 0.0, "no 0%% pingall within %.0f s of the OFC restart; last failures %s"
                         % (RECOVERY_SECONDS, result.failures))
        self.assertTrue(any(learned_in_switch(s.name) for s in self.net.switches),
                        "pingall went through but no switch holds a learned flow")
        self.assertEqual(sorted(s["dpid"] for s in self.ofc.switches()),
                         sorted(dpid_str(d) for d in self.net.dpids()))


if __name__ == "__main__":
    unittest.main()
