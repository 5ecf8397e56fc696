package org.netserv.topology.path;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;

/**
 * A loop-free broadcast tree: a spanning tree (a forest, if the network is in pieces) over the switch graph,
 * and for each switch the ports a broadcast or unknown-destination frame may use. An immutable snapshot of
 * one {@link TopologyGraph#version()}; {@link #upToDate} recomputes it only when the graph changed.
 *
 * <p>Deterministic: each piece is rooted at its lowest datapath id and grown breadth-first, visiting
 * neighbours by local port, then neighbour and its port; so every controller computes the same tree, and
 * it changes only where the network did. A cable counts once whichever directions of it are known. The
 * broadcast ports of a switch are its up ports minus the inter-switch ports that are on no tree cable: host
 * ports and tree ports, never a port whose cables all stay outside the tree. A frame arriving on such a port
 * must be dropped ({@link #acceptsBroadcastFrom}).
 *
 * <pre>{@code
 * BroadcastTree tree = BroadcastTree.upToDate(null, graph);   // compute
 * tree = BroadcastTree.upToDate(tree, graph);                 // same object until the graph changes
 * tree.blockedCables();                                       // on a 4-switch ring: one cable
 * tree.floodPorts(SwitchPort.of(dpid, inPort));               // where to send an ARP request that came in
 * }</pre>
 */
public final class BroadcastTree {
    private final TopologyGraph graph;
    private final long version;
    private final List<Link> treeCables;
    private final List<Link> blockedCables;
    private final Set<Link> treeCableSet;
    private final Set<SwitchPort> treePorts = new HashSet<>();
    private final Set<SwitchPort> linkPorts = new HashSet<>();
    private final Map<Long, Long> roots = new HashMap<>();
    private final Map<Long, SortedSet<Integer>> broadcastPorts = new HashMap<>();

    private BroadcastTree(TopologyGraph graph) {
        this.graph = graph;
        this.version = graph.version();
        Map<Long, List<Link>> incident = new HashMap<>();
        Set<Link> cables = new TreeSet<>();
        for (LinkRecord r : graph.links()) {
            cables.add(r.link().undirected());
        }
        for (Link c : cables) {
            linkPorts.add(c.src());
            linkPorts.add(c.dst());
            incident.computeIfAbsent(c.src().dpid(), k -> new ArrayList<>()).add(c);
            incident.computeIfAbsent(c.dst().dpid(), k -> new ArrayList<>()).add(c.reversed());
        }
        incident.values().forEach(Collections::sort);
        List<Link> tree = new ArrayList<>();
        for (long root : graph.switches()) {
            if (!roots.containsKey(root)) {
                grow(root, incident, tree);
            }
        }
        Collections.sort(tree);
        this.treeCables = List.copyOf(tree);
        this.treeCableSet = Set.copyOf(tree);
        List<Link> blocked = new ArrayList<>(cables);
        blocked.removeAll(treeCableSet);
        this.blockedCables = List.copyOf(blocked);
        for (Link c : tree) {
            treePorts.add(c.src());
            treePorts.add(c.dst());
        }
        for (long dpid : graph.switches()) {
            SortedSet<Integer> ports = new TreeSet<>(Integer::compareUnsigned);
            for (int port : graph.upPorts(dpid)) {
                if (acceptsBroadcastFrom(new SwitchPort(dpid, port))) {
                    ports.add(port);
                }
            }
            broadcastPorts.put(dpid, Collections.unmodifiableSortedSet(ports));
        }
    }

    private void grow(long root, Map<Long, List<Link>> incident, List<Link> tree) {
        roots.put(root, root);
        ArrayDeque<Long> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            long u = queue.poll();
            for (Link out : incident.getOrDefault(u, List.of())) {
                long v = out.dst().dpid();
                if (!roots.containsKey(v)) {
                    roots.put(v, root);
                    tree.add(out.undirected());
                    queue.add(v);
                }
            }
        }
    }

    /** The tree of the graph as it is now. */
    public static BroadcastTree compute(TopologyGraph graph) {
        return new BroadcastTree(graph);
    }

    /** {@code previous} when it was computed from this graph at its current version, else a new tree. */
    public static BroadcastTree upToDate(BroadcastTree previous, TopologyGraph graph) {
        return previous != null && previous.graph == graph && previous.version == graph.version()
                ? previous : compute(graph);
    }

    /** The graph version this tree was computed from. */
    public long graphVersion() {
        return version;
    }

    /** The cables in the tree, each once as {@link Link#undirected()}, sorted. */
    public List<Link> treeCables() {
        return treeCables;
    }

    /** The inter-switch cables left out of the tree (they would close loops), sorted. */
    public List<Link> blockedCables() {
        return blockedCables;
    }

    /** True when this link, in either direction, is a tree cable. */
    public boolean isTreeLink(Link link) {
        return treeCableSet.contains(link.undirected());
    }

    /** The lowest switch of {@code dpid}'s piece of the network, where its tree is rooted. */
    public long root(long dpid) {
        Long root = roots.get(dpid);
        if (root == null) {
            throw new IllegalArgumentException("unknown switch " + dpid);
        }
        return root;
    }

    /** The ports of {@code dpid} a broadcast may use: up host ports and tree ports (empty for an unknown switch). */
    public SortedSet<Integer> broadcastPorts(long dpid) {
        return broadcastPorts.getOrDefault(dpid, Collections.emptySortedSet());
    }

    /**
     * False for an inter-switch port outside the tree: a broadcast arriving there came round a loop and
     * must be dropped. True for tree ports and host ports.
     */
    public boolean acceptsBroadcastFrom(SwitchPort port) {
        return !linkPorts.contains(port) || treePorts.contains(port);
    }

    /**
     * Where to flood a broadcast that arrived on {@code in}: the switch's broadcast ports except {@code in};
     * nothing when the frame arrived on a port outside the tree.
     */
    public SortedSet<Integer> floodPorts(SwitchPort in) {
        if (!acceptsBroadcastFrom(in)) {
            return Collections.emptySortedSet();
        }
        SortedSet<Integer> ports = new TreeSet<>(Integer::compareUnsigned);
        ports.addAll(broadcastPorts(in.dpid()));
        ports.remove(in.port());
        return Collections.unmodifiableSortedSet(ports);
    }
}
