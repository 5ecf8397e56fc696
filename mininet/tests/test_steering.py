"""Steering through sidecars on a real switch: the OFC steers a module's traffic through a pool of sidecar
processes (bump in the wire on root-namespace veth ports of the switch), with flow affinity, symmetric
TCP, failover, scale-out, drain, refusals and clean removal. Fixture: ``netserv_mn.steering``.

Flows are told apart by NetMonitor, which counts per (source address, destination address, TTL): each test
flow therefore sends from an address of its own (extra /32 addresses on h1) as well as a port of its own.
Single TCP connections use ``udpflows tcp-client``/``tcp-server`` because iperf3 opens two connections
(control and data), which may legitimately hash to different sidecars. Whether a sidecar saw a packet is
read from three independent places: the module's counters on each sidecar (admin API), NetMonitor's
tuples, and the switch's tx counter of the sidecar's port.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

from netserv_mn import udpflows
from netserv_mn.ofc import RestError, dpid_str
from netserv_mn.steering import COOKIE_LOW, SteeringTestCase, cookie_int, log_event_epoch
from netserv_mn.util import free_tcp_port, wait_for, wait_until

MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER = "alice"
H2 = "10.0.0.2"
USERS = [
    {"name": "alice", "prefixes": ["10.0.0.0/8"], "ports": ["5060-5061", "5201"]},
    {"name": "bob", "prefixes": ["10.0.0.0/8"], "ports": ["5060"]},
]
# Log lines the OFC or a sidecar may write when a sidecar dies or its connection is cut.
DEAD_SIDECAR_LOGS = (r"(?i)connection reset", r"(?i)closed", r"(?i)IOException", r"(?i)is DOWN", r"(?i)broken pipe",
                     r"(?i)heartbeat", r"(?i)unreachable")


def by_flow(received, dport):
    """``{src address: per-flow row}`` of a receiver summary, for one destination port."""
    return {row["src"]: row for row in received["per_flow"] if row["dport"] == dport}


def owners(per_sidecar, sources):
    """``{src: [(sidecar, packets)]}`` for the given sources from ``packets_by_source`` output."""
    out = {src: [] for src in sources}
    for sid, counts in per_sidecar.items():
        for src, packets in counts.items():
            if src in out and packets:
                out[src].append((sid, packets))
    return out


class UdpFlowsToolTest(unittest.TestCase):
    """The traffic tool itself: pure parts, then a real send/receive over the loopback."""

    def test_payload_round_trip_and_foreign_payloads(self):
        p = udpflows.encode(7, 42, 123456789, size=100)
        self.assertEqual(len(p), 100)
        self.assertEqual(udpflows.decode(p), (7, 42, 123456789))
        self.assertEqual(len(udpflows.encode(1, 1, 1, size=3)), udpflows.MIN_SIZE)
        self.assertIsNone(udpflows.decode(b"x" * 40))
        self.assertIsNone(udpflows.decode(p[:10]))

    def test_argument_helpers(self):
        self.assertEqual(udpflows.parse_ports("5060,5061"), [5060, 5061])
        self.assertEqual(udpflows.parse_ports("5062-5064,5060"), [5060, 5062, 5063, 5064])
        for bad in ("", "0", "70000", "9-3"):
            with self.assertRaises(ValueError):
                udpflows.parse_ports(bad)
        self.assertEqual(udpflows.ip_range("10.0.1.254", 3), ["10.0.1.254", "10.0.1.255", "10.0.2.0"])
        self.assertEqual(udpflows.flow_sources(3, src_ip_base="10.0.1.1", src_port_base=100),
                         [("10.0.1.1", 100), ("10.0.1.2", 101), ("10.0.1.3", 102)])
        self.assertEqual(udpflows.flow_sources(3, src_ips=["a", "b"], src_port_base=1), [("a", 1), ("b", 2), ("a", 3)])
        with self.assertRaises(ValueError):
            udpflows.flow_sources(10, src_port_base=65530)
        self.assertEqual(list(udpflows.schedule(2, 2)), [(0, 0), (1, 0), (0, 1), (1, 1)])

    def test_pacer_spaces_packets_at_the_rate(self):
        now = [100.0]
        slept = []

        def sleep(s):
            slept.append(s)
            now[0] += s
        pacer = udpflows.Pacer(500, clock=lambda: now[0], sleep=sleep)
        for n in range(5):
            pacer.wait(n)
        self.assertAlmostEqual(now[0], 100.0 + 4 / 500)
        self.assertEqual(len(slept), 4)
        flat = udpflows.Pacer(0, clock=lambda: now[0], sleep=sleep)
        flat.wait(1000)
        self.assertEqual(len(slept), 4, "rate 0 never sleeps")

    def test_receiver_counts_gaps_losses_and_duplicates(self):
        rec = udpflows.Receiver(gap_threshold=0.1)
        t0 = 1000.0
        events = [(at, "10.0.1.1", 20000, udpflows.encode(1, seq, int((t0 + at - 0.001) * 1e9)))
                  for seq, at in ((0, 0.0), (1, 0.02), (3, 0.04), (3, 0.05), (4, 0.55), (5, 0.57))]
        events += [(0.3, "10.0.1.2", 20001, udpflows.encode(2, 0, int(t0 * 1e9))),
                   (0.31, "10.0.1.2", 20001, b"not ours")]
        for at, src, sport, payload in sorted(events):
            rec.add(src, sport, 5060, payload, t0 + at)
        s = rec.summary()
        self.assertEqual((s["packets"], s["flows"], s["missing"], s["duplicates"], s["late"]), (8, 2, 1, 1, 1))
        f1 = next(r for r in s["per_flow"] if r["src"] == "10.0.1.1")
        self.assertEqual((f1["packets"], f1["unique"], f1["max_seq"], f1["missing"]), (6, 5, 5, 1))
        self.assertAlmostEqual(f1["max_gap"], 0.5, places=5)
        self.assertEqual(f1["long_gaps"], 1)
        self.assertAlmostEqual(f1["gaps"][0][1], 0.5, places=5)
        self.assertAlmostEqual(f1["delay_min"], 0.001, places=4)
        f2 = next(r for r in s["per_flow"] if r["src"] == "10.0.1.2")
        self.assertEqual((f2["foreign"], f2["flow_ids"]), (1, [2]))
        self.assertAlmostEqual(s["max_flow_gap"], 0.5, places=5)
        self.assertAlmostEqual(s["max_gap_any"], 0.25, places=5)

    def test_send_and_receive_over_loopback(self):
        env = dict(os.environ, PYTHONPATH=MININET_DIR)
        tmp = os.path.join("/tmp", "udpflows-selftest-%d" % os.getpid())
        os.makedirs(tmp, exist_ok=True)
        ports = [free_tcp_port(), free_tcp_port()]
        ready, out = os.path.join(tmp, "ready"), os.path.join(tmp, "recv.json")
        cmd = [sys.executable, "-m", "netserv_mn.udpflows"]
        recv = subprocess.Popen(cmd + ["recv", "--ports", "%d,%d" % tuple(ports), "--expect", "150", "--duration", "20",
                                       "--ready", ready, "--out", out], cwd=MININET_DIR, env=env,
                                stdout=subprocess.DEVNULL)
        try:
            wait_until(lambda: os.path.exists(ready), 10, what="receiver ready")
            sent = []
            for i, port in enumerate(ports):
                res = subprocess.run(cmd + ["send", "--dst", "127.0.0.1", "--port", str(port), "--flows", "5",
                                            "--packets", "15", "--rate", "3000", "--src-port-base", str(40000 + 100 * i),
                                            "--flow-base", str(100 * i), "--size", "200"],
                                     cwd=MININET_DIR, env=env, stdout=subprocess.PIPE, check=True, timeout=30)
                sent.append(json.loads(res.stdout))
            self.assertEqual(recv.wait(timeout=20), 0)
        finally:
            if recv.poll() is None:
                recv.kill()
                recv.wait()
        with open(out) as fh:
            got = json.load(fh)
        self.assertEqual([s["sent"] for s in sent], [75, 75])
        self.assertEqual(got["end_reason"], "expected")
        self.assertEqual((got["packets"], got["flows"], got["missing"], got["duplicates"]), (150, 10, 0, 0))
        self.assertEqual({(r["sport"], r["dport"]) for r in got["per_flow"]},
                         {(40000 + 100 * i + f, p) for i, p in enumerate(ports) for f in range(5)})
        self.assertTrue(all(r["packets"] == 15 and r["bytes"] == 15 * 200 for r in got["per_flow"]))
        self.assertEqual(sorted(r["flow_ids"][0] for r in got["per_flow"]), [0, 1, 2, 3, 4, 100, 101, 102, 103, 104])


class SteeringTest(SteeringTestCase):
    """Two sidecars shared by the tests of this class; every test removes what it deployed."""

    SIDECARS = 2
    FIXTURE_KWARGS = {"users": USERS}

    def ping_h2(self):
        out = self.fx.h1.cmd("ping -c1 -W2 %s" % H2)
        self.assertIn("1 received", out, "h1 cannot ping h2: %s" % out)

    def test_sidecars_are_found_on_their_switch_ports(self):
        fx = self.fx
        known = fx.ofc.sidecar_map()
        for sid, port in fx.ports.items():
            with open("/sys/class/net/%s/address" % port.iface) as fh:
                mac = fh.read().strip()
            rec = known.get(sid)
            self.assertIsNotNone(rec, "the OFC does not list sidecar %s: %s" % (sid, known))
            self.assertEqual((rec.get("state"), rec.get("port"), str(rec.get("mac")).lower()),
                             ("UP", port.ofport(), mac), "sidecar %s: %s" % (sid, rec))
            self.assertEqual(int(str(rec.get("dpid")).replace(":", ""), 16), fx.dpid, rec)

    def test_weights_are_set_over_rest_and_bad_ones_change_nothing(self):
        fx = self.fx
        sid = sorted(fx.ports)[0]
        self.addCleanup(fx.ofc.set_sidecar_weight, sid, 1)
        fx.ofc.set_sidecar_weight(sid, 3)
        self.assertEqual(fx.ofc.sidecar_map()[sid]["weight"], 3)
        for bad in (0, 101):
            with self.assertRaises(RestError) as err:
                fx.ofc.set_sidecar_weight(sid, bad)
            self.assertEqual(err.exception.status, 400, err.exception.body)
        self.assertEqual(fx.ofc.sidecar_map()[sid]["weight"], 3, "a refused weight must change nothing")

    def test_udp_flows_are_balanced_and_counted_exactly(self):
        fx, n, k = self.fx, 200, 5
        src_sip = udpflows.ip_range("10.0.1.1", n)
        src_other = udpflows.ip_range("10.0.2.1", n)
        fx.add_addresses(fx.h1, src_sip + src_other)
        self.ping_h2()
        view = self.deploy(fx.module_request("nm-udp", dst_port=5060))
        self.progress("NetMonitor deployed: state %s, cookie %s, on %s" % (
            view.get("state"), view.get("cookie"), [s.get("id") for s in view.get("sidecars", [])]))
        self.assertEqual(sorted(s["id"] for s in view["sidecars"]), sorted(fx.live_ids()),
                         "the module must run on both sidecars: %s" % view)
        cookie = cookie_int(view["cookie"])
        self.assertTrue(fx.flows_with_cookie(cookie), "no switch entry carries the module's cookie %#x" % cookie)

        recv = fx.start_receiver(self.out_dir, "recv", [5060, 5061], duration=90, expect=2 * n * k, idle=5)
        sip = fx.start_sender(self.out_dir, "send-5060", 5060, n, src_ip_base=src_sip[0], packets=k, rate=400)
        other = fx.start_sender(self.out_dir, "send-5061", 5061, n, src_ip_base=src_other[0], packets=k, rate=400,
                                flow_base=1000)
        sent = [sip.wait(60), other.wait(60)]
        got = recv.wait(60)
        self.progress("sent %d + %d packets; h2 received %d in %d flows" % (
            sent[0]["sent"], sent[1]["sent"], got["packets"], got["flows"]))
        for s in sent:
            self.assertEqual((s["sent"], s["errors"]), (n * k, {}), "the sender could not send everything")

        # Every packet reached h2, per flow.
        for port, sources in ((5060, src_sip), (5061, src_other)):
            rows = by_flow(got, port)
            short = {src: (rows[src]["unique"] if src in rows else 0) for src in sources
                     if src not in rows or rows[src]["unique"] != k}
            self.assertEqual(short, {}, "flows to %d that lost packets on the way to h2 ({src: received of %d})"
                             % (port, k))

        # The module's counters on the sidecars add up to exactly the 5060 packets.
        counts = wait_for(lambda: fx.module_packets(USER, "nm-udp"), lambda c: sum(c.values()) >= n * k, 15,
                          what="the sidecars' module counters to reach %d" % (n * k))
        time.sleep(1.0)  # anything counted late (5061 packets that should not be there) shows up now
        counts = fx.module_packets(USER, "nm-udp")
        self.progress("module packets per sidecar (admin API): %s" % counts)
        self.assertEqual(sum(counts.values()), n * k,
                         "the sidecars counted %s: exactly the %d packets to 5060 expected" % (counts, n * k))
        ofc_view = wait_for(lambda: fx.ofc.module(USER, "nm-udp"),
                            lambda v: sum(s.get("packets", 0) for s in v["sidecars"]) == n * k, 15,
                            what="the OFC's per-sidecar counters of the module to add up to %d" % (n * k))
        self.assertEqual({s["id"]: s["packets"] for s in ofc_view["sidecars"]}, counts,
                         "the OFC reports other per-sidecar counters than the sidecars")
        # The same counters in Prometheus form.
        metrics = fx.ofc.metrics()
        per_sidecar = re.findall(r'^netserv_module_sidecar_packets_total\{[^}]*module="nm-udp"[^}]*\} (\S+)$', metrics, re.M)
        self.assertEqual(sum(float(v) for v in per_sidecar), n * k, "GET /metrics:\n%s" % metrics)
        self.assertRegex(metrics, r'(?m)^netserv_module_active\{[^}]*module="nm-udp"[^}]*\} 1(\.0)?$')

        # Flow affinity and balance from NetMonitor's tuples: each flow on one sidecar, all its packets.
        per_sidecar = fx.packets_by_source(USER, "nm-udp", dst=H2)
        placed = owners(per_sidecar, src_sip)
        stray = owners(per_sidecar, src_other)
        shares = {sid: sum(1 for src in src_sip if any(o == sid for o, _ in placed[src])) for sid in per_sidecar}
        report = {"flows_per_sidecar": shares, "packets_per_sidecar": counts,
                  "ofc_sidecars": [{k2: s.get(k2) for k2 in ("id", "state", "port", "flows", "weight", "switch")}
                                   for s in fx.ofc.sidecars()]}
        self.write_artifact("balance.json", json.dumps(report, indent=2))
        self.progress("flows per sidecar: %s" % shares)
        self.assertEqual({src: o for src, o in stray.items() if o}, {}, "flows to 5061 reached a sidecar's module")
        split = {src: o for src, o in placed.items() if len(o) != 1}
        self.assertEqual(split, {}, "flows seen by no sidecar or by more than one ({src: [(sidecar, packets)]})")
        partial = {src: o[0] for src, o in placed.items() if o[0][1] != k}
        self.assertEqual(partial, {}, "flows whose %d packets did not all hit their one sidecar" % k)
        for sid, flows in shares.items():
            self.assertTrue(0.3 * n <= flows <= 0.7 * n,
                            "sidecar %s carries %d of %d flows (30-70 %% expected): %s" % (sid, flows, n, shares))

    def test_overlapping_modules_of_one_user_form_a_chain(self):
        fx, n, k = self.fx, 20, 5
        sources = udpflows.ip_range("10.0.7.1", n)
        fx.add_addresses(fx.h1, sources)
        wide = self.deploy(fx.module_request("nm-wide", dst_port=5060))
        narrow = self.deploy(fx.module_request("nm-narrow", dst_port=5060, dst_prefix=H2 + "/32"))
        self.assertEqual(narrow.get("chainedAfter"), "%s/nm-wide" % USER, narrow)
        self.assertEqual(sorted(p["id"] for p in narrow["sidecars"]), sorted(p["id"] for p in wide["sidecars"]),
                         "a chained module runs on the same sidecars as the module it follows")
        recv = fx.start_receiver(self.out_dir, "recv", [5060], duration=60, expect=n * k, idle=5)
        fx.start_sender(self.out_dir, "send", 5060, n, src_ip_base=sources[0], packets=k, rate=300).wait(30)
        self.assertEqual(recv.wait(60)["packets"], n * k, "h2 must get every frame once, through both modules")
        for name in ("nm-wide", "nm-narrow"):
            counted = wait_for(lambda name=name: fx.module_packets(USER, name), lambda c: sum(c.values()) >= n * k,
                               15, what="module %s to count every frame" % name)
            self.assertEqual(sum(counted.values()), n * k, "%s counted %s" % (name, counted))
        # Each flow met both modules on the same sidecar.
        wide_at = owners(fx.packets_by_source(USER, "nm-wide", dst=H2), sources)
        narrow_at = owners(fx.packets_by_source(USER, "nm-narrow", dst=H2), sources)
        self.assertEqual({s: (wide_at[s], narrow_at[s]) for s in sources if wide_at[s] != narrow_at[s]}, {},
                         "flows whose frames met the two modules on different sidecars")

    def test_tcp_both_directions_through_one_sidecar(self):
        fx = self.fx
        conn_sources = udpflows.ip_range("10.0.3.1", 4)
        fx.add_addresses(fx.h1, conn_sources)
        self.ping_h2()
        view = self.deploy(fx.module_request("nm-tcp", proto="tcp", dst_port=5201, symmetric=True))
        self.assertTrue(view.get("symmetric"), "the module view does not say symmetric: %s" % view)

        # iperf3 both ways: it works, and every packet of both directions went through a sidecar.
        tx0, m0 = fx.sidecar_tx(), fx.module_packets(USER, "nm-tcp")
        h1_0, h2_0 = fx.intf_tx(fx.h1), fx.intf_tx(fx.h2)
        rates = {}
        for name, reverse in (("iperf-h1-to-h2", False), ("iperf-h2-to-h1-R", True)):
            report = fx.iperf3(self.out_dir, name, seconds=2, reverse=reverse)
            rates[name] = report["end"]["sum_received"]["bits_per_second"] / 1e6
        tx1, m1 = fx.sidecar_tx(), fx.module_packets(USER, "nm-tcp")
        h1_sent, h2_sent = fx.intf_tx(fx.h1) - h1_0, fx.intf_tx(fx.h2) - h2_0
        to_sidecars = sum(tx1[s] - tx0[s] for s in tx1)
        counted = sum(m1.values()) - sum(m0.values())
        self.progress("iperf3 %s Mbit/s; hosts sent %d + %d packets, the switch sent %d to sidecars, modules "
                      "counted %d" % ({k: round(v, 1) for k, v in rates.items()}, h1_sent, h2_sent, to_sidecars, counted))
        for name, mbps in rates.items():
            self.assertGreater(mbps, 1.0, "%s through the sidecars barely moved data" % name)
        self.assertGreaterEqual(to_sidecars, 0.9 * (h1_sent + h2_sent),
                                "symmetric: both directions of the iperf3 connections must pass a sidecar")
        self.assertGreaterEqual(counted, 0.9 * (h1_sent + h2_sent),
                                "symmetric: the module must see both directions of the iperf3 connections")

        # One connection at a time, with known addresses: both directions on one sidecar, none on the other.
        results = []
        for i, src in enumerate(conn_sources):
            tx0, t0 = fx.sidecar_tx(), fx.packets_by_source(USER, "nm-tcp", dst=H2)
            rev0 = fx.packets_by_source(USER, "nm-tcp", dst=src)
            h1_0, h2_0 = fx.intf_tx(fx.h1), fx.intf_tx(fx.h2)
            cli, srv = fx.tcp_exchange(self.out_dir, "tcp-%d" % i, src, send_bytes=256 << 10, reply_bytes=1 << 20)
            self.assertEqual((cli["sent"], cli["received"], srv["received"]), (256 << 10, 1 << 20, 256 << 10))
            tx1, t1 = fx.sidecar_tx(), fx.packets_by_source(USER, "nm-tcp", dst=H2)
            conn_packets = fx.intf_tx(fx.h1) - h1_0 + fx.intf_tx(fx.h2) - h2_0
            diff = {s: tx1[s] - tx0[s] for s in tx1}
            fwd = {s: t1[s].get(src, 0) - t0[s].get(src, 0) for s in t1}
            # rows from h2 back to the connection's source (NetMonitor is asked for dst h2 only above)
            back1 = fx.packets_by_source(USER, "nm-tcp", dst=src)
            rev = {s: back1[s].get(H2, 0) - rev0[s].get(H2, 0) for s in back1}
            carrier = max(diff, key=diff.get)
            results.append({"src": src, "local": cli["local"], "host_packets": conn_packets, "to_sidecar": diff,
                            "module_fwd": fwd, "module_rev": rev, "carrier": carrier})
            noise = max(20, 0.02 * conn_packets)
            self.assertGreaterEqual(diff[carrier], 0.9 * conn_packets,
                                    "connection %d: not all its %d packets reached sidecar %s: %s" % (
                                        i, conn_packets, carrier, results[-1]))
            for other in diff:
                if other != carrier:
                    self.assertLessEqual(diff[other], noise, "connection %d also reached sidecar %s: %s" % (
                        i, other, results[-1]))
                    self.assertEqual((fwd[other], rev[other]), (0, 0),
                                     "sidecar %s's module saw packets of connection %d" % (other, i))
            self.assertGreater(fwd[carrier], 0, "the carrier's module did not count connection %d (h1->h2)" % i)
            self.assertGreater(rev[carrier], 0, "symmetric: the carrier's module did not count connection %d's "
                               "h2->h1 packets" % i)
        self.write_artifact("tcp-connections.json", json.dumps(results, indent=2))
        self.progress("4 connections, carriers %s, h2->h1 packets counted by the module: %s" % (
            [r["carrier"] for r in results], [sum(r["module_rev"].values()) for r in results]))

    def test_refusals_leave_nothing_behind(self):
        fx = self.fx
        self.allowed_log_patterns += [r"(?i)nonexistent", r"(?i)no such file", r"(?i)not found", r"(?i)refused",
                                      r"(?i)could not (fetch|install|download)", r"(?i)install.*failed",
                                      r"(?i)FileNotFound", r"(?i)NoSuchFile", r"(?i)ConnectException",
                                      # a sidecar's container exits once its only install failed; a status
                                      # poll racing with that exit is logged as a WARN with the exception
                                      r"WARN .*did not report its modules: .*container for \w+ exited"]
        closed = free_tcp_port()
        good = fx.module_request("refused")
        cases = [
            ("destination prefix not authorised", dict(good, filter={"proto": "udp", "dstPort": 5060,
                                                                     "dstPrefix": "192.168.0.0/16"}), (403,), "192.168"),
            ("source prefix wider than authorised", dict(good, filter={"proto": "udp", "dstPort": 5060,
                                                                       "srcPrefix": "0.0.0.0/0"}), (403,), None),
            ("port outside the user's ranges", dict(good, filter={"proto": "udp", "dstPort": 80,
                                                                  "dstPrefix": "10.0.0.0/8"}), (403,), "80"),
            ("no prefix at all", dict(good, filter={"proto": "udp", "dstPort": 5060}), (403, 400), None),
            ("unknown user", dict(good, user="mallory"), (403,), None),
            ("bundle file that does not exist", dict(good, url="file:///nonexistent/netserv/nope.jar"), (404, 502), None),
            ("bundle URL nobody serves", dict(good, url="http://127.0.0.1:%d/nope.jar" % closed), (404, 502), None),
            ("malformed: not JSON", "{this is not json", (400,), None),
            ("malformed: no filter", {k: v for k, v in good.items() if k != "filter"}, (400,), None),
            ("malformed: unknown protocol", dict(good, filter={"proto": "sctp", "dstPrefix": "10.0.0.0/8"}), (400,), None),
            ("malformed: ttl 0", dict(good, ttl=0), (400,), None),
            ("malformed: bad prefix", dict(good, filter={"proto": "udp", "dstPort": 5060, "dstPrefix": "10.0.0.0/99"}),
             (400,), None),
        ]
        outcomes = []
        for what, body, statuses, mention in cases:
            with self.subTest(what):
                with self.assertRaises(RestError, msg="%s was accepted" % what) as caught:
                    if isinstance(body, str):
                        fx.ofc.request("POST", "modules", raw_body=body, timeout=120)
                    else:
                        fx.ofc.deploy_module(body, timeout=120)
                    self.addCleanup(self._delete_quietly, body["user"], body["name"])
                err = caught.exception
                outcomes.append({"case": what, "status": err.status, "body": err.body})
                self.assertIn(err.status, statuses, "%s: HTTP %s, expected %s: %s" % (what, err.status, statuses, err.body))
                self.assertIsInstance(err.body, dict, "%s: the error body is not JSON: %r" % (what, err.body))
                self.assertTrue(err.body.get("error") and err.body.get("message"),
                                "%s: the error body needs error and message: %s" % (what, err.body))
                if mention:
                    self.assertIn(mention, err.body["message"], "%s: the message does not say why" % what)
                self.assertEqual(fx.ofc.modules(), [], "%s left a module on the OFC" % what)
                self.assertEqual(fx.sidecar_modules(), {sid: [] for sid in fx.live_ids()},
                                 "%s left a module on a sidecar" % what)
        self.write_artifact("refusals.json", json.dumps(outcomes, indent=2))
        for sid in fx.live_ids():
            wait_until(lambda sid=sid: fx.sidecars[sid].containers() == {}, 20,
                       what="no container left on sidecar %s" % sid)
        self.assertEqual(self._unexplained_cookies(), [], "refused modules left entries on the switch")

    def test_delete_and_ttl_expiry_remove_every_entry(self):
        fx, n, k = self.fx, 10, 3
        sources = udpflows.ip_range("10.0.4.1", n)
        fx.add_addresses(fx.h1, sources)
        self.ping_h2()

        def traffic(name, base_port):
            recv = fx.start_receiver(self.out_dir, "recv-" + name, [5060], duration=30, expect=n * k, idle=3)
            fx.start_sender(self.out_dir, "send-" + name, 5060, n, src_ip_base=sources[0], src_port_base=base_port,
                            packets=k, rate=200).wait(30)
            got = recv.wait(30)
            self.assertEqual(got["packets"], n * k, "%s: h2 received %d of %d" % (name, got["packets"], n * k))

        view = self.deploy(fx.module_request("nm-del", ttl=600))
        cookie = cookie_int(view["cookie"])
        self.assertNotEqual(cookie & COOKIE_LOW, 0, "module cookie %#x has no low 32 bits to tell it by" % cookie)
        self.assertTrue(fx.flows_with_cookie(cookie), "no switch entry carries the module's cookie %#x" % cookie)
        self.assertTrue(fx.rest_flows_with_cookie(cookie), "the OFC lists no entry with the module's cookie")
        with self.assertRaises(RestError) as dup:
            fx.ofc.deploy_module(fx.module_request("nm-del", ttl=600), timeout=60)
        self.assertEqual(dup.exception.status, 409, "a second module of the same name: %s" % dup.exception.body)
        with self.assertRaises(RestError) as overlap:
            body = fx.module_request("nm-bob", user="bob", ttl=600)
            fx.ofc.deploy_module(body, timeout=60)
            self.addCleanup(self._delete_quietly, "bob", "nm-bob")
        self.assertEqual(overlap.exception.status, 409, "another user's overlapping module: %s" % overlap.exception.body)

        traffic("with-module", 21000)
        counted = wait_for(lambda: fx.module_packets(USER, "nm-del"), lambda c: sum(c.values()) == n * k, 10,
                           what="the module to count the %d packets" % (n * k))
        entries = fx.flows_with_cookie(cookie)
        self.progress("module counted %s; %d switch entries carry its cookie" % (counted, len(entries)))
        self.write_artifact("entries-before-delete.txt", "\n".join(str(e) for e in entries))

        started = time.monotonic()
        fx.ofc.delete_module(USER, "nm-del")
        left = wait_for(lambda: fx.flows_with_cookie(cookie), lambda f: not f, 5,
                        what="no entry with the deleted module's cookie on the switch")
        took = time.monotonic() - started
        self.assertEqual(left, [])
        self.assertEqual(fx.rest_flows_with_cookie(cookie), [], "the OFC still lists entries of the deleted module")
        self.assert_no_module_left(USER, "nm-del", [cookie])
        self.progress("DELETE: entries gone %.2f s after the request" % took)
        traffic("after-delete", 22000)

        posted = time.monotonic()
        view = self.deploy(fx.module_request("nm-ttl", ttl=5))
        cookie2 = cookie_int(view["cookie"])
        self.assertNotEqual(cookie2 & COOKIE_LOW, cookie & COOKIE_LOW, "two modules share the low 32 bits of a cookie")
        self.assertTrue(fx.flows_with_cookie(cookie2), "no switch entry carries the TTL module's cookie")
        self.assertTrue(view.get("expiresAt"), "the module view has no expiresAt: %s" % view)
        traffic("with-ttl-module", 23000)

        def gone():
            return (fx.ofc.module(USER, "nm-ttl") is None and not fx.flows_with_cookie(cookie2)
                    and all("%s/nm-ttl" % USER not in ms for ms in fx.sidecar_modules().values()))
        wait_until(gone, 20, interval=0.2, what="the ttl-5 module to expire everywhere")
        expired = time.monotonic() - posted
        self.progress("TTL 5 s: module and entries gone %.1f s after the POST" % expired)
        self.assertGreaterEqual(expired, 4.0, "the module was removed before its TTL")
        self.assert_no_module_left(USER, "nm-ttl", [cookie2])
        traffic("after-expiry", 24000)


class SidecarFailoverTest(SteeringTestCase):
    """A sidecar fails while constant-rate flows (20 flows, 500 packets/s) run through it: killed (SIGKILL of
    its process group: its control connection closes at once), or hung (SIGSTOP: only the missing heartbeats
    tell). The flows it carried must move to the survivor; the gap they see is measured and reported."""

    SIDECARS = 2
    ALLOWED_LOG_PATTERNS = DEAD_SIDECAR_LOGS

    def test_flows_of_a_killed_sidecar_move_to_the_survivor(self):
        fx = self.fx
        state = {}

        def kill(victim):
            self.addCleanup(fx.restart_sidecar, victim)
            state["pids"] = fx.kill_sidecar(victim, wait_containers=False)

        def after_down(victim):
            self.assertTrue(state["pids"], "%s ran no container to kill" % victim)
            fx.sidecars[victim].wait_containers_dead(state["pids"], 10)  # nothing of the dead box runs on
        self.run_failover("killed", "10.0.5.1", kill, after_down)

    def test_flows_of_a_hung_sidecar_move_after_the_heartbeat_timeout(self):
        fx = self.fx
        state = {}

        def hang(victim):
            pgid = fx.sidecars[victim].pid
            state["pgid"] = pgid
            self.addCleanup(self._resume, pgid)
            os.killpg(pgid, signal.SIGSTOP)

        def after_down(victim):
            # The box wakes up again: it must come back UP by itself, still running the module.
            time.sleep(1.0)
            self._resume(state["pgid"])
            fx.wait_state(victim, "UP", timeout=15)
            wait_until(lambda: "%s/nm-fo" % USER in fx.sidecar_modules([victim])[victim], 15,
                       what="the woken sidecar %s to run the module again" % victim)
        self.run_failover("hung", "10.0.9.1", hang, after_down)

    @staticmethod
    def _resume(pgid):
        try:
            os.killpg(pgid, signal.SIGCONT)
        except ProcessLookupError:
            pass

    def run_failover(self, how, src_base, disrupt, after_down, n=20, rate=500, seconds=10):
        fx = self.fx
        sources = udpflows.ip_range(src_base, n)
        fx.add_addresses(fx.h1, sources)
        self.assertIn("1 received", fx.h1.cmd("ping -c1 -W2 %s" % H2))
        self.deploy(fx.module_request("nm-fo"))
        recv = fx.start_receiver(self.out_dir, "recv", [5060], duration=seconds + 30, idle=3, gap_threshold=0.1)
        send = fx.start_sender(self.out_dir, "send", 5060, n, src_ip_base=sources[0], duration=seconds, rate=rate)

        def all_seen(per):
            return all(owners(per, sources).values())
        before = wait_for(lambda: fx.packets_by_source(USER, "nm-fo", dst=H2), all_seen, 8,
                          what="every flow to be counted by a sidecar")
        placed = owners(before, sources)
        load = {sid: sum(1 for v in placed.values() if any(o == sid for o, _ in v)) for sid in fx.live_ids()}
        victim = max(load, key=load.get)
        survivor = next(s for s in fx.live_ids() if s != victim)
        affected = sorted(src for src, v in placed.items() if any(o == victim for o, _ in v))
        self.assertTrue(affected, "no flow went through %s before it failed: %s" % (victim, load))

        failed_at = time.time()
        disrupt(victim)
        down = fx.wait_state(victim, "DOWN", timeout=5)
        seen_by_rest = time.time() - failed_at
        logged = log_event_epoch(fx.ofc.log_path, r"sidecar %s is DOWN" % victim, failed_at)
        moved_at = log_event_epoch(fx.ofc.log_path, r"pinned to sidecar %s .*move" % victim, failed_at)
        self.assertIsNotNone(logged, "the OFC log does not say %s is DOWN" % victim)
        detected = logged - failed_at
        self.progress("%s %s (%d flows); OFC log says DOWN after %.3f s" % (how, victim, len(affected), detected))
        self.assertEqual(down["state"], "DOWN")
        after_down(victim)

        sent = send.wait(seconds + 30)
        got = recv.wait(40)
        after = fx.packets_by_source(USER, "nm-fo", dst=H2, ids=[survivor])[survivor]
        rows = by_flow(got, 5060)
        sent_per = {f["src"]: f["sent"] for f in sent["flows"]}
        flows = []
        for src in sources:
            row = rows.get(src, {})
            flows.append({"src": src, "affected": src in affected, "sent": sent_per[src],
                          "received": row.get("unique", 0), "lost": sent_per[src] - row.get("unique", 0),
                          "late": row.get("late", 0), "max_gap": row.get("max_gap"), "gaps": row.get("gaps"), "last_epoch": row.get("last_epoch"),
                          "survivor_packets_before": before[survivor].get(src, 0),
                          "survivor_packets_after": after.get(src, 0)})
        gap = max((f["max_gap"] or 0.0) for f in flows if f["affected"])
        other_gap = max([(f["max_gap"] or 0.0) for f in flows if not f["affected"]], default=0.0)
        lost = sum(f["lost"] for f in flows if f["affected"])
        late = sum(f["late"] for f in flows if f["affected"])
        summary = {"how": how, "victim": victim, "survivor": survivor, "rate_pps": rate, "flows": n,
                   "affected_flows": len(affected), "failed_epoch": failed_at, "ofc_down_after_s": round(detected, 3),
                   "ofc_moved_pins_after_s": round(moved_at - failed_at, 3) if moved_at else None,
                   "rest_showed_down_after_s": round(seen_by_rest, 3),
                   "failover_gap_s": gap, "unaffected_max_gap_s": other_gap, "lost_packets_affected": lost,
                   "lost_packets_total": sum(f["lost"] for f in flows), "sent": sent["sent"],
                   "late_packets_affected": late, "received": got["packets"], "duplicates": got["duplicates"],
                   "per_flow": flows}
        self.write_artifact("failover.json", json.dumps(summary, indent=2))
        print("\n    FAILOVER (%s): %s failed with %d of %d flows; OFC log says DOWN after %.3f s (REST showed it "
              "after %.2f s); longest gap of an affected flow %.3f s (unaffected %.3f s); %d packets lost (%.0f ms "
              "of traffic per affected flow), %d delivered over 100 ms late" % (
                  how, victim, len(affected), n, detected, seen_by_rest, gap, other_gap, lost,
                  1000.0 * lost / max(1, len(affected)) / (rate / n), late),
              flush=True)

        self.assertEqual(sorted(r["src"] for r in got["per_flow"]), sorted(sources), "flows missing at h2")
        end = sent["ended_epoch"]
        stalled = [f["src"] for f in flows if f["last_epoch"] is None or f["last_epoch"] < end - 1.0]
        self.assertEqual(stalled, [], "flows that stopped arriving after the failure (last packet > 1 s before "
                         "the end)")
        moved = [f["src"] for f in flows if f["affected"] and f["survivor_packets_after"] <= f["survivor_packets_before"]]
        self.assertEqual(moved, [], "affected flows the survivor %s's module never saw after the failure" % survivor)
        self.assertLess(gap, 5.0, "failover gap %.2f s above the 5 s sanity bound" % gap)
        return summary


class ScaleOutAndDrainTest(SteeringTestCase):
    """A third sidecar joins while flows run; then one is drained."""

    SIDECARS = 2

    def test_newcomer_takes_only_new_flows_and_a_drained_sidecar_none(self):
        fx = self.fx
        old_src = udpflows.ip_range("10.0.6.1", 40)
        new_src = udpflows.ip_range("10.0.7.1", 60)
        drain_src = udpflows.ip_range("10.0.8.1", 60)
        fx.add_addresses(fx.h1, old_src + new_src + drain_src)
        self.assertIn("1 received", fx.h1.cmd("ping -c1 -W2 %s" % H2))
        self.deploy(fx.module_request("nm-so"))
        recv = fx.start_receiver(self.out_dir, "recv", [5060], duration=300, gap_threshold=0.2)
        old = fx.start_sender(self.out_dir, "send-old", 5060, len(old_src), src_ip_base=old_src[0],
                              src_port_base=20000, duration=300, rate=200)

        def covered(sources, each=1):
            def check(per):
                seen = owners(per, sources)
                return all(sum(p for _, p in v) >= each for v in seen.values())
            return check
        a0 = wait_for(lambda: fx.packets_by_source(USER, "nm-so", dst=H2), covered(old_src), 10,
                      what="every old flow to be counted")
        first = {src: v for src, v in owners(a0, old_src).items()}
        self.assertEqual({s: v for s, v in first.items() if len(v) != 1}, {}, "old flows on two sidecars already")

        newcomer = fx.add_sidecar()
        self.addCleanup(fx.remove_sidecar, newcomer)
        self.progress("sidecar %s joined (port %s)" % (newcomer, fx.ofc.sidecar_map()[newcomer].get("port")))
        wait_until(lambda: (fx.sidecar_module(newcomer, USER, "nm-so") or {}).get("state") == "ACTIVE"
                   and newcomer in [s.get("id") for s in fx.ofc.module(USER, "nm-so")["sidecars"]], 90,
                   what="the OFC to run the module on the newcomer %s (ACTIVE there, listed in the view)" % newcomer)
        fx.start_sender(self.out_dir, "send-new", 5060, len(new_src), src_ip_base=new_src[0], src_port_base=30000,
                        packets=5, rate=300).wait(30)
        a1 = wait_for(lambda: fx.packets_by_source(USER, "nm-so", dst=H2), covered(new_src, 5), 10,
                      what="every new flow's 5 packets to be counted")

        # Old flows stayed where they were and kept flowing there; the newcomer saw none of them.
        stayed = owners(a1, old_src)
        moved = {src: (first[src], now) for src, now in stayed.items() if [o for o, _ in now] != [first[src][0][0]]}
        self.assertEqual(moved, {}, "old flows that changed sidecar or spread when %s joined" % newcomer)
        idle = [src for src, now in stayed.items() if now[0][1] <= first[src][0][1]]
        self.assertEqual(idle, [], "old flows whose sidecar stopped counting them")
        self.assertEqual(a1.get(newcomer, {}).keys() & set(old_src), set(),
                         "the newcomer saw old flows")
        placed = owners(a1, new_src)
        self.assertEqual({s: v for s, v in placed.items() if len(v) != 1 or v[0][1] != 5}, {},
                         "new flows not on exactly one sidecar with all 5 packets")
        new_share = {sid: sum(1 for v in placed.values() if v[0][0] == sid) for sid in fx.live_ids()}
        self.progress("new flows per sidecar: %s" % new_share)
        self.assertGreater(new_share.get(newcomer, 0), 0, "no new flow reached the newcomer %s" % newcomer)

        # Drain one of the original sidecars: new flows avoid it.
        drained = next(sid for sid in fx.live_ids() if sid != newcomer)
        fx.ofc.drain_sidecar(drained)
        self.addCleanup(lambda: fx.ofc.sidecar_map().get(drained, {}).get("state") == "DRAINING"
                        and fx.ofc.undrain_sidecar(drained))
        fx.wait_state(drained, "DRAINING", timeout=5)
        fx.start_sender(self.out_dir, "send-drain", 5060, len(drain_src), src_ip_base=drain_src[0],
                        src_port_base=40000, packets=5, rate=300).wait(30)
        a2 = wait_for(lambda: fx.packets_by_source(USER, "nm-so", dst=H2), covered(drain_src, 5), 10,
                      what="every flow started after the drain to be counted")
        placed2 = owners(a2, drain_src)
        drain_share = {sid: sum(1 for v in placed2.values() if any(o == sid for o, _ in v)) for sid in fx.live_ids()}
        self.progress("flows started while %s drains, per sidecar: %s" % (drained, drain_share))
        self.assertEqual(drain_share.get(drained, 0), 0, "new flows reached the drained sidecar %s" % drained)
        self.assertEqual({s: v for s, v in placed2.items() if len(v) != 1 or v[0][1] != 5}, {},
                         "flows started during the drain not on exactly one sidecar with all 5 packets")
        pinned = [s for s, v in first.items() if v[0][0] == drained]
        still = [s for s in pinned if a2[drained].get(s, 0) > a1[drained].get(s, 0)]

        old_sent = old.stop()
        got = recv.stop()
        rows = by_flow(got, 5060)
        lost_old = sum(f["sent"] - rows.get(f["src"], {}).get("unique", 0) for f in old_sent["flows"])
        report = {"newcomer": newcomer, "new_flows_per_sidecar": new_share, "drained": drained,
                  "drain_flows_per_sidecar": drain_share, "old_flows_pinned_to_drained": len(pinned),
                  "of_those_still_counted_there_while_draining": len(still),
                  "old_flows_sent": old_sent["sent"], "old_flows_lost": lost_old,
                  "max_gap_old_flows": max((rows[s]["max_gap"] for s in old_src if s in rows), default=None)}
        self.write_artifact("scale-out.json", json.dumps(report, indent=2))
        self.progress("scale-out/drain: %s" % json.dumps(report))
        self.assertTrue(pinned, "no old flow was pinned to %s: the drain test proves nothing" % drained)
        self.assertEqual(sorted(still), sorted(pinned), "old flows pinned to the draining sidecar must go on there")
        missing_new = [s for s in new_src + drain_src if rows.get(s, {}).get("unique") != 5]
        self.assertEqual(missing_new, [], "new flows that lost packets on the way to h2")


class SteeringAcrossSwitchesTest(SteeringTestCase):
    """st1 - st2 - st3, h1 on st2, h2 on st3, the one sidecar on st1: h1's traffic to h2 does not pass st1,
    yet the module's traffic is brought there (tagged on st2), through the sidecar and on to h2."""

    SIDECARS = 1
    FIXTURE_KWARGS = {"users": USERS, "switches": 3, "host_switches": (1, 2), "sidecar_switches": [0]}

    def test_a_sidecar_on_another_switch_serves_traffic_between_two_others(self):
        fx, n, k = self.fx, 40, 5
        st1, st2, st3 = fx.switch_names
        src_sip = udpflows.ip_range("10.0.3.1", n)
        src_other = udpflows.ip_range("10.0.4.1", n)
        fx.add_addresses(fx.h1, src_sip + src_other)
        out = fx.h1.cmd("ping -c1 -W2 %s" % H2)
        self.assertIn("1 received", out, out)
        view = self.deploy(fx.module_request("nm-remote", dst_port=5060))
        cookie = cookie_int(view["cookie"])
        entries = wait_for(lambda: fx.flows_with_cookie(cookie),
                           lambda flows: any(f["switch"] == st2 and "push_vlan" in f["actions"] for f in flows),
                           10, what="the entries that bring 5060 traffic from st2 to st1")
        where = sorted({f["switch"] for f in entries if (f["cookie"] >> 32) & 0x7fff == 7})
        self.progress("module on %s; approach entries on %s" % ([s["id"] for s in view["sidecars"]], where))
        self.assertEqual(where, [st2, st3], "every switch without the sidecar brings the traffic entering it")
        shown = fx.ofc.module(USER, "nm-remote")
        self.assertEqual((shown["sidecarSwitches"], shown["broughtFrom"]),
                         ([dpid_str(1)], [dpid_str(2), dpid_str(3)]), shown)

        recv = fx.start_receiver(self.out_dir, "recv", [5060, 5061], duration=60, expect=2 * n * k, idle=5)
        sip = fx.start_sender(self.out_dir, "send-5060", 5060, n, src_ip_base=src_sip[0], packets=k, rate=400)
        other = fx.start_sender(self.out_dir, "send-5061", 5061, n, src_ip_base=src_other[0], packets=k,
                                rate=400, flow_base=1000)
        sent = [sip.wait(60), other.wait(60)]
        got = recv.wait(60)
        for s in sent:
            self.assertEqual((s["sent"], s["errors"]), (n * k, {}))
        self.assertEqual(got["packets"], 2 * n * k, "h2 must receive every packet, steered or not")

        counted = wait_for(lambda: fx.module_packets(USER, "nm-remote"),
                           lambda c: sum(c.values()) >= n * k, 10, what="the module to count the 5060 packets")
        self.progress("h2 received %d packets; the module on st1's sidecar counted %s" % (got["packets"], counted))
        self.assertEqual(sum(counted.values()), n * k, "exactly the 5060 packets went through the sidecar")
        sources = {src for per in fx.packets_by_source(USER, "nm-remote", dst=H2).values() for src in per}
        self.assertEqual(sources, set(src_sip), "every 5060 flow, and no 5061 one, crossed the sidecar")

        def counts():
            flows = fx.flows_with_cookie(cookie, stats=True)
            return (sum(f["n_packets"] for f in flows if f["switch"] == st2 and "push_vlan" in f["actions"]),
                    sum(f["n_packets"] for f in flows if f["switch"] == st1 and "pop_vlan" in f["actions"]))
        # the userspace datapath brings entry counters up to date within a second or so
        tagged, arrived = wait_for(counts, lambda c: min(c) >= n * k, 5, what="the switches' counters")
        self.progress("st2 tagged %d packets towards st1, st1 took %d tagged packets in" % (tagged, arrived))
        self.assertEqual(tagged, n * k, "st2 must tag the 5060 packets and nothing else")

        fx.ofc.delete_module(USER, "nm-remote")
        wait_until(lambda: not fx.flows_with_cookie(cookie) or None, 10,
                   what="every entry of the module, on all three switches, to go")


