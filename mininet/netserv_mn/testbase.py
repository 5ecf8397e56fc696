"""A Faucet-style base class for tests against the real OFC and Open vSwitch.

Each test gets its own output folder (``$NETSERV_TEST_DIR/<test id>/``, default
``/tmp/netserv-tests``), free ports, its own OFC process and, if ``TOPO`` is set, its own
Mininet network. Teardown always runs (``addCleanup`` is registered first thing in ``setUp``),
dumps every flow table, the OFC's view and the OFC log into the folder, stops only what the test
started, by PID, and then FAILS the test when:

* the OFC log holds an ERROR-level line, an ``OpenFlow error from switch`` line (an ERROR message
  a switch sent back, e.g. BAD_PREREQ, which ping would otherwise hide), or a Java stack trace;
* Open vSwitch's log (the part written during the test) says it sent an OpenFlow error reply;
* the test left a bridge, an interface or a child process behind.

Subclasses set ``TOPO`` (a ``make_topo`` spec, or None for no network) and may list regular
expressions in ``ALLOWED_LOG_PATTERNS`` for log lines that a test provokes on purpose.
"""

import json
import os
import re
import shutil
import unittest

from netserv_mn.bridge import OvsBridge
from netserv_mn.net import NetservNet, dump_flows, dump_groups, link_names, ovs_bridges
from netserv_mn.ofc import OfcProcess
from netserv_mn.topos import make_topo
from netserv_mn.util import Progress

TEST_ROOT = os.environ.get("NETSERV_TEST_DIR", "/tmp/netserv-tests")
OVS_LOG = "/var/log/openvswitch/ovs-vswitchd.log"

_LEVEL = re.compile(r"\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b")
_STACK = re.compile(r"^\s+at [\w$.<>/]+\(|^Caused by: |^\s*\.\.\. \d+ (more|common frames omitted)")


def log_problems(path, allowed=()):
    """Lines of a controller log that mean something went wrong, as ``"<line no>: <text>"``.

    The level is the first level word on the line (the logback pattern puts it before the
    message), so an INFO line that mentions "OpenFlow ERROR" in its text is not flagged.
    """
    allowed = [re.compile(p) for p in allowed]
    problems = []
    try:
        with open(path, errors="replace") as fh:
            lines = fh.readlines()
    except FileNotFoundError:
        return []
    for no, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if line.startswith("---- harness:") or any(p.search(line) for p in allowed):
            continue
        level = _LEVEL.search(line)
        if ((level and level.group(1) in ("ERROR", "FATAL")) or "OpenFlow error from switch" in line
                or "Exception" in line or _STACK.search(line)):
            problems.append("%d: %s" % (no, line))
    return problems


def _child_pids():
    """Live (non-zombie) direct children of this process, read from /proc."""
    me, pids = os.getpid(), set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[1]) == me and fields[0] != "Z":
            pids.add(int(entry))
    return pids


def _proc_cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def make_test_folder(test_id):
    """A fresh output folder for one test (only that folder is wiped)."""
    path = os.path.join(TEST_ROOT, test_id)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


