"""Traffic steering through sidecars on a real switch: the fixture the steering tests share.

``SteeringNet`` builds, on Open vSwitch's userspace datapath::

    sh1 (10.0.0.1) ---+             +--- scp1 ==veth== scd1  <- sidecar sc1 (root namespace)
                      +---- st1 ----+--- scp2 ==veth== scd2  <- sidecar sc2
    sh2 (10.0.0.2) ---+             +--- ...

one switch and two namespaced hosts (Mininet), and N sidecar ports: veth pairs in the ROOT namespace whose
switch end (``scpN``) is added to the bridge and whose other end (``scdN``) is the data interface of a
``SidecarProcess`` (the sidecar must run in the root namespace to reach the OFC on 127.0.0.1). The OFC runs
with a temporary config (``sidecars`` and ``steering`` sections, one authorised user) and a free sidecar
control port; the sidecars connect to it, and the OFC finds their switch ports by probing.

Names carry a per-process tag (switch ``st1x<tag>``, hosts ``sh1x<tag>``/``sh2x<tag>``, veths
``scd<k>x<tag>``/``scp<k>x<tag>``, sidecars ``sc<k>x<tag>``) so that the fixture never clashes with another
test's ``s1``/``h1`` or with a second run of itself.

Helpers: add a sidecar later (scale-out), kill one (SIGKILL of its process group: its container JVMs die
with it), deploy and delete modules over the OFC's REST API, wait until sidecars are UP with a port, read
per-sidecar module counters and NetMonitor tuples from each sidecar's admin API, list switch flows by
cookie, read switch port counters, run ``udpflows`` and iperf3 in the hosts. ``SteeringTestCase`` is a
``unittest`` base that shares one fixture per class and checks after each test that the pool is as the
test found it.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

from mininet.topo import Topo

from netserv_mn.net import NetservNet, dump_flows, dump_groups, link_names, ovs_bridges, parse_flows
from netserv_mn.ofc import OfcProcess
from netserv_mn.sidecar import SidecarProcess, module_url
from netserv_mn.testbase import _child_pids, _proc_cmdline, log_problems, make_test_folder
from netserv_mn.util import Progress, free_tcp_port, run, stop_process, tail, wait_for, wait_until

MININET_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COOKIE_LOW = 0xffffffff
STEERING_OWNER = 4  # cookie owner id of steering entries (0x8000 + 4 and + 5: pins, learners)
APPROACH_OWNER = 7  # cookie owner id of the entries that bring traffic from other switches to the sidecars
CGROUP_ROOTS = ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup")

DEFAULT_USERS = [
    {"name": "alice", "prefixes": ["10.0.0.0/8"], "ports": ["5060-5061", "5201"]},
]


def _tag():
    return "x%d" % (os.getpid() % 10000)


def cookie_int(cookie):
    """A cookie as an int, whether given as int, ``"0x4e53..."`` or decimal text."""
    if isinstance(cookie, int):
        return cookie
    text = str(cookie).strip().lower()
    return int(text, 16) if text.startswith("0x") else int(text)


def yaml_config(sidecar_port, users=None, heartbeat_ms=100, dead_after_ms=500, pin_idle_seconds=30,
                extra="", state_file=None):
    """The OFC config text for steering tests (JSON flow style is valid YAML)."""
    sidecars = {"enabled": True, "heartbeatIntervalMs": heartbeat_ms, "deadAfterMs": dead_after_ms}
    steering = {"enabled": True, "pinIdleTimeoutSeconds": pin_idle_seconds, "users": users or DEFAULT_USERS}
    if state_file:
        steering["stateFile"] = state_file
    return ("# written by netserv_mn.steering; the sidecar control port (%d) is given with --sidecar-port\n"
            "sidecars: %s\nsteering: %s\n%s" % (sidecar_port, json.dumps(sidecars), json.dumps(steering), extra))


class SteeringOfc(OfcProcess):
    """The OFC with ``--sidecar-port`` (sidecars connect there)."""

    def __init__(self, log_dir, sidecar_port=None, **kwargs):
        super().__init__(log_dir, **kwargs)
        self.sidecar_port = sidecar_port or free_tcp_port()

    def command(self):
        return super().command() + ["--sidecar-port", str(self.sidecar_port)]


class SteeringTopo(Topo):
    """A chain of switches (one by default) with two hosts with fixed addresses, ``10.0.0.1`` on the first
    switch and ``10.0.0.2`` on the last (or on the switches ``host_switches`` gives by index)."""

    def build(self, switches=("st1",), hosts=("sh1", "sh2"), host_switches=(0, -1)):  # pylint: disable=arguments-differ
        added = [self.addSwitch(name, dpid="%016x" % i) for i, name in enumerate(switches, 1)]
        for left, right in zip(added, added[1:]):
            self.addLink(left, right)
        for i, (name, sw) in enumerate(zip(hosts, (added[host_switches[0]], added[host_switches[1]])), 1):
            self.addLink(self.addHost(name, ip="10.0.0.%d/8" % i, mac="00:00:00:00:00:%02x" % i), sw)


class SidecarPort:
    """A veth pair in the root namespace: ``iface`` for the sidecar, ``peer`` added to ``bridge``."""

    def __init__(self, bridge, index, tag=None):
        tag = tag or _tag()
        self.bridge = bridge
        self.iface = ("scd%d%s" % (index, tag))[:15]
        self.peer = ("scp%d%s" % (index, tag))[:15]
        self.created = False
        self.attached = False

    def create(self):
        clash = {self.iface, self.peer} & link_names()
        if clash:
            raise RuntimeError("interfaces %s already exist and are not ours; refusing" % sorted(clash))
        run(["ip", "link", "add", self.iface, "type", "veth", "peer", "name", self.peer])
        self.created = True
        try:
            for name in (self.iface, self.peer):
                # Neither end may originate or answer traffic of its own: no IPv6 (router
                # solicitations), never an ARP reply for the root namespace's addresses.
                run(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % name], check=False)
                run(["sysctl", "-q", "-w", "net.ipv4.conf.%s.arp_ignore=8" % name], check=False)
                run(["ethtool", "-K", name, "tx", "off"], check=False)
                run(["ip", "link", "set", name, "up"])
            run(["ovs-vsctl", "--timeout=10", "add-port", self.bridge, self.peer])
            self.attached = True
        except BaseException:
            self.delete()
            raise
        return self

    def ofport(self):
        return int(run(["ovs-vsctl", "--timeout=5", "get", "Interface", self.peer, "ofport"]).strip())

    def tx_packets(self):
        """Packets the switch sent out of this port (what reached the sidecar's wire)."""
        return port_counters(self.bridge, self.peer)["tx"]

    def delete(self):
        if self.attached:
            self.attached = False
            run(["ovs-vsctl", "--timeout=10", "--if-exists", "del-port", self.bridge, self.peer], check=False)
        if self.created:
            self.created = False
            if self.iface in link_names():
                run(["ip", "link", "del", self.iface], check=False)


_PORT_RX = re.compile(r"rx pkts=(\d+)")
_PORT_TX = re.compile(r"tx pkts=(\d+)")


def port_counters(bridge, port):
    """``{"rx": n, "tx": n}`` packet counters of one switch port (``ovs-ofctl dump-ports``)."""
    out = run(["ovs-ofctl", "-O", "OpenFlow13", "dump-ports", bridge, port])
    rx, tx = _PORT_RX.search(out), _PORT_TX.search(out)
    if not rx or not tx:
        raise RuntimeError("cannot read port counters of %s %s: %s" % (bridge, port, out))
    return {"rx": int(rx.group(1)), "tx": int(tx.group(1))}


def remove_cgroups(sidecar_id):
    """Remove the (empty) cgroups a killed sidecar could not remove itself; returns what is left."""
    left = []
    for root in CGROUP_ROOTS:
        path = os.path.join(root, "netserv-%s" % sidecar_id)
        if not os.path.isdir(path):
            continue
        for entry in os.listdir(path):
            sub = os.path.join(path, entry)
            if os.path.isdir(sub):
                try:
                    os.rmdir(sub)
                except OSError:
                    left.append(sub)
        try:
            os.rmdir(path)
        except OSError:
            left.append(path)
    return left


_LOG_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) ")


