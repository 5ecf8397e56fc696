"""On-path signaling through two NetServ nodes: h1 - st1 (+ sidecar) - st2 (+ sidecar) - h2.

One OFC controls both switches; each switch is a NetServ node with a sidecar of its own. The signaling
CLI (``netserv-signal.jar``) runs in h1 and sends signed requests toward h2: both nodes intercept them (UDP
port 270), act, and the last one answers with every node's entry in path order.
"""

import datetime
import json
import os
import shlex
import subprocess
import time
import unittest

from netserv_mn import udpflows
from netserv_mn.sidecar import module_url
from netserv_mn.steering import SteeringTestCase, cookie_int
from netserv_mn.testbase import make_test_folder
from netserv_mn.util import wait_for

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIGNAL_JAR = os.environ.get("NETSERV_SIGNAL_JAR", os.path.join(REPO, "signaling", "target", "netserv-signal.jar"))
USER = "alice"
H2 = "10.0.0.2"
NODES = ["netserv/of:0000000000000001", "netserv/of:0000000000000002"]
RENEW_TTL = 12  # seconds: room for two CLI runs (a JVM start each) between the SETUPs and the check


def epoch(instant):
    """Seconds since the epoch of a REST time stamp such as ``2026-11-30T00:32:56.739742994Z``."""
    return datetime.datetime.fromisoformat(instant[:26].rstrip("Z") + "+00:00").timestamp()


def keygen(user, out_dir):
    """Writes ``out_dir/<user>.key`` and ``.pub`` with the CLI; returns the public key's text."""
    subprocess.run(["java", "-jar", SIGNAL_JAR, "keygen", "--user", user, "--out", out_dir], check=True,
                   capture_output=True, timeout=60)
    with open(os.path.join(out_dir, "%s.pub" % user)) as fh:
        return fh.read().strip()


