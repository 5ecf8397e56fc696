"""The sidecar as a bump in the wire on a real veth pair, with real container processes.

A namespace holds one end of a veth pair, the sidecar runs on the other end in the root namespace. Frames
are injected from the namespace with a raw socket and whatever the sidecar sends back is captured there.
"""

import json
import os
import time
import unittest

from netserv_mn import frames
from netserv_mn.netns import VethNamespace
from netserv_mn.ofc import RestError
from netserv_mn.sidecar import SidecarProcess, module_url
from netserv_mn.testbase import log_problems, make_test_folder
from netserv_mn.util import wait_until

SIP_NOTIFY = ("NOTIFY sip:server.example SIP/2.0\r\n"
              "Via: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776\r\n"
              "From: <sip:alice@example.com>;tag=49583\r\n"
              "To: <sip:server.example>\r\n"
              "Call-ID: ka-1@10.0.0.1\r\n"
              "CSeq: 20 NOTIFY\r\n"
              "Event: keep-alive\r\n"
              "Content-Length: 0\r\n\r\n")


class SidecarTestBase(unittest.TestCase):
    """A namespace with a veth pair and a sidecar on its outer end, per test; everything removed after."""

    ALLOWED_LOG_PATTERNS = ()

    def setUp(self):
        self.out_dir = make_test_folder(self.id())
        self.ns = VethNamespace("sc")
        self.addCleanup(self.ns.delete)
        self.ns.create()
        self.sidecar = SidecarProcess(self.out_dir, "sc1", self.ns.outer)
        self.addCleanup(self._stop_sidecar)
        self.sidecar.start()

    def _stop_sidecar(self):
        self.sidecar.stop()
        cgroup = "/sys/fs/cgroup/cpu/netserv-%s" % self.sidecar.sidecar_id
        self.assertFalse(os.path.exists(cgroup), "the sidecar left its cgroup %s behind" % cgroup)
        bad = log_problems(self.sidecar.log_path, self.ALLOWED_LOG_PATTERNS)
        if bad:
            raise AssertionError("sidecar log %s has problems:\n  %s" % (self.sidecar.log_path, "\n  ".join(bad[:20])))

    def exchange(self, frame_list, wait=1.0):
        """Sends frames from inside the namespace and returns the frames that came back (bytes)."""
        path = os.path.join(self.out_dir, "frames-%d.hex" % time.monotonic_ns())
        with open(path, "w") as fh:
            fh.write("\n".join(f.hex() for f in frame_list))
        out = json.loads(self.ns.python("netserv_mn.frameio", ["exchange", "--iface", self.ns.inner,
                                                                 "--frames", path, "--wait", str(wait)]))
        return [bytes.fromhex(h) for h in out["received"]]


class SidecarDataPathTest(SidecarTestBase):

    def test_netmonitor_counts_exactly_and_every_frame_comes_back(self):
        self.sidecar.install("acme", "nm", module_url("netmonitor"), {"proto": "udp", "dstPort": 5060})
        sip = [frames.udp("10.0.0.%d" % (1 + i % 5), "10.0.0.100", 40000 + i, 5060, "sip %d" % i) for i in range(100)]
        other = [frames.udp("10.0.0.9", "10.0.0.100", 50000 + i, 5061, "other %d" % i) for i in range(50)]
        sent = sip + other
        back = self.exchange(sent)
        self.assertEqual(sorted(back), sorted(sent), "every frame must come back byte for byte")
        nm = self.sidecar.module("acme", "nm")
        self.assertEqual(nm["packets"], 100, nm)
        self.assertEqual(nm["bytes"], sum(len(f) for f in sip), nm)
        tuples = nm["published"]["tuples"]
        self.assertEqual(tuples["packets"], 100)
        self.assertEqual(tuples["distinct"], 5)
        self.assertEqual({r["src"] for r in tuples["top"]}, {"10.0.0.%d" % i for i in range(1, 6)})
        self.assertTrue(all(r["packets"] == 20 and r["ttl"] == 64 for r in tuples["top"]), tuples)

    def test_without_modules_the_sidecar_is_a_plain_bump_in_the_wire(self):
        sent = [frames.udp("10.0.0.1", "10.0.0.2", 1, 2000 + i, "x") for i in range(20)]
        sent.append(bytes.fromhex("ffffffffffff020000000001" "0806") + b"\0" * 46)  # an ARP-like frame
        self.assertEqual(sorted(self.exchange(sent)), sorted(sent))

    def test_keepalive_answers_for_the_server_and_lets_other_sip_pass(self):
        self.sidecar.install("telco", "keepalive", module_url("keepalive"), {"proto": "udp", "dstPort": 5060})
        notify = frames.udp("10.0.0.1", "10.0.0.2", 5062, 5060, SIP_NOTIFY)
        invite = frames.udp("10.0.0.1", "10.0.0.2", 5062, 5060, SIP_NOTIFY.replace("NOTIFY sip", "INVITE sip")
                            .replace("CSeq: 20 NOTIFY", "CSeq: 20 INVITE"))
        broken = frames.udp("10.0.0.1", "10.0.0.2", 5062, 5060, "NOTIFY nonsense")
        back = self.exchange([notify, invite, broken])
        self.assertNotIn(notify, back, "the keep-alive must not reach the server")
        self.assertIn(invite, back)
        self.assertIn(broken, back)
        replies = [frames.parse_udp(f) for f in back if f not in (invite, broken)]
        self.assertEqual(len(replies), 1, back)
        src, dst, sport, dport, payload = replies[0]
        self.assertEqual((src, dst, sport, dport), ("10.0.0.2", "10.0.0.1", 5060, 5062))
        text = payload.decode()
        self.assertTrue(text.startswith("SIP/2.0 200 OK\r\n"), text)
        self.assertIn("Call-ID: ka-1@10.0.0.1\r\n", text)
        ka = self.sidecar.module("telco", "keepalive")
        self.assertEqual(ka["counters"]["keepalives-answered"], 1, ka)


