"""Unit tests of the harness's own parsers: fast, no root, no network. Stage 0 of the suite."""

import os
import tempfile
import unittest

from netserv_mn.net import parse_flows, parse_ping
from netserv_mn.ofc import dpid_str
from netserv_mn.ofwire import OF10, OF13, OFPT_ERROR, error_type_code, header, hello, split_messages
from netserv_mn.testbase import log_problems
from netserv_mn.topos import make_topo
from netserv_mn.util import StopWaiting, wait_for, wait_until


class TopoSpecTest(unittest.TestCase):

    def test_specs_like_mn(self):
        tree = make_topo("tree,2,2")
        self.assertEqual(tree.switches(), ["s1", "s2", "s3"])
        self.assertEqual(tree.hosts(), ["h1", "h2", "h3", "h4"])
        self.assertEqual(len(make_topo("tree,depth=3,fanout=2").switches()), 7)
        self.assertEqual(len(make_topo("single,5").hosts()), 5)
        linear = make_topo("linear,3,2")
        self.assertEqual((len(linear.switches()), len(linear.hosts())), (3, 6))
        self.assertEqual(len(linear.links()), 2 + 6)

    def test_bad_specs(self):
        for spec in ("", "ring,3", "tree,2,2,2", "tree,x", "tree,depth=0", "single,size=3"):
            with self.subTest(spec), self.assertRaises(ValueError):
                make_topo(spec)


class ParserTest(unittest.TestCase):

    def test_parse_flows(self):
        text = """OFPST_FLOW reply (OF1.3) (xid=0x2):
 cookie=0x4e53000100000000, duration=4.001s, table=0, n_packets=18, n_bytes=1564, priority=0 actions=goto_table:1
 cookie=0x4e53000200000000, duration=2.011s, table=1, n_packets=3, n_bytes=294, idle_timeout=10, send_flow_rem priority=100,in_port=2,dl_src=00:00:00:00:00:02,dl_dst=00:00:00:00:00:01 actions=output:1
 table=1, priority=0 actions=CONTROLLER:65535
"""
        flows = parse_flows(text)
        self.assertEqual(len(flows), 3)
        self.assertEqual((flows[0]["cookie"], flows[0]["table"], flows[0]["priority"], flows[0]["match"],
                          flows[0]["actions"]), (0x4e53000100000000, 0, 0, "", "goto_table:1"))
        self.assertEqual(flows[1]["idle_timeout"], 10)
        self.assertIn("dl_src=00:00:00:00:00:02", flows[1]["match"])
        self.assertEqual((flows[2]["cookie"], flows[2]["actions"]), (0, "CONTROLLER:65535"))

    def test_parse_ping(self):
        out = ("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=2.32 ms\n"
               "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n")
        self.assertEqual(parse_ping(out, 1), (1, 1, [2.32]))
        self.assertEqual(parse_ping("bash: ping: command not found", 3), (3, 0, []))

    def test_split_messages(self):
        err = header(OF13, OFPT_ERROR, 12) + b"\x00\x00\x00\x01"
        msgs = split_messages(hello(OF13) + err + header(OF10, 0, 200))  # truncated third
        self.assertEqual([(m.version, m.type) for m in msgs], [(OF13, 0), (OF13, OFPT_ERROR)])
        self.assertEqual(error_type_code(msgs[1]), (0, 1))

    def test_dpid_str(self):
        self.assertEqual(dpid_str(1), "00:00:00:00:00:00:00:01")
        self.assertEqual(dpid_str("0000000000000a1b"), "00:00:00:00:00:00:0a:1b")

    def test_log_problems(self):
        log = ("---- harness: start #1 of x ERROR\n"
               "09:13:08.689 INFO  Foo  sent OpenFlow ERROR HELLO_FAILED to a peer\n"
               "09:13:08.690 WARN  Foo  peer gone\n"
               "09:13:08.691 ERROR Foo  boom\n"
               "09:13:08.692 WARN  Foo  OpenFlow error from switch 1: BAD_MATCH/BAD_PREREQ\n"
               "java.lang.IllegalStateException: x\n"
               "\tat org.netserv.Foo.bar(Foo.java:12)\n")
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as fh:
            fh.write(log)
        try:
            self.assertEqual([p.split(":")[0] for p in log_problems(fh.name)], ["4", "5", "6", "7"])
            self.assertEqual(len(log_problems(fh.name, allowed=[r"boom", r"BAD_PREREQ"])), 2)
        finally:
            os.unlink(fh.name)


class WaitTest(unittest.TestCase):

    def test_wait_until_returns_value_and_times_out_with_detail(self):
        calls = []
        self.assertEqual(wait_until(lambda: calls.append(1) or (len(calls) >= 3 and "yes"), 2, 0.01), "yes")
        with self.assertRaisesRegex(TimeoutError, "thing.*ZeroDivisionError"):
            wait_until(lambda: 1 / 0, 0.05, 0.01, what="thing")
        with self.assertRaisesRegex(TimeoutError, "last value seen: 41"):
            wait_for(lambda: 41, lambda v: v == 42, 0.05, 0.01)

    def test_stop_waiting_is_raised_at_once(self):
        def dead():
            raise StopWaiting("process died")
        with self.assertRaises(StopWaiting):
            wait_until(dead, 60, 0.01)


if __name__ == "__main__":
    unittest.main()
