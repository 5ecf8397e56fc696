"""Mininet networks on Open vSwitch's userspace datapath, driven by a remote controller.

``NetservNet`` builds a topology with ``OVSSwitch(datapath='user', protocols='OpenFlow13',
failMode='secure')`` and a ``RemoteController`` at 127.0.0.1:<of-port>, turns tx offload off in
every host (TCP over userspace-datapath veths stalls otherwise), and tears everything down in
``stop()``, which ``with`` calls in all cases. It refuses to start when a bridge or interface
with one of its names already exists: Mininet would silently delete someone else's bridge.

The traffic helpers (``pingall``, ``iperf3``) and the flow-table helpers (``dump_flows``,
``parse_flows``) work on any such network, whichever controller drives it.
"""

import contextlib
import json
import re
import signal
import subprocess
import time
import warnings
from collections import namedtuple
from functools import partial

from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import Node, OVSSwitch, RemoteController

from netserv_mn.ofc import dpid_str
from netserv_mn.util import run, stop_process, wait_until

DATAPATH_SETTLE_SECONDS = 2.0

PingResult = namedtuple("PingResult", "sent received failures")
PingResult.loss = property(lambda self: 100.0 * (self.sent - self.received) / self.sent if self.sent else 0.0)


def ovs_bridges():
    """Names of all OVS bridges right now."""
    return set(run(["ovs-vsctl", "--timeout=5", "list-br"]).split())


def link_names():
    """Names of all network interfaces in the root namespace right now."""
    return {line.split()[0].split("@")[0] for line in run(["ip", "-br", "link"]).splitlines() if line.strip()}


def bridge_connected(bridge):
    """True when OVS says the bridge's controller connection is up (handshake done)."""
    uuids = run(["ovs-vsctl", "--timeout=5", "get", "Bridge", bridge, "controller"]).strip().strip("[]")
    if not uuids:
        return False
    return all(run(["ovs-vsctl", "--timeout=5", "get", "Controller", u.strip(), "is_connected"]).strip() == "true"
               for u in uuids.split(","))