def log_event_epoch(path, pattern, after_epoch):
    """Epoch seconds of the first line of a logback log (``HH:MM:SS.mmm`` local time) matching ``pattern``
    at or after ``after_epoch`` (to the millisecond), or None."""
    rx = re.compile(pattern)
    base = time.localtime(after_epoch)
    midnight = time.mktime((base.tm_year, base.tm_mon, base.tm_mday, 0, 0, 0, 0, 0, -1))
    try:
        with open(path, errors="replace") as fh:
            for line in fh:
                m = _LOG_TIME.match(line)
                if not m or not rx.search(line):
                    continue
                h, mi, sec, ms = (int(x) for x in m.groups())
                at = midnight + h * 3600 + mi * 60 + sec + ms / 1000.0
                if at < after_epoch - 43200:  # the log crossed midnight
                    at += 86400
                if at >= after_epoch - 0.001:
                    return at
    except FileNotFoundError:
        pass
    return None


class HostJob:
    """A harness tool running in a Mininet host; stdout goes to a file (it can be large)."""

    def __init__(self, host, args, out_path, log_path):
        self.host, self.args, self.out_path, self.log_path = host, args, out_path, log_path
        env = dict(os.environ, PYTHONPATH=MININET_DIR)
        self._log = open(log_path, "w")
        self.proc = host.popen([sys.executable, "-m", "netserv_mn.udpflows"] + args, stdout=self._log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=MININET_DIR, env=env)

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        """Wait for the tool to end by itself; returns its JSON result."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise TimeoutError("%s in %s did not end within %.0f s; output:\n%s" % (
                " ".join(self.args[:1]), self.host.name, timeout, tail(self.log_path)))
        return self.result()

    def stop(self, timeout=10.0):
        """SIGTERM (the tool then writes what it counted), SIGKILL after ``timeout``; returns the result
        or None."""
        stop_process(self.proc, timeout=timeout, sig=signal.SIGTERM)
        self._log.close()
        try:
            return self.result()
        except (OSError, ValueError, RuntimeError):
            return None

    def result(self):
        self._log.close()
        if self.proc.returncode not in (0, None):
            raise RuntimeError("%s in %s exited with %s:\n%s" % (" ".join(self.args), self.host.name,
                                                                 self.proc.returncode, tail(self.log_path)))
        with open(self.out_path) as fh:
            return json.load(fh)


class SteeringNet:
    """OFC + one switch, two hosts + N sidecars on root-namespace veth ports (see the module docstring)."""

    def __init__(self, out_dir, sidecars=2, users=None, heartbeat_ms=100, dead_after_ms=500, pin_idle_seconds=30,
                 progress=None, tag=None, keep_modules=False, switches=1, extra_config="", host_switches=(0, -1),
                 sidecar_switches=None):
        self.out_dir = out_dir
        # keep_modules: the OFC keeps its deployed modules in a state file, so they survive its restart
        self.state_file = os.path.join(out_dir, "ofc-modules.json") if keep_modules else None
        self.initial_sidecars = sidecars
        self.users = users or DEFAULT_USERS
        self.heartbeat_ms, self.dead_after_ms, self.pin_idle_seconds = heartbeat_ms, dead_after_ms, pin_idle_seconds
        self.progress = progress or Progress(prefix="    ")
        self.tag = tag or _tag()
        # Tagged names: two runs at once (or another test's s1/h1) never clash.
        self.switch_names = ["st%d%s" % (i, self.tag) for i in range(1, switches + 1)]
        self.switch_name = self.switch_names[0]
        self.extra_config = extra_config
        self.host_switches = host_switches
        # indices of the switches the initial sidecars hang off, in turn (all of them by default)
        self.sidecar_switches = sidecar_switches or list(range(switches))
        self.host_names = ("sh1%s" % self.tag, "sh2%s" % self.tag)
        self.ofc = None
        self.net = None
        self.sidecars = {}   # id -> SidecarProcess (the current process of that id)
        self.ports = {}      # id -> SidecarPort
        self.killed = set()  # ids whose process we killed and did not restart
        self.jobs = []
        self._next_index = 1
        self._aliases = {}   # host name -> set of addresses we added

    # ---- life cycle ---------------------------------------------------------------------------
    def start(self):
        try:
            sidecar_port = free_tcp_port()
            config = os.path.join(self.out_dir, "ofc-steering.yaml")
            with open(config, "w") as fh:
                fh.write(yaml_config(sidecar_port, self.users, self.heartbeat_ms, self.dead_after_ms,
                                     self.pin_idle_seconds, extra=self.extra_config, state_file=self.state_file))
            self.ofc = SteeringOfc(self.out_dir, sidecar_port=sidecar_port, config=config)
            self.ofc.start()
            self.progress("OFC up (pid %d, OpenFlow %d, REST %d, sidecars %d)" % (
                self.ofc.pid, self.ofc.of_port, self.ofc.rest_port, sidecar_port))
            topo = SteeringTopo(switches=self.switch_names, hosts=self.host_names, host_switches=self.host_switches)
            self.net = NetservNet(topo, self.ofc.of_port, ofc=self.ofc)
            self.net.start()
            # Sidecars go round their switches: sidecar k hangs off switch k mod N of them.
            on = self.sidecar_switches
            ids = [self.add_sidecar(wait=False, switch=self.switch_names[on[k % len(on)]])
                   for k in range(self.initial_sidecars)]
            self.wait_ready(ids)
            self.progress("%d sidecars UP with their switch ports: %s" % (len(ids), ", ".join(
                "%s@%s" % (i, self.ofc.sidecar_map()[i].get("port")) for i in ids)))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        """Stop everything we started, by PID, and delete what we created; returns a list of problems."""
        problems = []

        def attempt(what, func, *args):
            try:
                func(*args)
            except Exception as exc:  # pylint: disable=broad-except
                problems.append("%s failed: %s: %s" % (what, type(exc).__name__, exc))

        for job in self.jobs:
            attempt("stopping a host job", job.stop, 5.0)
        self.jobs = []
        for sid, sidecar in list(self.sidecars.items()):
            attempt("stopping sidecar %s" % sid, sidecar.stop)
        for sid in list(self.sidecars):
            left = remove_cgroups(sid)
            if left:
                problems.append("cgroups of sidecar %s left behind: %s" % (sid, left))
        for sid, port in list(self.ports.items()):
            attempt("deleting the port of %s" % sid, port.delete)
        if self.net is not None:
            attempt("stopping the network", self.net.stop)
            self.net = None
        if self.ofc is not None:
            attempt("stopping the OFC", self.ofc.stop)
        return problems

    # ---- sidecars -----------------------------------------------------------------------------
    def add_sidecar(self, sidecar_id=None, wait=True, timeout=30.0, switch=None):
        """A new veth port on the switch (the first one by default) and a sidecar on it; returns its id
        (waits until UP with a port)."""
        index = self._next_index
        self._next_index += 1
        sid = sidecar_id or "sc%d%s" % (index, self.tag)
        port = SidecarPort(switch or self.switch_name, index, self.tag).create()
        self.ports[sid] = port
        sidecar = SidecarProcess(self.out_dir, sid, port.iface, ofc="127.0.0.1:%d" % self.ofc.sidecar_port)
        self.sidecars[sid] = sidecar
        sidecar.start()
        if wait:
            self.wait_ready([sid], timeout)
        return sid

    def restart_sidecar(self, sid, wait=True, timeout=30.0):
        """Start a (killed or stopped) sidecar again with the same id and interface."""
        old = self.sidecars[sid]
        if old.alive():
            old.stop()
        sidecar = SidecarProcess(self.out_dir, sid, self.ports[sid].iface, ofc="127.0.0.1:%d" % self.ofc.sidecar_port)
        self.sidecars[sid] = sidecar
        sidecar.start()
        self.killed.discard(sid)
        if wait:
            self.wait_ready([sid], timeout)
        return sidecar

    def remove_sidecar(self, sid):
        """Stop a sidecar (gracefully) and delete its port."""
        sidecar = self.sidecars.pop(sid)
        sidecar.stop()
        remove_cgroups(sid)
        self.ports.pop(sid).delete()
        self.killed.discard(sid)

    def kill_sidecar(self, sid, wait_containers=True):
        """SIGKILL the sidecar's process group (sidecar and container JVMs); returns the killed container
        PIDs (``wait_containers=False``: returns at once, check with ``SidecarProcess.wait_containers_dead``)."""
        pids = self.sidecars[sid].kill_group(wait_containers=wait_containers)
        self.killed.add(sid)
        return pids

    def live_ids(self):
        return [sid for sid, sc in self.sidecars.items() if sc.alive()]

    def wait_ready(self, ids, timeout=30.0):
        """Wait until the OFC lists every sidecar of ``ids`` UP with its switch port; returns the records."""
        ids = list(ids)

        def ready():
            for sid in ids:
                self.sidecars[sid]._check_alive()  # pylint: disable=protected-access
            self.ofc._check_alive()  # pylint: disable=protected-access
            known = self.ofc.sidecar_map()
            if all(sid in known and known[sid].get("state") == "UP" and known[sid].get("port") is not None
                   for sid in ids):
                return [known[sid] for sid in ids]
            return None
        try:
            return wait_until(ready, timeout, interval=0.1, what="sidecars %s UP with a switch port" % ids)
        except TimeoutError as exc:
            raise TimeoutError("%s; OFC says %s" % (exc, self._safe(self.ofc.sidecars))) from None

    def wait_state(self, sid, state, timeout=10.0, interval=0.05):
        """Wait until the OFC reports ``state`` for ``sid``; returns the record."""
        return wait_for(lambda: self.ofc.sidecar_map().get(sid, {}), lambda r: r.get("state") == state,
                        timeout, interval=interval, what="sidecar %s %s" % (sid, state))

    def check_ports(self):
        """The OFC's port for each sidecar must be the switch port of its veth."""
        known = self.ofc.sidecar_map()
        wrong = {sid: (known.get(sid, {}).get("port"), port.ofport()) for sid, port in self.ports.items()
                 if sid in known and known[sid].get("port") is not None and known[sid]["port"] != port.ofport()}
        return wrong

    # ---- modules ------------------------------------------------------------------------------
    @staticmethod
    def module_request(name, user="alice", bundle="netmonitor", proto="udp", dst_port=5060,
                       dst_prefix="10.0.0.0/8", src_prefix=None, src_port=None, ttl=600, symmetric=None,
                       properties=None, policy=None, replicas=None, url=None):
        """A ``POST /modules`` body; NetMonitor shows up to 1000 tuples unless ``properties`` say otherwise."""
        flt = {"proto": proto}
        for key, value in (("srcPrefix", src_prefix), ("dstPrefix", dst_prefix), ("srcPort", src_port),
                           ("dstPort", dst_port)):
            if value is not None:
                flt[key] = value
        body = {"user": user, "name": name, "url": url or module_url(bundle), "filter": flt, "ttl": ttl}
        props = {"top": "1000"} if bundle == "netmonitor" and url is None else {}
        props.update(properties or {})
        if props:
            body["properties"] = props
        if symmetric is not None:
            body["symmetric"] = symmetric
        if policy:
            body["failurePolicy"] = policy
        if replicas is not None:
            body["replicas"] = replicas
        return body

    def deploy(self, body, timeout=180.0):
        return self.ofc.deploy_module(body, timeout=timeout)

    def sidecar_module(self, sid, user, name):
        """The module as sidecar ``sid`` reports it (admin API), None if it has none."""
        return self.sidecars[sid].module_or_none(user, name)

    def module_packets(self, user, name, ids=None):
        """``{sidecar id: packets}`` the module counted on each live sidecar (0 where it is not installed)."""
        out = {}
        for sid in ids or self.live_ids():
            mod = self.sidecar_module(sid, user, name)
            out[sid] = mod["packets"] if mod else 0
        return out

    def tuples(self, user, name, ids=None):
        """``{sidecar id: NetMonitor rows}`` (``src``, ``dst``, ``ttl``, ``packets``...) of each live sidecar."""
        out = {}
        for sid in ids or self.live_ids():
            mod = self.sidecar_module(sid, user, name)
            published = (mod or {}).get("published") or {}
            out[sid] = list((published.get("tuples") or {}).get("top") or [])
        return out

    def packets_by_source(self, user, name, dst=None, ids=None):
        """``{sidecar id: {src address: packets}}`` from NetMonitor's tuples (TTLs and, should the rows
        carry them, ports summed: the tests give every flow a source address of its own)."""
        out = {}
        for sid, rows in self.tuples(user, name, ids).items():
            counts = {}
            for row in rows:
                if dst is not None and row.get("dst") != dst:
                    continue
                counts[row.get("src")] = counts.get(row.get("src"), 0) + int(row.get("packets", 0))
            out[sid] = counts
        return out

    def sidecar_modules(self, ids=None):
        """``{sidecar id: [module ids]}`` each live sidecar runs."""
        return {sid: sorted("%s/%s" % (m["user"], m["name"]) for m in self.sidecars[sid].modules())
                for sid in ids or self.live_ids()}

    # ---- switch -------------------------------------------------------------------------------
    @property
    def dpid(self):
        return self.net.dpids()[0]

    def switch_flows(self, stats=False):
        """Every entry of the switches as ``parse_flows`` reads ``ovs-ofctl dump-flows``, each with the
        name of its ``switch``."""
        return [dict(f, switch=name) for name in self.switch_names for f in parse_flows(dump_flows(name, stats))]

    def flows_with_cookie(self, cookie, stats=False):
        """Switch entries of the module with this cookie: its own (owner 4, steering; owner 7 on switches
        without its sidecars) and those the switch learned for it (owners 0x8004 and 0x8005: pins and
        learners), by the low 32 bits."""
        low = cookie_int(cookie) & COOKIE_LOW
        return [f for f in self.switch_flows(stats) if f["cookie"] & COOKIE_LOW == low
                and (f["cookie"] >> 32) & 0x7fff in (STEERING_OWNER, APPROACH_OWNER)]

    def rest_flows_with_cookie(self, cookie):
        low = cookie_int(cookie) & COOKIE_LOW
        return [f for f in self.ofc.flows(self.dpid) if cookie_int(f.get("cookie", 0)) & COOKIE_LOW == low
                and (cookie_int(f.get("cookie", 0)) >> 32) & 0x7fff == STEERING_OWNER]

    def cookies(self):
        return {f["cookie"] for f in self.switch_flows()}

    def rest_owners(self):
        """``{cookie int: owner}`` of the entries the OFC lists."""
        return {cookie_int(f["cookie"]): f.get("owner") for f in self.ofc.flows(self.dpid) if "cookie" in f}

    def sidecar_tx(self, ids=None):
        """``{sidecar id: packets the switch sent out of its port}``."""
        return {sid: self.ports[sid].tx_packets() for sid in ids or list(self.ports)}

    # ---- hosts and traffic --------------------------------------------------------------------
    def host(self, name):
        return self.net[name]

    @property
    def h1(self):
        return self.net[self.host_names[0]]

    @property
    def h2(self):
        return self.net[self.host_names[1]]

    def add_addresses(self, host, addresses):
        """Extra /32 addresses on the host's interface (flows from distinct sources; NetMonitor counts
        per source and destination address)."""
        done = self._aliases.setdefault(host.name, set())
        intf = host.defaultIntf().name
        script = "".join("ip addr add %s/32 dev %s\n" % (a, intf) for a in addresses if a not in done)
        if script:
            path = os.path.join(self.out_dir, "addrs-%s-%d.sh" % (host.name, time.monotonic_ns()))
            with open(path, "w") as fh:
                fh.write(script)
            out = host.cmd("sh -e %s; echo rc=$?" % path)
            if "rc=0" not in out:
                raise RuntimeError("adding addresses to %s failed: %s" % (host.name, out))
            done.update(addresses)

    def intf_tx(self, host):
        """Packets the host's interface has sent (its kernel counter)."""
        return int(host.cmd("cat /sys/class/net/%s/statistics/tx_packets" % host.defaultIntf().name).strip())

    def job(self, host, args, out_dir, name):
        out = os.path.join(out_dir, "%s.json" % name)
        job = HostJob(host, args + ["--out", out], out, os.path.join(out_dir, "%s.log" % name))
        self.jobs.append(job)
        return job

    def start_receiver(self, out_dir, name, ports, duration=60.0, expect=None, idle=None, gap_threshold=0.05,
                       host=None):
        """``udpflows recv`` in h2 (default); returns once its sockets are bound."""
        host = host or self.h2
        ready = os.path.join(out_dir, "%s.ready" % name)
        args = ["recv", "--ports", ",".join(str(p) for p in ports), "--duration", str(duration),
                "--gap-threshold", str(gap_threshold), "--ready", ready]
        if expect is not None:
            args += ["--expect", str(expect)]
        if idle is not None:
            args += ["--idle", str(idle)]
        job = self.job(host, args, out_dir, name)
        wait_until(lambda: os.path.exists(ready) or (not job.alive() and job.result()), 10,
                   what="receiver %s to bind" % name)
        return job

    def start_sender(self, out_dir, name, port, flows, src_ip_base=None, src_port_base=20000, packets=None,
                     duration=None, rate=500.0, size=64, flow_base=0, dst=None, host=None):
        """``udpflows send`` in h1 (default) towards h2; returns the running job."""
        host = host or self.h1
        args = ["send", "--dst", dst or self.h2.IP(), "--port", str(port), "--flows", str(flows),
                "--rate", str(rate), "--size", str(size), "--src-port-base", str(src_port_base),
                "--flow-base", str(flow_base)]
        args += ["--packets", str(packets)] if packets is not None else ["--duration", str(duration)]
        if src_ip_base:
            args += ["--src-ip-base", src_ip_base]
        return self.job(host, args, out_dir, name)

    def tcp_exchange(self, out_dir, name, src_ip, port=5201, send_bytes=1 << 20, reply_bytes=1 << 20,
                     timeout=60.0):
        """One TCP connection from ``src_ip`` on h1 to h2: ``send_bytes`` up, ``reply_bytes`` down."""
        ready = os.path.join(out_dir, "%s-server.ready" % name)
        server = self.job(self.h2, ["tcp-server", "--port", str(port), "--bind", self.h2.IP(), "--reply-bytes",
                                    str(reply_bytes), "--timeout", str(timeout), "--ready", ready],
                          out_dir, name + "-server")
        wait_until(lambda: os.path.exists(ready), 10, what="TCP server %s to listen" % name)
        client = self.job(self.h1, ["tcp-client", "--dst", self.h2.IP(), "--port", str(port), "--src-ip", src_ip,
                                    "--bytes", str(send_bytes), "--timeout", str(timeout)], out_dir, name + "-client")
        return client.wait(timeout + 10), server.wait(timeout + 10)

    def iperf3(self, out_dir, name, seconds=2, port=5201, reverse=False, bind=None, timeout=None):
        """iperf3 from h1 to h2 (``reverse``: data from h2 to h1), JSON report as a dict; the server (one
        test, ``-1``) and the client are stopped by PID whatever happens."""
        client, server = self.h1, self.h2
        srv_log = open(os.path.join(out_dir, "%s-server.log" % name), "w")
        srv = server.popen(["iperf3", "-s", "-1", "-p", str(port), "-B", server.IP()], stdout=srv_log,
                           stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "%s:%d" % (server.IP(), port) in server.cmd("ss -ltn"), 10,
                       what="iperf3 server to listen")
            args = ["iperf3", "-c", server.IP(), "-p", str(port), "-t", str(seconds), "-J"]
            if reverse:
                args.append("-R")
            if bind:
                args += ["-B", bind]
            cli = client.popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            with cli:
                try:
                    out, err = cli.communicate(timeout=timeout or seconds + 30)
                finally:
                    stop_process(cli, timeout=2)
            with open(os.path.join(out_dir, "%s.json" % name), "wb") as fh:
                fh.write(out)
            try:
                report = json.loads(out.decode())
            except ValueError:
                raise RuntimeError("iperf3 printed no JSON (rc %s): %s %s" % (cli.returncode, out[-500:], err[-500:]))
            if "error" in report:
                raise RuntimeError("iperf3 failed: %s" % report["error"])
            return report
        finally:
            stop_process(srv, timeout=2)
            srv.wait()
            srv_log.close()

    def stop_jobs(self):
        for job in self.jobs:
            job.stop(5.0)
        self.jobs = []

    # ---- state for post-mortems -----------------------------------------------------------------
    @staticmethod
    def _safe(func, *args):
        try:
            return func(*args)
        except Exception as exc:  # pylint: disable=broad-except
            return "<%s: %s>" % (type(exc).__name__, exc)

    def dump(self, out_dir):
        """Write the switch tables, the OFC's views (sidecars, modules, flows, metrics) and every live
        sidecar's modules into ``out_dir``."""
        if self.net is not None and self.net.net is not None:
            for name in self.switch_names:
                with open(os.path.join(out_dir, "flows-%s.txt" % name), "w") as fh:
                    fh.write(dump_flows(name, stats=True) + "\n" + dump_groups(name))
                    fh.write("\n" + run(["ovs-ofctl", "-O", "OpenFlow13", "dump-ports-desc", name], check=False))
                    fh.write("\n" + run(["ovs-ofctl", "-O", "OpenFlow13", "dump-ports", name], check=False))
        if self.ofc is not None and self.ofc.alive():
            view = {"sidecars": self._safe(self.ofc.sidecars), "modules": self._safe(self.ofc.modules)}
            if self.net is not None and self.net.net is not None:
                view["flows"] = self._safe(self.ofc.flows, self.dpid)
            with open(os.path.join(out_dir, "ofc-rest.json"), "w") as fh:
                json.dump(view, fh, indent=2)
            with open(os.path.join(out_dir, "ofc-metrics.txt"), "w") as fh:
                fh.write(str(self._safe(self.ofc.metrics)))
        side = {sid: self._safe(sc.modules) for sid, sc in self.sidecars.items() if sc.alive()}
        with open(os.path.join(out_dir, "sidecar-modules.json"), "w") as fh:
            json.dump(side, fh, indent=2)

    def log_paths(self):
        paths = {"ofc.log": self.ofc.log_path} if self.ofc else {}
        for sid, sc in self.sidecars.items():
            paths["sidecar-%s.log" % sid] = sc.log_path
        return paths