class NetservTestBase(unittest.TestCase):
    """Starts the OFC (and a network for ``TOPO``) per test; see the module docstring."""

    TOPO = None
    ALLOWED_LOG_PATTERNS = ()
    OFC_START_TIMEOUT = 60.0
    NET_WAIT_TIMEOUT = 30.0

    def setUp(self):
        self.ofc = None
        self.netserv_net = None
        self.bridges = []
        self.progress = Progress(prefix="    ")
        self.out_dir = make_test_folder(self.id())
        self._links_before = link_names()
        self._bridges_before = ovs_bridges()
        self._children_before = _child_pids()
        self._ovs_log_offset = os.path.getsize(OVS_LOG) if os.path.exists(OVS_LOG) else 0
        # From here on everything we start is stopped by _teardown, even if setUp fails.
        self.addCleanup(self._teardown)
        self.ofc = self.create_controller()
        self.ofc.start(timeout=self.OFC_START_TIMEOUT)
        self.progress("%s up (pid %d, OpenFlow port %d)" % (self.ofc.name, self.ofc.pid, self.ofc.of_port))
        if self.TOPO:
            rest = self.ofc if isinstance(self.ofc, OfcProcess) else None
            self.netserv_net = NetservNet(make_topo(self.TOPO), self.ofc.of_port, ofc=rest)
            self.netserv_net.start(wait_timeout=self.NET_WAIT_TIMEOUT)
            self.progress("network %s up: %d switches, %d hosts" % (
                getattr(self.TOPO, "__name__", self.TOPO), len(self.netserv_net.switches), len(self.netserv_net.hosts)))

    def create_controller(self):
        """The controller under test; only harness self-checks swap in ``TestControllerProcess``."""
        return OfcProcess(self.out_dir)

    # ---- helpers for tests ------------------------------------------------------------------
    @property
    def net(self):
        return self.netserv_net

    def make_bridge(self, **kwargs):
        """A plain OVS bridge pointed at our OFC; deleted in teardown."""
        bridge = OvsBridge(self.ofc.of_port, **kwargs)
        self.bridges.append(bridge)
        return bridge.create()

    def write_artifact(self, name, text):
        with open(os.path.join(self.out_dir, name), "w") as fh:
            fh.write(text)

    def assert_pingall(self, timeout=1.0):
        result = self.net.pingall(timeout=timeout)
        self.assertEqual(result.loss, 0.0, "pingall lost %d/%d, failed pairs: %s" % (
            result.sent - result.received, result.sent, result.failures))
        return result

    # ---- teardown ---------------------------------------------------------------------------
    def _teardown(self):
        problems = []

        def attempt(what, func):
            try:
                func()
            except Exception as exc:  # pylint: disable=broad-except
                problems.append("%s failed: %s: %s" % (what, type(exc).__name__, exc))

        attempt("dumping state", self._dump_state)
        if self.netserv_net is not None:
            attempt("stopping the network", self.netserv_net.stop)
        for bridge in self.bridges:
            attempt("deleting bridge %s" % bridge.name, bridge.delete)
        if self.ofc is not None:
            attempt("stopping the OFC", self.ofc.stop)
        attempt("copying the OVS log", self._copy_ovs_log)
        # Open vSwitch's own account of OpenFlow errors it sent, in case the OFC missed one.
        for line in self._ovs_log_lines():
            if "error reply to" in line:
                problems.append("Open vSwitch sent an OpenFlow error: %s" % line.strip())
        if self.ofc is not None:
            bad = log_problems(self.ofc.log_path, self.ALLOWED_LOG_PATTERNS)
            if bad:
                problems.append("OFC log %s has %d error/stack-trace line(s):\n  %s" % (
                    self.ofc.log_path, len(bad), "\n  ".join(bad[:30])))
        problems.extend(self._leftovers())
        if problems:
            raise AssertionError("teardown of %s found problems (artifacts in %s):\n%s" % (
                self.id(), self.out_dir, "\n".join(problems)))

    def _dump_state(self):
        names = [b.name for b in self.bridges if b.created]
        if self.netserv_net is not None and self.netserv_net.net is not None:
            names += [s.name for s in self.netserv_net.switches]
        for name in names:
            self.write_artifact("flows-%s.txt" % name,
                                dump_flows(name, stats=True) + "\n" + dump_groups(name))
        if isinstance(self.ofc, OfcProcess) and self.ofc.alive():
            view = {"switches": self.ofc.switches()}
            view["flows"] = {s["dpid"]: self.ofc.flows(s["dpid"]) for s in view["switches"]}
            self.write_artifact("ofc-rest.json", json.dumps(view, indent=2))

    def _copy_ovs_log(self):
        if not os.path.exists(OVS_LOG):
            return
        with open(OVS_LOG, "rb") as fh:
            fh.seek(min(self._ovs_log_offset, os.path.getsize(OVS_LOG)))
            with open(os.path.join(self.out_dir, "ovs-vswitchd.log"), "wb") as out:
                out.write(fh.read())

    def _ovs_log_lines(self):
        try:
            with open(os.path.join(self.out_dir, "ovs-vswitchd.log"), errors="replace") as fh:
                return fh.readlines()
        except FileNotFoundError:
            return []

    def _leftovers(self):
        problems = []
        # ovs-netdev is Open vSwitch's own device for the userspace datapath, not ours.
        links = sorted(link_names() - self._links_before - {"ovs-netdev"})
        if links:
            problems.append("interfaces left behind: %s" % ", ".join(links))
        bridges = sorted(ovs_bridges() - self._bridges_before)
        if bridges:
            problems.append("bridges left behind: %s" % ", ".join(bridges))
        children = sorted(_child_pids() - self._children_before)
        if children:
            problems.append("processes left behind: %s" % "; ".join(
                "%d %s" % (pid, _proc_cmdline(pid)) for pid in children))
        return problems