class NetservNet:
    """A Mininet network for ``topo`` whose switches connect to 127.0.0.1:``of_port``.

    Use as a context manager, or call ``start()`` and ``stop()`` (in ``finally``) yourself.
    ``ofc`` (an ``OfcProcess``), when given, is used to wait until the controller lists every
    switch; otherwise we wait until OVS reports every controller connection up.
    """

    def __init__(self, topo, of_port, ofc=None, log_level="warning", settle=DATAPATH_SETTLE_SECONDS):
        self.topo = topo
        self.of_port = of_port
        self.ofc = ofc
        self.settle_seconds = settle
        self.net = None
        self.started_at = None
        setLogLevel(log_level)

    # ---- life cycle ---------------------------------------------------------------------------
    def _check_names_free(self):
        """Refuse to clobber bridges or interfaces that are not ours (Mininet deletes them)."""
        # Mininet creates every veth end (hN-eth0 too) in the root namespace first.
        ours = set(self.topo.switches())
        for node in self.topo.switches() + self.topo.hosts():
            ours.update("%s-eth%d" % (node, i) for i in range(0, 64))
        clash = sorted((ours & ovs_bridges()) | (ours & link_names()))
        if clash:
            raise RuntimeError("bridges/interfaces %s already exist and are not ours; refusing to start "
                               "(delete them yourself if they are leftovers)" % ", ".join(clash))

    def start(self, wait_timeout=30.0):
        """Build and start the network, turn tx offload off, wait for the controller and settle."""
        self._check_names_free()
        switch = partial(OVSSwitch, datapath="user", protocols="OpenFlow13", failMode="secure")
        controller = partial(RemoteController, ip="127.0.0.1", port=self.of_port)
        self.net = Mininet(topo=self.topo, switch=switch, controller=controller, autoSetMacs=True,
                           build=False, waitConnected=False)
        try:
            with _quiet_mininet():
                self.net.build()
                self.net.start()
            self.started_at = time.monotonic()
            for host in self.net.hosts:
                for intf in host.intfList():
                    host.cmd("ethtool -K %s tx off" % intf)
            self.wait_connected(wait_timeout)
            self.settle()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_connected(self, timeout=30.0):
        """Wait until every switch is connected: listed by the OFC REST API or, without an OFC,
        reported connected by OVS."""
        if self.ofc is not None:
            return self.ofc.wait_for_switches(self.dpids(), timeout=timeout)
        return wait_until(lambda: all(bridge_connected(s.name) for s in self.net.switches), timeout,
                          what="OVS to report all controller connections up")

    def settle(self):
        """Give the userspace datapath its ~2 s after start (only the part not yet spent)."""
        remaining = self.settle_seconds - (time.monotonic() - self.started_at)
        if remaining > 0:
            time.sleep(remaining)

    def stop(self):
        """Tear the network down (hosts, links, bridges). Safe to call twice."""
        if self.net is not None:
            net, self.net = self.net, None
            try:
                with _quiet_mininet():
                    net.stop()
            finally:
                # RemoteController.stop() does nothing, so Mininet leaves the controller node's
                # shell running; end it by its PID and reap it.
                for controller in net.controllers:
                    Node.terminate(controller)
                    if controller.shell is not None:
                        controller.shell.wait(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- accessors ----------------------------------------------------------------------------
    def __getitem__(self, name):
        return self.net[name]

    @property
    def hosts(self):
        return self.net.hosts

    @property
    def switches(self):
        return self.net.switches

    def dpids(self):
        """DPIDs (ints) of our switches."""
        return [int(s.dpid, 16) for s in self.net.switches]

    # ---- traffic ------------------------------------------------------------------------------
    def real_links(self):
        """Both directions of every switch-to-switch cable, as ``GET /links`` shows them:
        ``{(src dpid, src port, dst dpid, dst port)}``."""
        switches = set(self.net.switches)
        links = set()
        for link in self.net.links:
            if link.intf1.node in switches and link.intf2.node in switches:
                a, b = [(dpid_str(int(i.node.dpid, 16)), i.node.ports[i]) for i in (link.intf1, link.intf2)]
                links.add(a + b)
                links.add(b + a)
        return links

    def ping(self, src, dst, count=1, timeout=1.0):
        """Ping ``dst`` from ``src`` (host names or nodes); returns (sent, received, rtts in ms)."""
        src, dst = self._node(src), self._node(dst)
        out = src.cmd("ping -n -c%d -W%g %s" % (count, timeout, dst.IP()))
        return parse_ping(out, count)

    def pingall(self, timeout=1.0, hosts=None):
        """One ping between every ordered pair of hosts; returns a ``PingResult``."""
        hosts = [self._node(h) for h in (hosts or self.net.hosts)]
        sent = received = 0
        failures = []
        for src in hosts:
            for dst in hosts:
                if src is dst:
                    continue
                s, r, _ = self.ping(src, dst, 1, timeout)
                sent, received = sent + s, received + r
                if r < s:
                    failures.append((src.name, dst.name))
        return PingResult(sent, received, failures)

    def iperf3(self, client, server, seconds=3, port=5201, udp=False, timeout=None):
        """Run iperf3 from ``client`` to ``server`` and return its JSON report as a dict.

        The server is started inside the server host with ``-1`` (one test) and is stopped by
        its PID in ``finally`` whatever happens.
        """
        client, server = self._node(client), self._node(server)
        srv = server.popen(["iperf3", "-s", "-1", "-p", str(port), "-B", server.IP()],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "%s:%d" % (server.IP(), port) in server.cmd("ss -ltn"), 10,
                       what="iperf3 server to listen")
            args = ["iperf3", "-c", server.IP(), "-p", str(port), "-t", str(seconds), "-J"]
            if udp:
                args += ["-u", "-b", "100M"]
            cli = client.popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            with cli:
                try:
                    out, err = cli.communicate(timeout=timeout or seconds + 20)
                finally:
                    stop_process(cli, timeout=2)
            try:
                report = json.loads(out.decode())
            except ValueError:
                raise RuntimeError("iperf3 printed no JSON (rc %s): %s %s" % (cli.returncode, out[-500:], err[-500:]))
            if "error" in report:
                raise RuntimeError("iperf3 failed: %s" % report["error"])
            return report
        finally:
            stop_process(srv, timeout=2)
            srv.communicate()

    def _node(self, node):
        return self.net[node] if isinstance(node, str) else node

    # ---- flow tables --------------------------------------------------------------------------
    def dump_flows(self, switch):
        return dump_flows(self._node(switch).name)

    def dump_all(self):
        """``{switch name: dump-flows + dump-groups text}`` for the post-mortem folder."""
        return {s.name: dump_flows(s.name, stats=True) + "\n" + dump_groups(s.name) for s in self.net.switches}


@contextlib.contextmanager
def _quiet_mininet():
    """Mininet 2.3 compares OVS versions with distutils and warns on every call; hide just that."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"mininet\.")
        yield


_RTT = re.compile(r"time=([\d.]+) ms")
_STAMPED_REPLY = re.compile(r"^\[(\d+\.\d+)\] \d+ bytes from", re.M)
_SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) (?:packets )?received")


def parse_ping(out, count):
    """(sent, received, [rtt ms]) from ping's output; an unparsable output counts as all lost."""
    match = _SUMMARY.search(out)
    rtts = [float(x) for x in _RTT.findall(out)]
    if not match:
        return count, 0, rtts
    return int(match.group(1)), int(match.group(2)), rtts


def dump_flows(bridge, stats=False):
    """``ovs-ofctl -O OpenFlow13 dump-flows`` text of a bridge (``--no-stats`` unless asked)."""
    cmd = ["ovs-ofctl", "-O", "OpenFlow13"] + ([] if stats else ["--no-stats"]) + ["dump-flows", bridge]
    return run(cmd)


def dump_groups(bridge):
    return run(["ovs-ofctl", "-O", "OpenFlow13", "dump-groups", bridge], check=False)


_FLOW_FIELD = re.compile(r"(\w+)=([^,\s]+)")


def parse_flows(text):
    """Parse ``dump-flows`` output into dicts with cookie (int), table, priority, match, actions.

    ``match`` is the match part as OVS prints it (e.g. ``in_port=1,dl_dst=..``), ``actions``
    the action string (``goto_table:1``, ``CONTROLLER:65535``...).
    """
    flows = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("OFPST_", "NXST_")) or "actions=" not in line:
            continue
        head, actions = line.split("actions=", 1)
        flow = {"cookie": 0, "table": 0, "priority": 32768, "match": "", "actions": actions.strip(),
                "n_packets": None, "idle_timeout": 0}
        match_parts = []
        for part in [p.strip() for p in head.replace(" ", ",").split(",") if p.strip()]:
            key, _, value = part.partition("=")
            if key == "cookie":
                flow["cookie"] = int(value, 16)
            elif key == "table":
                flow["table"] = int(value)
            elif key == "priority":
                flow["priority"] = int(value)
            elif key in ("n_packets", "n_bytes", "idle_timeout", "hard_timeout", "idle_age", "hard_age"):
                flow[key] = int(value)
            elif key in ("duration",):
                flow[key] = value
            else:
                match_parts.append(part)
        flow["match"] = ",".join(match_parts)
        flows.append(flow)
    return flows


