"""The OpenFlow core against one plain OVS bridge: handshake, pipeline, REST views, resync.

No Mininet here: a bare ``ovs-vsctl`` bridge (netdev datapath, OpenFlow13, fail_mode=secure)
is enough to see what the OFC writes into a real switch, and it starts in milliseconds.
"""

import time
import unittest

from netserv_mn.ofc import RestError, dpid_str
from netserv_mn.testbase import NetservTestBase
from netserv_mn.util import wait_for, wait_until

OFC_COOKIE_PREFIX = 0x4e53  # "NS": the OFC's cookie namespace (top 16 bits)
STALE_COOKIE = 0x4e53000200000001
FOREIGN_COOKIE = 0x1234


def table_miss(flows, table):
    """The priority-0 match-everything entries of ``table`` in ``parse_flows`` output."""
    return [f for f in flows if f["table"] == table and f["priority"] == 0 and f["match"] == ""]


class OvsBridgeTest(NetservTestBase):
    """One bridge, no hosts; the OFC is started by the base class."""

    def wait_pipeline(self, bridge, timeout=10.0):
        """Wait until both table-miss entries are in the bridge's flow table; returns the flows."""
        return wait_for(bridge.flows, lambda f: table_miss(f, 0) and table_miss(f, 1), timeout,
                        what="table-miss entries on %s" % bridge.name)

    def assert_pipeline_once(self, flows):
        miss0, miss1 = table_miss(flows, 0), table_miss(flows, 1)
        self.assertEqual(len(miss0), 1, "table 0 table-miss not exactly once: %s" % flows)
        self.assertEqual(len(miss1), 1, "table 1 table-miss not exactly once: %s" % flows)
        self.assertEqual(miss0[0]["actions"], "goto_table:1")
        self.assertRegex(miss1[0]["actions"], r"^CONTROLLER(:\d+)?$")
        for flow in miss0 + miss1:
            self.assertEqual(flow["cookie"] >> 48, OFC_COOKIE_PREFIX,
                             "cookie %#x outside the OFC's namespace" % flow["cookie"])

    def test_handshake_and_table_miss(self):
        bridge = self.make_bridge()
        (record,) = self.ofc.wait_for_switches([bridge.dpid], timeout=15)
        self.progress("switch %s listed by REST" % record["dpid"])
        self.assertEqual(record["openflowVersion"], "1.3")
        self.assertTrue(record["remoteAddress"].startswith("127.0.0.1:"), record)
        ports = {p["number"]: p for p in record["ports"]}
        self.assertIn("LOCAL", ports)
        self.assertEqual(ports["LOCAL"]["name"], bridge.name)
        # OVS refreshes the status columns every few seconds, hence the generous timeout.
        self.assertTrue(wait_until(bridge.connected, 10, what="OVS to report the controller connected"))

        self.assert_pipeline_once(self.wait_pipeline(bridge))

        bridge.delete()
        wait_until(lambda: dpid_str(bridge.dpid) not in self.ofc.switch_dpids(), 10,
                   what="OFC to drop the deleted bridge from /switches")

    def test_rest_flows_endpoint(self):
        bridge = self.make_bridge()
        self.ofc.wait_for_switches([bridge.dpid], timeout=15)
        self.wait_pipeline(bridge)
        flows = wait_for(lambda: self.ofc.flows(bridge.dpid), lambda f: len(f) >= 2, 10,
                         what="REST to show the table-miss flows")
        by_table = {(f["table"], f["priority"]): f for f in flows}
        self.assertEqual(by_table[(0, 0)]["instructions"], ["goto_table:1"])
        self.assertIn("CONTROLLER", " ".join(by_table[(1, 0)]["instructions"]).upper())
        for key in ((0, 0), (1, 0)):
            self.assertEqual(by_table[key]["owner"], "openflow")
            self.assertEqual(int(by_table[key]["cookie"], 16) >> 48, OFC_COOKIE_PREFIX)
            self.assertEqual(by_table[key]["match"], {})

        # Same answer for the other DPID spellings the contract accepts.
        for spelling in ("0x%x" % bridge.dpid, str(bridge.dpid)):
            answer = self.ofc.get("switches/%s/flows" % spelling)
            self.assertEqual(answer["dpid"], dpid_str(bridge.dpid), spelling)
            self.assertEqual({(f["table"], f["priority"]) for f in answer["flows"]}, set(by_table), spelling)

        with self.assertRaises(RestError) as ctx:
            self.ofc.get("switches/00:00:00:00:00:00:ff:fe/flows")
        self.assertEqual(ctx.exception.status, 404)
        self.assertEqual(ctx.exception.body.get("status"), 404, ctx.exception.body)

    def test_restart_resyncs_the_flow_table(self):
        bridge = self.make_bridge()
        self.ofc.wait_for_switches([bridge.dpid], timeout=15)
        self.assert_pipeline_once(self.wait_pipeline(bridge))

        code = self.ofc.stop(timeout=15)
        self.assertEqual(code, 0, "OFC did not stop cleanly on SIGTERM (exit code %s)" % code)
        self.progress("OFC stopped (exit %s); adding a stale and a foreign flow" % code)
        bridge.add_flow("cookie=%#x,table=1,priority=5,dl_dst=00:00:00:00:00:99,actions=drop" % STALE_COOKIE)
        bridge.add_flow("cookie=%#x,table=1,priority=6,dl_dst=00:00:00:00:00:98,actions=drop" % FOREIGN_COOKIE)
        self.assertLessEqual({STALE_COOKIE, FOREIGN_COOKIE}, {f["cookie"] for f in bridge.flows()})

        self.ofc.start()
        back = time.monotonic()
        self.ofc.wait_for_switches([bridge.dpid], timeout=15)
        self.progress("bridge reconnected %.1f s after the OFC was back" % (time.monotonic() - back))
        wait_until(lambda: STALE_COOKIE not in {f["cookie"] for f in bridge.flows()}, 10,
                   what="the OFC to delete the stale flow with its cookie")
        flows = self.wait_pipeline(bridge)
        self.assert_pipeline_once(flows)
        foreign = [f for f in flows if f["cookie"] == FOREIGN_COOKIE]
        self.assertEqual(len(foreign), 1, "the flow with a foreign cookie must be left alone: %s" % flows)
        self.assertEqual(foreign[0]["actions"], "drop")


if __name__ == "__main__":
    unittest.main()
