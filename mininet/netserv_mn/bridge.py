"""A plain Open vSwitch bridge (userspace datapath) pointed at a controller, without Mininet.

Tests of the OpenFlow core need nothing but a switch and its flow table; a bare bridge starts in
milliseconds and shows the controller exactly what OVS does. Names are unique per process so
that we only ever delete the bridge we created.
"""

import itertools
import os

from netserv_mn.net import dump_flows, link_names, ovs_bridges, parse_flows
from netserv_mn.util import run

_COUNTER = itertools.count(1)


class OvsBridge:
    """``ovs-vsctl add-br`` with datapath_type=netdev, OpenFlow13 only, fail_mode=secure.

    ``max_backoff`` keeps OVS's reconnect attempts at most that many ms apart, so a restarted
    controller is found again quickly.
    """

    def __init__(self, of_port, dpid=None, name=None, max_backoff_ms=1000):
        n = next(_COUNTER)
        self.name = name or "nsb%d-%d" % (os.getpid() % 100000, n)
        if len(self.name) > 15:
            raise ValueError("bridge name %r longer than 15 characters" % self.name)
        self.dpid = dpid if dpid is not None else 0x4e5300000000 + (os.getpid() % 0xffff) * 16 + n
        self.of_port = of_port
        self.max_backoff_ms = max_backoff_ms
        self.created = False

    @property
    def dpid_hex(self):
        return "%016x" % self.dpid

    def create(self):
        if self.name in ovs_bridges() or self.name in link_names():
            raise RuntimeError("bridge or interface %s already exists; not ours, refusing" % self.name)
        run(["ovs-vsctl", "--timeout=10", "add-br", self.name, "--", "set", "bridge", self.name,
             "datapath_type=netdev", "protocols=OpenFlow13", "fail_mode=secure",
             "other-config:datapath-id=%s" % self.dpid_hex, "other-config:disable-in-band=true",
             "--", "set-controller", self.name, "tcp:127.0.0.1:%d" % self.of_port,
             "--", "set", "controller", self.name, "max_backoff=%d" % self.max_backoff_ms])
        self.created = True
        return self

    def delete(self):
        """Delete the bridge (and its internal interface if OVS left it behind). Idempotent."""
        if not self.created:
            return
        self.created = False
        run(["ovs-vsctl", "--timeout=10", "--if-exists", "del-br", self.name])
        if self.name in link_names():
            run(["ip", "link", "del", self.name], check=False)

    def connected(self):
        out = run(["ovs-vsctl", "--timeout=5", "get", "controller", self.name, "is_connected"], check=False)
        return out.strip() == "true"

    def flows(self):
        return parse_flows(dump_flows(self.name))

    def add_flow(self, spec):
        run(["ovs-ofctl", "-O", "OpenFlow13", "add-flow", self.name, spec])

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        self.delete()