class BackgroundPing:
    """``ping -i <interval>`` from one host to another while something else happens.

    Started in the source host; on exit it runs on until ``min_seconds`` have passed (so even a
    quick event is surrounded by pings), then is stopped by PID with SIGINT so that ping prints
    its summary; ``result`` is then ``(sent, received, rtts)`` and ``replies`` the monotonic-clock
    arrival time of each reply (ping -D stamps them), for gaps such as a failover's. Use as a context
    manager.
    """

    def __init__(self, src, dst, interval=0.1, min_seconds=1.5):
        self.src, self.dst, self.interval, self.min_seconds = src, dst, interval, min_seconds
        self.replies = []
        self.proc = None
        self.started = None
        self.result = None
        self.output = ""

    def __enter__(self):
        self.proc = self.src.popen(["ping", "-n", "-D", "-i", str(self.interval), self.dst.IP()],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        remaining = self.min_seconds - (time.monotonic() - self.started)
        if remaining > 0 and exc[0] is None:
            time.sleep(remaining)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, _ = self.proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            stop_process(self.proc, timeout=1, sig=signal.SIGKILL)
            out, _ = self.proc.communicate()
        self.output = out.decode(errors="replace")
        self.result = parse_ping(self.output, 1)
        # ping -D stamps wall-clock time; shift it to the monotonic clock the caller's events use
        offset = time.monotonic() - time.time()
        self.replies = [float(t) + offset for t in _STAMPED_REPLY.findall(self.output)]

    def longest_gap(self, after=None):
        """Seconds of the longest silence between two replies (optionally only those ending after
        the monotonic time ``after``), or None with fewer than two replies."""
        pairs = [(a, b) for a, b in zip(self.replies, self.replies[1:]) if after is None or b > after]
        return max((b - a for a, b in pairs), default=None)