class SignalingTest(SteeringTestCase):
    """Two switches, one sidecar each, alice's public key in the OFC config."""

    SIDECARS = 2

    @classmethod
    def setUpClass(cls):
        cls.keys = make_test_folder("%s.%s-keys" % (cls.__module__, cls.__name__))
        pub = keygen(USER, cls.keys)
        keygen("mallory", cls.keys)
        cls.FIXTURE_KWARGS = {"switches": 2, "users": [
            {"name": USER, "prefixes": ["10.0.0.0/8"], "ports": ["5060-5061"], "publicKey": pub}]}
        super().setUpClass()

    def signal(self, command, *args, key=USER, name="signal", bare=False):
        """Runs the CLI in h1 toward h2; returns (exit code, parsed JSON output). ``bare``: ``args`` give
        everything after the command (for ``trigger <request> ...``)."""
        out = os.path.join(self.out_dir, "%s-%d.json" % (name, time.monotonic_ns()))
        argv = ["java", "-jar", SIGNAL_JAR, command] + ([] if bare else [
            "--toward", H2, "--user", USER, "--key", os.path.join(self.keys, "%s.key" % key)]) + list(args)
        text = self.fx.h1.cmd(" ".join(shlex.quote(a) for a in argv) + " > %s 2> %s.err; echo EXIT=$?" % (out, out))
        code = int(text.strip().rsplit("EXIT=", 1)[1].split()[0])
        with open(out) as fh:
            body = fh.read()
        self.write_artifact(os.path.basename(out), body)
        try:
            return code, json.loads(body)
        except ValueError:
            with open(out + ".err") as fh:
                raise AssertionError("the CLI printed no JSON (exit %d): %s %s" % (code, body, fh.read())) from None

    def setup_module(self, *extra, ttl=120, key=USER, filter_dst="10.0.0.0/8"):
        return self.signal("setup", "--url", module_url("netmonitor"), "--filter-proto", "udp", "--filter-port", "5060",
                           "--filter-dst", filter_dst, "--ttl", str(ttl), *extra, key=key, name="setup")

    def track(self):
        """Registers the module's cookie, so the after-test check proves its entries are gone."""
        for m in self.fx.ofc.modules():
            self.module_cookies.add(cookie_int(m["cookie"]))

    def ping_h2(self):
        self.assertIn("1 received", self.fx.h1.cmd("ping -c1 -W2 %s" % H2))

    def test_setup_probe_and_remove_reach_both_nodes_in_path_order(self):
        fx = self.fx
        self.ping_h2()
        code, out = self.setup_module()
        self.track()
        self.assertEqual(code, 0, out)
        self.assertEqual([n["nodeId"] for n in out["nodes"]], NODES, "both nodes, in path order: %s" % out)
        self.assertTrue(all(n["status"] == 200 for n in out["nodes"]), out)
        module = wait_for(lambda: {m["name"]: m for m in fx.ofc.modules()}.get("netmonitor"),
                          lambda m: m is not None and m["state"] == "ACTIVE" and len(m["sidecars"]) == 2, 15,
                          what="the module to run on the sidecars of both switches")
        self.progress("SETUP answered by %s; module on %s" % ([n["nodeId"] for n in out["nodes"]],
                                                              [p["id"] for p in module["sidecars"]]))

        # Traffic h1 -> h2 to 5060 is steered through the sidecar of each node: both count every packet.
        n, k = 10, 5
        sources = udpflows.ip_range("10.0.8.1", n)
        fx.add_addresses(fx.h1, sources)
        recv = fx.start_receiver(self.out_dir, "recv", [5060], duration=60, expect=n * k, idle=5)
        fx.start_sender(self.out_dir, "send", 5060, n, src_ip_base=sources[0], packets=k, rate=200).wait(30)
        self.assertEqual(recv.wait(60)["packets"], n * k)
        counts = wait_for(lambda: fx.module_packets(USER, "netmonitor"), lambda c: all(v >= n * k for v in c.values()),
                          15, what="both nodes' modules to count every packet")
        self.assertEqual(sorted(counts.values()), [n * k, n * k], "each node counts the packets once: %s" % counts)

        code, probed = self.signal("probe", "--probe", "modules,node", name="probe")
        self.assertEqual(code, 0, probed)
        self.assertEqual([n["nodeId"] for n in probed["nodes"]], NODES, probed)
        for node in probed["nodes"]:
            self.assertIn("netmonitor", node["info"]["modules"], node)

        code, removed = self.signal("remove", "--module", "netmonitor", name="remove")
        self.assertEqual(code, 0, removed)
        self.assertEqual([n["nodeId"] for n in removed["nodes"]], NODES, removed)
        wait_for(lambda: fx.ofc.modules(), lambda m: m == [], 15, what="the module to be gone from the OFC")

    def test_a_user_added_over_rest_can_signal_until_removed(self):
        fx = self.fx
        pub = keygen("bob", self.keys)
        with self.assertRaises(Exception) as bad:
            fx.ofc.request("POST", "users", {"name": "bob", "publicKey": "not a key", "prefixes": ["10.0.0.0/8"],
                                             "ports": ["5060"]})
        self.assertEqual(getattr(bad.exception, "status", None), 400, bad.exception)
        fx.ofc.request("POST", "users", {"name": "bob", "publicKey": pub, "prefixes": ["10.0.0.0/8"], "ports": ["5060"]})
        self.assertEqual(fx.ofc.request("GET", "users/bob")["publicKey"], pub)
        code, probed = self.signal("probe", "--toward", H2, "--user", "bob", "--key", os.path.join(self.keys, "bob.key"),
                                   "--probe", "node", name="bob-probe", bare=True)
        self.assertEqual(code, 0, probed)
        fx.ofc.request("DELETE", "users/bob")
        code, refused = self.signal("probe", "--toward", H2, "--user", "bob", "--key", os.path.join(self.keys, "bob.key"),
                                    "--probe", "node", name="bob-gone", bare=True)
        self.assertEqual(code, 1, refused)
        self.assertEqual([(n["nodeId"], n["status"]) for n in refused["nodes"]], [(node, 401) for node in NODES], refused)

    def test_trigger_makes_the_last_node_signal_back_toward_the_sender(self):
        self.ping_h2()
        code, out = self.signal("trigger", "probe", "--toward", H2, "--user", USER, "--key",
                                os.path.join(self.keys, "%s.key" % USER), "--probe", "node", name="trigger", bare=True)
        self.assertEqual(code, 0, out)
        # The upstream flow starts at the last node (st2) and ends at the first (st1).
        self.assertEqual([n["nodeId"] for n in out["nodes"]], list(reversed(NODES)), out)
        self.assertEqual([n["info"]["node"] for n in out["nodes"]],
                         ["00:00:00:00:00:00:00:02", "00:00:00:00:00:00:00:01"], out)

    def test_a_repeated_setup_keeps_the_module_and_ttl_expiry_removes_it_everywhere(self):
        code, out = self.setup_module(ttl=RENEW_TTL)
        self.track()
        self.assertEqual(code, 0, out)
        first = self.fx.ofc.modules()[0]["expiresAt"]
        time.sleep(3)
        code, again = self.setup_module(ttl=RENEW_TTL)  # soft state: the same SETUP again renews the ttl
        self.assertEqual(code, 0, again)
        renewed = self.fx.ofc.modules()[0]["expiresAt"]
        self.assertGreater(renewed, first, "the repeated SETUP must push the module's end back")
        started = time.monotonic()
        # Check just after the first ttl would have ended (the CLI's own start-up time varies with load, so
        # the moment is taken from the OFC's answer, not from when the command returned).
        time.sleep(max(0.0, epoch(first) + 1.0 - time.time()))
        self.assertLess(time.time() + 1.0, epoch(renewed), "too slow to check before the renewed ttl ends")
        self.assertEqual([m["name"] for m in self.fx.ofc.modules()], ["netmonitor"],
                         "renewed: still there after its first ttl would have ended")
        for sid in self.fx.live_ids():
            self.assertIsNotNone(self.fx.sidecar_module(sid, USER, "netmonitor"), "sidecar %s lost it early" % sid)
        wait_for(lambda: self.fx.ofc.modules(), lambda m: m == [], 20, what="the module to expire")
        self.progress("renewed at 3 s with ttl %d s: gone %.1f s after the renewal" % (RENEW_TTL, time.monotonic() - started))

    def test_forged_unauthorised_and_replayed_requests_are_refused_and_change_nothing(self):
        fx = self.fx
        code, forged = self.setup_module(key="mallory")
        self.assertEqual(code, 1, forged)
        self.assertEqual([(n["nodeId"], n["status"]) for n in forged["nodes"]], [(node, 401) for node in NODES], forged)
        self.assertEqual(fx.ofc.modules(), [])

        code, outside = self.setup_module(filter_dst="192.0.2.0/24")
        self.assertEqual(code, 1, outside)
        self.assertEqual([(n["nodeId"], n["status"]) for n in outside["nodes"]], [(node, 403) for node in NODES], outside)
        self.assertIn("may only filter traffic", outside["nodes"][0]["reason"])
        self.assertEqual(fx.ofc.modules(), [])

        # The same signed request once more, in a new signaling session: a replay.
        code, first = self.setup_module("--save-request", os.path.join(self.out_dir, "signed.txt"))
        self.track()
        self.assertEqual(code, 0, first)
        code, _ = self.signal("remove", "--module", "netmonitor", name="remove")
        self.assertEqual(code, 0)
        wait_for(lambda: fx.ofc.modules(), lambda m: m == [], 15, what="the module to be removed")
        code, replayed = self.signal("resend", "--request", os.path.join(self.out_dir, "signed.txt"), name="replay")
        self.assertEqual(code, 1, replayed)
        self.assertEqual([(n["nodeId"], n["status"]) for n in replayed["nodes"]], [(node, 409) for node in NODES], replayed)
        time.sleep(1.0)
        self.assertEqual(fx.ofc.modules(), [], "a replayed SETUP must not install anything")


if __name__ == "__main__":
    unittest.main()