class LogSlices:
    """Byte offsets into growing log files: ``take()`` returns what was written since the last call."""

    def __init__(self):
        self.offsets = {}

    def take(self, paths):
        """``{name: text}`` written to each of ``paths`` (``{name: path}``) since the last take."""
        out = {}
        for name, path in paths.items():
            try:
                size = os.path.getsize(path)
            except OSError:
                continue
            start = self.offsets.get(path, 0)
            if size < start:
                start = 0
            with open(path, "rb") as fh:
                fh.seek(start)
                out[name] = fh.read().decode("utf-8", "replace")
            self.offsets[path] = size
        return out


def slice_problems(out_dir, slices, allowed=()):
    """Write each slice to ``out_dir`` and return the error/stack-trace lines ``log_problems`` finds."""
    problems = []
    for name, text in slices.items():
        path = os.path.join(out_dir, name)
        with open(path, "w") as fh:
            fh.write(text)
        bad = log_problems(path, allowed)
        if bad:
            problems.append("%s (this test's part, in %s) has %d error/stack-trace line(s):\n  %s" % (
                name, path, len(bad), "\n  ".join(bad[:25])))
    return problems


class SteeringTestCase(unittest.TestCase):
    """One ``SteeringNet`` per test class (``SIDECARS`` sidecars), shared by its tests.

    Every test gets its own folder (``$NETSERV_TEST_DIR/<test id>/``) with the parts of the OFC and
    sidecar logs written during the test, the switch tables and the OFC's views at its end. After each
    test (in cleanups, which run after the test's own) the pool must be as the test found it: the same
    modules on the OFC and on every sidecar (normally none), no switch entry with a cookie of a module the
    test deployed, no new cookie other than learned forwarding entries, every sidecar that was UP still UP,
    and no error or stack trace in the logs beyond ``ALLOWED_LOG_PATTERNS`` (class) and
    ``self.allowed_log_patterns`` (per test). The class fixture is stopped by PID at the end, and leftover
    interfaces, bridges, child processes or cgroups fail the class.
    """

    SIDECARS = 2
    ALLOWED_LOG_PATTERNS = ()
    FIXTURE_KWARGS = {}
    fixture = None

    @classmethod
    def setUpClass(cls):
        cls.class_dir = make_test_folder("%s.%s" % (cls.__module__, cls.__name__))
        cls._links_before = link_names()
        cls._bridges_before = ovs_bridges()
        cls._children_before = _child_pids()
        cls._logs = LogSlices()
        cls.addClassCleanup(cls._class_teardown)
        cls.fixture = SteeringNet(cls.class_dir, sidecars=cls.SIDECARS, **cls.FIXTURE_KWARGS)
        cls.fixture.start()
        problems = slice_problems(cls.class_dir, {"setup-" + k: v for k, v in
                                                  cls._logs.take(cls.fixture.log_paths()).items()},
                                  cls.ALLOWED_LOG_PATTERNS)
        if problems:
            raise AssertionError("starting the steering fixture logged problems:\n" + "\n".join(problems))

    @classmethod
    def _class_teardown(cls):
        problems = []
        fixture = cls.fixture
        tag = fixture.tag if fixture is not None else _tag()
        if fixture is not None:
            try:
                fixture.dump(cls.class_dir)
            except Exception as exc:  # pylint: disable=broad-except
                problems.append("dumping state failed: %s" % exc)
            paths = fixture.log_paths()
            problems.extend(fixture.stop())
            problems.extend(slice_problems(cls.class_dir, {"teardown-" + k: v for k, v in cls._logs.take(paths).items()},
                                           cls.ALLOWED_LOG_PATTERNS))
            for sid in fixture.sidecars:
                for root in CGROUP_ROOTS:
                    if os.path.exists(os.path.join(root, "netserv-%s" % sid)):
                        problems.append("cgroup %s/netserv-%s left behind" % (root, sid))
            cls.fixture = None
        # Only names with our tag: another run of these tests may be building its own network right now.
        links = sorted(n for n in link_names() - cls._links_before if tag in n)
        if links:
            problems.append("interfaces left behind: %s" % ", ".join(links))
        bridges = sorted(n for n in ovs_bridges() - cls._bridges_before if tag in n)
        if bridges:
            problems.append("bridges left behind: %s" % ", ".join(bridges))
        children = sorted(_child_pids() - cls._children_before)
        if children:
            problems.append("processes left behind: %s" % "; ".join("%d %s" % (p, _proc_cmdline(p)) for p in children))
        if problems:
            raise AssertionError("teardown of %s found problems (artifacts in %s):\n%s" % (
                cls.__name__, cls.class_dir, "\n".join(problems)))

    # ---- per test -----------------------------------------------------------------------------
    def setUp(self):
        if self.fixture is None:
            self.skipTest("the class fixture did not start")
        self.fx = self.fixture
        self.out_dir = make_test_folder(self.id())
        self.progress = Progress(prefix="    ")
        self.allowed_log_patterns = list(self.ALLOWED_LOG_PATTERNS)
        self.module_cookies = set()
        self._logs.take(self.fx.log_paths())  # what came before is not this test's
        self._before = self._pool_snapshot()
        self.addCleanup(self._check_pool_restored)

    def tearDown(self):
        # Before the cleanups delete the test's modules: the state the test ended in.
        try:
            self.fx.dump(self.out_dir)
        except Exception as exc:  # pylint: disable=broad-except
            self.write_artifact("dump-error.txt", "%s: %s" % (type(exc).__name__, exc))

    def _pool_snapshot(self):
        known = self.fx.ofc.sidecar_map()
        return {
            "up": sorted(sid for sid, rec in known.items() if rec.get("state") == "UP" and sid in self.fx.live_ids()),
            "ofc_modules": sorted("%s/%s" % (m["user"], m["name"]) for m in self.fx.ofc.modules()),
            "sidecar_modules": self.fx.sidecar_modules(),
            "cookies": self.fx.cookies(),
        }

    def write_artifact(self, name, text):
        with open(os.path.join(self.out_dir, name), "w") as fh:
            fh.write(text)

    def deploy(self, body, timeout=180.0):
        """Deploy through the OFC and make sure the module is deleted after the test."""
        view = self.fx.deploy(body, timeout=timeout)
        user, name = body["user"], body["name"]
        self.addCleanup(self._delete_quietly, user, name)
        if isinstance(view, dict) and view.get("cookie") is not None:
            self.module_cookies.add(cookie_int(view["cookie"]))
        return view

    def _delete_quietly(self, user, name):
        if self.fx.ofc.module(user, name) is not None:
            view = self.fx.ofc.module(user, name)
            if view and view.get("cookie") is not None:
                self.module_cookies.add(cookie_int(view["cookie"]))
            self.fx.ofc.delete_module(user, name)

    def _check_pool_restored(self):
        problems = []
        fx = self.fx
        fx.stop_jobs()

        def check(what, func, timeout=15.0):
            try:
                wait_until(func, timeout, interval=0.2, what=what)
            except TimeoutError as exc:
                problems.append(str(exc))

        before = self._before
        check("the OFC's modules to be as before the test (%s)" % before["ofc_modules"],
              lambda: sorted("%s/%s" % (m["user"], m["name"]) for m in fx.ofc.modules()) == before["ofc_modules"])
        for sid, mods in before["sidecar_modules"].items():
            if sid in fx.live_ids():
                check("sidecar %s to run the modules it ran before the test (%s)" % (sid, mods),
                      lambda sid=sid, mods=mods: fx.sidecar_modules([sid])[sid] == mods)
        for cookie in sorted(self.module_cookies):
            check("no switch entry with the low 32 bits of module cookie %#x" % cookie,
                  lambda cookie=cookie: not fx.flows_with_cookie(cookie), timeout=10.0)
        new = self._unexplained_cookies()
        if new:
            problems.append("new cookies on the switch after the test (not learned forwarding entries): %s" % new)
        check("sidecars %s UP again" % before["up"],
              lambda: all(fx.ofc.sidecar_map().get(sid, {}).get("state") == "UP" for sid in before["up"]))
        problems.extend(slice_problems(self.out_dir, self._logs.take(fx.log_paths()), self.allowed_log_patterns))
        if problems:
            self.write_artifact("pool-after-test.txt", "\n".join(problems))
            raise AssertionError("after %s the pool is not as the test found it, or the logs show errors "
                                 "(artifacts in %s):\n%s" % (self.id(), self.out_dir, "\n".join(problems)))

    def _unexplained_cookies(self):
        new = self.fx.cookies() - self._before["cookies"]
        if not new:
            return []
        owners = self.fx.rest_owners()
        return sorted("%#x (%s)" % (c, owners.get(c, "not listed by the OFC")) for c in new
                      if owners.get(c) != "forwarding")

    # ---- assertions shared by tests -------------------------------------------------------------
    def assert_no_module_left(self, user, name, cookies=()):
        """No module ``user/name`` on the OFC or any live sidecar, no switch entry with its cookies."""
        fx = self.fx
        self.assertIsNone(fx.ofc.module(user, name), "the OFC still lists %s/%s" % (user, name))
        self.assertNotIn("%s/%s" % (user, name), [m for ms in fx.sidecar_modules().values() for m in ms])
        for cookie in cookies:
            left = fx.flows_with_cookie(cookie)
            self.assertEqual(left, [], "switch entries with the cookie of %s/%s left: %s" % (user, name, left))

