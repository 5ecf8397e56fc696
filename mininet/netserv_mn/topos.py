"""Topologies for the NetServ harness: ``Topo`` classes and a ``mn --topo`` style parser.

This module only defines classes; it never starts a network at import time (Mininet issue 804:
a topology module that builds a network on import breaks every tool that imports it).

Names follow Mininet's conventions so that DPIDs are predictable: switch ``sN`` gets DPID ``N``,
hosts are ``h1..hM`` numbered left to right, and with ``autoSetMacs`` host ``hK`` has MAC
``00:00:00:00:00:K`` and IP ``10.0.0.K``.
"""

from mininet.topo import Topo


class SingleTopo(Topo):
    """One switch ``s1`` with ``hosts`` hosts."""

    def build(self, hosts=2):  # pylint: disable=arguments-differ
        if hosts < 1:
            raise ValueError("single topology needs at least 1 host")
        switch = self.addSwitch("s1")
        for i in range(1, hosts + 1):
            self.addLink(self.addHost("h%d" % i), switch)


class LinearTopo(Topo):
    """``switches`` switches in a chain, ``hosts_per_switch`` hosts on each (numbered in order)."""

    def build(self, switches=2, hosts_per_switch=1):  # pylint: disable=arguments-differ
        if switches < 1 or hosts_per_switch < 0:
            raise ValueError("linear topology needs >= 1 switch and >= 0 hosts per switch")
        previous, host_no = None, 0
        for i in range(1, switches + 1):
            switch = self.addSwitch("s%d" % i)
            for _ in range(hosts_per_switch):
                host_no += 1
                self.addLink(self.addHost("h%d" % host_no), switch)
            if previous is not None:
                self.addLink(previous, switch)
            previous = switch


class TreeTopo(Topo):
    """A tree of switches ``depth`` levels deep with ``fanout`` children per node; hosts are leaves.

    Switches are numbered breadth first from the root (``s1``), hosts left to right, so
    ``tree,2,2`` gives s1 (root), s2 and s3 (leaves), h1 h2 on s2 and h3 h4 on s3.
    """

    def build(self, depth=2, fanout=2):  # pylint: disable=arguments-differ
        if depth < 1 or fanout < 1:
            raise ValueError("tree topology needs depth >= 1 and fanout >= 1")
        level = [self.addSwitch("s1")]
        switch_no, host_no = 1, 0
        for d in range(1, depth + 1):
            next_level = []
            for parent in level:
                for _ in range(fanout):
                    if d == depth:
                        host_no += 1
                        child = self.addHost("h%d" % host_no)
                    else:
                        switch_no += 1
                        child = self.addSwitch("s%d" % switch_no)
                        next_level.append(child)
                    self.addLink(child, parent)
            level = next_level


class LeafSpineTopo(Topo):
    """Two levels, fully meshed: ``spines`` switches ``s1..sS`` on top, ``leaves`` switches below them,
    every leaf cabled to every spine (so every pair of leaves has ``spines`` equal paths: loops), and
    ``hosts_per_leaf`` hosts on each leaf, numbered leaf by leaf."""

    def build(self, spines=2, leaves=4, hosts_per_leaf=2):  # pylint: disable=arguments-differ
        if spines < 1 or leaves < 1 or hosts_per_leaf < 0:
            raise ValueError("leafspine topology needs >= 1 spine, >= 1 leaf and >= 0 hosts per leaf")
        tops = [self.addSwitch("s%d" % i) for i in range(1, spines + 1)]
        host_no = 0
        for i in range(spines + 1, spines + leaves + 1):
            leaf = self.addSwitch("s%d" % i)
            for top in tops:
                self.addLink(leaf, top)
            for _ in range(hosts_per_leaf):
                host_no += 1
                self.addLink(self.addHost("h%d" % host_no), leaf)


class FatTreeTopo(Topo):
    """A small fat tree: ``core`` switches ``s1..sC``; ``pods`` pods of two aggregation and two edge
    switches, each aggregation switch cabled to every core switch and to both edge switches of its pod;
    ``hosts_per_edge`` hosts on every edge switch. Numbering: core first, then per pod its two
    aggregation and its two edge switches; hosts edge by edge. ``fattree,2,2,2``: 10 switches, 16 cables,
    8 hosts; between two pods there are 2 x 2 x 2 shortest paths."""

    def build(self, core=2, pods=2, hosts_per_edge=2):  # pylint: disable=arguments-differ
        if core < 1 or pods < 1 or hosts_per_edge < 0:
            raise ValueError("fattree topology needs >= 1 core switch, >= 1 pod and >= 0 hosts per edge")
        cores = [self.addSwitch("s%d" % i) for i in range(1, core + 1)]
        switch_no, host_no = core, 0
        for _ in range(pods):
            aggs = [self.addSwitch("s%d" % (switch_no + 1)), self.addSwitch("s%d" % (switch_no + 2))]
            edges = [self.addSwitch("s%d" % (switch_no + 3)), self.addSwitch("s%d" % (switch_no + 4))]
            switch_no += 4
            for agg in aggs:
                for top in cores:
                    self.addLink(agg, top)
            for edge in edges:
                for agg in aggs:
                    self.addLink(edge, agg)
                for _ in range(hosts_per_edge):
                    host_no += 1
                    self.addLink(self.addHost("h%d" % host_no), edge)


TOPOS = {
    "single": (SingleTopo, ("hosts",)),
    "linear": (LinearTopo, ("switches", "hosts_per_switch")),
    "tree": (TreeTopo, ("depth", "fanout")),
    "leafspine": (LeafSpineTopo, ("spines", "leaves", "hosts_per_leaf")),
    "fattree": (FatTreeTopo, ("core", "pods", "hosts_per_edge")),
}


def make_topo(spec):
    """Build a topology from a spec like ``mn --topo``: ``single,3``, ``linear,4``, ``linear,3,2``,
    ``tree,2,2``, ``leafspine,2,4,2``, ``fattree,2,2,2`` or with names, ``tree,depth=2,fanout=3``; or a ``Topo``
    class, built with its defaults. Raises ``ValueError`` on a bad spec."""
    if isinstance(spec, type):
        return spec()
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if not parts or parts[0] not in TOPOS:
        raise ValueError("unknown topology %r; known: %s" % (spec, ", ".join(sorted(TOPOS))))
    cls, names = TOPOS[parts[0]]
    kwargs = {}
    for pos, part in enumerate(parts[1:]):
        if "=" in part:
            key, value = part.split("=", 1)
            key = key.strip()
        else:
            if pos >= len(names):
                raise ValueError("too many arguments in topology %r (takes %s)" % (spec, ", ".join(names)))
            key, value = names[pos], part
        if key not in names:
            raise ValueError("unknown argument %r for topology %r (takes %s)" % (key, parts[0], ", ".join(names)))
        try:
            kwargs[key] = int(value)
        except ValueError:
            raise ValueError("argument %s=%r of topology %r is not an integer" % (key, value, spec)) from None
    return cls(**kwargs)