class SidecarIsolationTest(SidecarTestBase):
    """Other users' misbehaving modules must not stop a third user's module."""

    ALLOWED_LOG_PATTERNS = (r"died \(exit code", r"OutOfMemoryError", r"stopped: it threw", r"chaos")

    def test_throwing_and_leaking_modules_of_other_users_do_not_stop_a_third(self):
        self.sidecar.install("mallory", "thrower", module_url("chaos", True), {"proto": "udp", "dstPort": 6000},
                             properties={"mode": "throw"}, policy="fail-open")
        self.sidecar.install("trudy", "leaker", module_url("chaos", True), {"proto": "udp", "dstPort": 6001},
                             properties={"mode": "allocate"}, policy="fail-closed")
        self.sidecar.install("acme", "nm", module_url("netmonitor"), {"proto": "udp", "dstPort": 5060})
        pids = self.sidecar.containers()
        self.assertEqual(len(set(pids.values())), 3, pids)

        good = [frames.udp("10.0.0.1", "10.0.0.2", 1000 + i, 5060, "ok") for i in range(50)]
        thrown = [frames.udp("10.0.0.1", "10.0.0.2", 2000 + i, 6000, "boom") for i in range(150)]
        leaked = [frames.udp("10.0.0.1", "10.0.0.2", 3000 + i, 6001, "eat") for i in range(200)]
        mixed = [f for trio in zip(good, thrown[:50], leaked[:50]) for f in trio] + thrown[50:] + leaked[50:]
        back = self.exchange(mixed, wait=3.0)

        self.assertEqual(sum(1 for f in back if f in good), 50, "the third user's frames all came back")
        self.assertEqual(sum(1 for f in back if f in thrown), 150, "fail-open: the thrower's frames pass")
        wait_until(lambda: self.sidecar.module("trudy", "leaker")["state"] == "FAILED", 30,
                   what="the leaking container to die and its module to be FAILED")
        leaker = self.sidecar.module("trudy", "leaker")
        self.assertIn("container exited", leaker["reason"])
        thrower = self.sidecar.module("mallory", "thrower")
        self.assertEqual(thrower["state"], "FAILED")
        self.assertIn("errors in a row", thrower["reason"])
        nm = self.sidecar.module("acme", "nm")
        self.assertEqual((nm["state"], nm["packets"]), ("ACTIVE", 50), nm)

        # After the others failed, the third user's module still processes traffic.
        more = [frames.udp("10.0.0.7", "10.0.0.2", 4000 + i, 5060, "later") for i in range(30)]
        self.assertEqual(sorted(f for f in self.exchange(more) if f in more), sorted(more))
        self.assertEqual(self.sidecar.module("acme", "nm")["packets"], 80)
        # fail-closed: the dead leaker's frames are dropped, not passed
        self.assertEqual([f for f in self.exchange(leaked[:10]) if f in leaked], [])


class SidecarRefusalTest(SidecarTestBase):

    def test_refusals_leave_nothing_behind(self):
        with self.assertRaises(RestError) as e:
            self.sidecar.install("acme", "x", "file:///nonexistent.jar", {"proto": "udp", "dstPort": 1})
        self.assertEqual(e.exception.status, 422)
        with self.assertRaises(RestError) as e:
            self.sidecar.request("POST", "modules", {"user": "acme"})
        self.assertEqual(e.exception.status, 400)
        self.assertEqual(self.sidecar.modules(), [])
        wait_until(lambda: self.sidecar.containers() == {}, 20, what="no container left")


if __name__ == "__main__":
    unittest.main()