class OfcRestartTest(SteeringTestCase):
    """The OFC keeps its modules in a state file: after a restart it steers them again."""

    SIDECARS = 2
    FIXTURE_KWARGS = {"users": USERS, "keep_modules": True}

    def send_and_count(self, name, first_src, n, k=5):
        """n flows of k packets from new source addresses; returns the module's packets per sidecar after."""
        fx = self.fx
        sources = udpflows.ip_range(first_src, n)
        fx.add_addresses(fx.h1, sources)
        before = sum(fx.module_packets(USER, "nm-keep").values())
        recv = fx.start_receiver(self.out_dir, "recv-" + name, [5060], duration=60, expect=n * k, idle=5)
        fx.start_sender(self.out_dir, "send-" + name, 5060, n, src_ip_base=sources[0], packets=k, rate=300).wait(30)
        got = recv.wait(60)
        self.assertEqual(got["packets"], n * k, "h2 did not get every packet of %s" % name)
        return wait_for(lambda: sum(fx.module_packets(USER, "nm-keep").values()) - before,
                        lambda c: c >= n * k, 15, what="the module to count the %d packets of %s" % (n * k, name))

    def test_modules_are_steered_again_after_an_ofc_restart(self):
        fx = self.fx
        view = self.deploy(fx.module_request("nm-keep", dst_port=5060))
        cookie = cookie_int(view["cookie"])
        self.assertEqual(self.send_and_count("before", "10.0.5.1", 20), 100)

        started = time.monotonic()
        fx.ofc.restart()
        fx.wait_ready(list(fx.sidecars), timeout=30)
        after = wait_for(lambda: fx.ofc.module(USER, "nm-keep"),
                         lambda v: v.get("state") == "ACTIVE" and all(p.get("takesNewFlows") for p in v["sidecars"]),
                         30, what="the OFC to steer the module again after its restart")
        self.progress("OFC restarted; module %s again after %.1f s on %s" % (
            after["state"], time.monotonic() - started, [p["id"] for p in after["sidecars"]]))
        self.assertEqual((after["cookie"], after["expiresAt"]), (view["cookie"], view["expiresAt"]),
                         "the restarted OFC must keep the module's number and deadline")
        self.assertTrue(fx.flows_with_cookie(cookie), "no switch entry carries the module's cookie after the restart")
        self.assertEqual(self.send_and_count("after", "10.0.6.1", 20), 100,
                         "traffic to 5060 is not steered through the module after the OFC restart")


if __name__ == "__main__":
    unittest.main()
