package org.netserv.ofc.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.topology.Link;
import org.netserv.topology.LinkEvent;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;
import org.netserv.topology.discovery.LinkDiscovery;
import org.netserv.topology.discovery.ProbeResult;
import org.netserv.topology.host.Host;
import org.netserv.topology.host.HostEvent;
import org.netserv.topology.host.HostTracker;
import org.netserv.topology.lldp.LldpCodec;
import org.netserv.topology.lldp.LldpParseResult;
import org.netserv.topology.lldp.ProbeKind;
import org.netserv.topology.path.BroadcastTree;
import org.netserv.topology.path.Path;
import org.netserv.topology.path.ShortestPaths;
import org.netserv.topology.path.TowardTargets;
import org.projectfloodlight.openflow.types.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's view of the network, free of OpenFlow and I/O: the graph, link discovery, the broadcast
 * tree and the hosts, behind one lock (PacketIns arrive on several event loops, probes on a timer). Times
 * are milliseconds of one monotonic clock, passed in.
 */
final class TopologyState {
    private static final Logger log = LoggerFactory.getLogger(TopologyState.class);
    static final int LLDP_TYPE = 0x88cc;
    static final int BDDP_TYPE = 0x8942;
    /** Equal-cost paths considered per route (a 2-level fat tree has as many as it has core switches). */
    static final int MAX_EQUAL_COST_PATHS = 8;

    /** An LLDP frame to send out of a port. */
    record Probe(SwitchPort port, byte[] frame) {}

    /** A snapshot for REST: links, up ports, tree. */
    record Snapshot(SortedSet<Long> switches, Map<Long, SortedSet<Integer>> upPorts, List<LinkRecord> links,
                    BroadcastTree tree) {}

    private final TopologyConfig config;
    private final TopologyGraph graph = new TopologyGraph();
    private final LinkDiscovery discovery;
    private final LldpCodec codec = new LldpCodec();
    private final HostTracker hosts;
    /** When each port came up (or its switch connected): floods avoid it until its links had time to show. */
    private final Map<SwitchPort, Long> upSince = new HashMap<>();
    private BroadcastTree tree;
    /** Shortest paths from each source switch, valid for {@link #pathsVersion} of the graph. */
    private final Map<Long, ShortestPaths> pathsFrom = new HashMap<>();
    private long pathsVersion = -1;
    private final List<HostRoutes.Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Listener calls waiting for the lock to be released (they write to switches). Guarded by this. */
    private final List<Runnable> pending = new ArrayList<>();
    private volatile boolean anyPending;

    TopologyState(TopologyConfig config, long controllerId) {
        this.config = config;
        this.discovery = new LinkDiscovery(graph, controllerId, config.linkTimeoutMs());
        this.hosts = new HostTracker(graph::isLinkPort, config.hostIdleSeconds() * 1000L);
    }

    /**
     * Tells the listeners of what the changes so far did. The caller calls it after every change, outside the
     * lock: listeners write to switches, which should not hold up the PacketIns waiting for the lock.
     */
    void deliver() {
        if (!anyPending) {
            return; // the usual case, on every PacketIn: no lock taken
        }
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(pending);
            pending.clear();
            anyPending = false;
        }
        due.forEach(Runnable::run);
    }

    private void later(Runnable call) {
        pending.add(call);
        anyPending = true;
    }

    /** Adds a listener told of removed links and moved hosts (forwarding, to flush stale paths). */
    void addListener(HostRoutes.Listener l) {
        listeners.add(java.util.Objects.requireNonNull(l, "listener"));
    }

    synchronized void switchUp(long dpid, Collection<Integer> upPorts, long now) {
        graph.removeSwitch(dpid); // a reconnect starts afresh
        graph.addSwitch(dpid, upPorts);
        upSince.keySet().removeIf(p -> p.dpid() == dpid);
        upPorts.forEach(p -> upSince.put(SwitchPort.of(dpid, p), now));
        log.info("switch {} up with ports {}", org.netserv.topology.Dpid.toString(dpid), upPorts);
    }

    synchronized void switchGone(long dpid) {
        logEvents(graph.removeSwitch(dpid));
        upSince.keySet().removeIf(p -> p.dpid() == dpid);
        publishHosts(hosts.removeWhere(h -> h.attachment().dpid() == dpid));
    }

    synchronized void portUp(SwitchPort port, long now) {
        if (graph.hasSwitch(port.dpid()) && graph.portUp(port)) {
            upSince.put(port, now);
        }
    }

    synchronized void portDown(SwitchPort port, boolean deleted) {
        logEvents(deleted ? graph.removePort(port) : graph.portDown(port));
        upSince.remove(port);
        publishHosts(hosts.removeWhere(h -> h.attachment().equals(port)));
    }

    /** Expires links and hosts, then the probes to send out of every up port but those {@code skip} names. */
    synchronized List<Probe> tick(long now, ToLongFunction<SwitchPort> portMac, Predicate<SwitchPort> skip) {
        logEvents(discovery.expire(now));
        publishHosts(hosts.expire(now));
        return probes(now, portMac, skip);
    }

    /** Probes out of every up port but those {@code skip} names (infrastructure ports). */
    synchronized List<Probe> probes(long now, ToLongFunction<SwitchPort> portMac, Predicate<SwitchPort> skip) {
        List<Probe> out = new ArrayList<>();
        for (SwitchPort p : discovery.probeTargets()) {
            if (!skip.test(p)) {
                out.add(new Probe(p, codec.encode(discovery.probe(p, portMac.applyAsLong(p), ProbeKind.LLDP, now))));
            }
        }
        return out;
    }

    /** True when {@code frame} is an LLDP or BDDP frame (ours or not): it is consumed here, never forwarded. */
    static boolean isDiscoveryFrame(byte[] frame) {
        if (frame.length < 14) {
            return false;
        }
        int type = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        return type == LLDP_TYPE || type == BDDP_TYPE;
    }

    /** Applies a received LLDP/BDDP frame; false when it was not a probe of ours. */
    synchronized boolean onDiscoveryFrame(long dpid, int inPort, byte[] frame, long now) {
        LldpParseResult r = codec.decode(frame);
        if (!(r instanceof LldpParseResult.Parsed parsed)) {
            log.debug("switch {} port {}: not our probe: {}", dpid, inPort, r);
            return false;
        }
        ProbeResult result = discovery.onProbe(dpid, inPort, parsed.value(), now);
        logEvents(result.events());
        if (!result.events().isEmpty()) {
            publishHosts(hosts.forgetHostsOnLinkPorts());
        }
        return result.verdict().isOwnProbe();
    }

    /** Learns where a host is from a frame forwarding will handle (not from inter-switch ports). */
    synchronized void observe(long dpid, int inPort, byte[] frame, long now) {
        if (frame.length < 14) {
            return;
        }
        long src = 0;
        for (int i = 6; i < 12; i++) {
            src = (src << 8) | (frame[i] & 0xff);
        }
        SwitchPort at = SwitchPort.of(dpid, inPort);
        if (!org.netserv.topology.MacAddresses.isUnicast(src) || graph.isLinkPort(at) || !graph.isPortUp(at)) {
            return;
        }
        publishHosts(hosts.learn(src, senderIpv4(frame), at, now));
    }

    /** The IPv4 sender of an IPv4 packet or an ARP message (untagged), if any. */
    static OptionalInt senderIpv4(byte[] frame) {
        int type = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        int at = type == 0x0800 ? 26 : type == 0x0806 ? 28 : -1;
        if (at < 0 || frame.length < at + 4) {
            return OptionalInt.empty();
        }
        int ip = ((frame[at] & 0xff) << 24) | ((frame[at + 1] & 0xff) << 16) | ((frame[at + 2] & 0xff) << 8)
                | (frame[at + 3] & 0xff);
        return ip == 0 ? OptionalInt.empty() : OptionalInt.of(ip);
    }

    /** False for a frame that arrived on an inter-switch port outside the broadcast tree. */
    synchronized boolean accepts(SwitchPort in) {
        return currentTree().acceptsBroadcastFrom(in);
    }

    /**
     * Where to flood a frame that arrived on {@code in}: tree and host ports but {@code in}, minus ports up for
     * less than the hold time while other switches are connected (a loop needs two switches). Empty (no
     * opinion: plain flooding) for an unknown switch, and for a switch without links or held ports, where the
     * tree allows every port anyway.
     */
    synchronized Optional<SortedSet<Integer>> floodPorts(SwitchPort in, long now) {
        if (!graph.hasSwitch(in.dpid())) {
            return Optional.empty();
        }
        boolean hold = graph.switches().size() > 1;
        boolean linked = !graph.linksFrom(in.dpid()).isEmpty()
                || graph.upPorts(in.dpid()).stream().anyMatch(p -> graph.isLinkPort(SwitchPort.of(in.dpid(), p)));
        SortedSet<Integer> ports = new TreeSet<>(Integer::compareUnsigned);
        boolean held = false;
        for (int p : currentTree().floodPorts(in)) {
            Long since = upSince.get(SwitchPort.of(in.dpid(), p));
            if (!hold || (since != null && now - since >= config.floodHoldMs())) {
                ports.add(p);
            } else {
                held = true;
            }
        }
        if (!linked && !held && currentTree().acceptsBroadcastFrom(in)) {
            return Optional.empty();
        }
        return Optional.of(ports);
    }

    synchronized Snapshot snapshot() {
        Map<Long, SortedSet<Integer>> ports = new HashMap<>();
        graph.switches().forEach(d -> ports.put(d, graph.upPorts(d)));
        return new Snapshot(new TreeSet<>(graph.switches()), ports, graph.links(), currentTree());
    }

    /** The deterministic shortest path between two switches, or empty when either is unknown or unreachable. */
    synchronized Optional<Path> route(long src, long dst) {
        if (!graph.hasSwitch(src) || !graph.hasSwitch(dst)) {
            return Optional.empty();
        }
        return ShortestPaths.bfs(graph, src).path(SwitchPort.of(src, 0), SwitchPort.of(dst, 0));
    }

    /**
     * The shortest path from {@code dpid}/{@code inPort} to the host {@code dst}, chosen among equal-cost paths
     * by {@code flowHash}; empty for an unknown host, an unknown switch or an unreachable one.
     */
    synchronized Optional<Path> toHost(long dpid, int inPort, long dst, long flowHash) {
        Optional<Host> host = hosts.host(dst);
        if (host.isEmpty() || !graph.hasSwitch(dpid)) {
            return Optional.empty();
        }
        if (pathsVersion != graph.version()) {
            pathsFrom.clear();
            pathsVersion = graph.version();
        }
        ShortestPaths sp = pathsFrom.computeIfAbsent(dpid, d -> ShortestPaths.bfs(graph, d));
        List<Path> paths = sp.paths(SwitchPort.of(dpid, inPort), host.get().attachment(), MAX_EQUAL_COST_PATHS);
        return paths.isEmpty() ? Optional.empty()
                : Optional.of(paths.get(Math.floorMod(flowHash, paths.size())));
    }

    /**
     * For each switch that reaches one of {@code targets} and is not one: the port towards the nearest target
     * and its edge ports (up, not inter-switch, not infrastructure, up for at least the flood hold: a port
     * whose links have not shown yet could be a cable, and traffic that came round from a sidecar must not
     * be taken for new traffic).
     */
    synchronized Map<Long, Map.Entry<Integer, List<Integer>>> approaches(java.util.Set<Long> targets, long now,
            Predicate<SwitchPort> infrastructure) {
        Map<Long, Map.Entry<Integer, List<Integer>>> out = new java.util.TreeMap<>(Long::compareUnsigned);
        TowardTargets.compute(graph, targets).forEach((dpid, port) -> {
            List<Integer> edges = new ArrayList<>();
            for (int p : graph.upPorts(dpid)) {
                SwitchPort at = SwitchPort.of(dpid, p);
                Long since = upSince.get(at);
                if (!graph.isLinkPort(at) && !infrastructure.test(at) && since != null
                        && now - since >= config.floodHoldMs()) {
                    edges.add(p);
                }
            }
            out.put(dpid, Map.entry(port, edges));
        });
        return out;
    }

    synchronized List<Host> hosts() {
        return hosts.hosts();
    }

    private BroadcastTree currentTree() {
        tree = BroadcastTree.upToDate(tree, graph);
        return tree;
    }

    /** Logs link events and tells the listener of removed links. */
    private void logEvents(List<LinkEvent> events) {
        events.forEach(e -> log.info("link {}", e));
        List<Link> removed = events.stream().filter(LinkEvent::isRemoval).map(e -> e.link().link()).toList();
        if (!removed.isEmpty()) {
            later(() -> listeners.forEach(l -> l.linksRemoved(removed)));
        }
    }

    /**
     * Logs host events and tells the listener of hosts that moved or were removed. Expiry is not told: a
     * host silent towards the controller may be talking over installed paths, which stay good.
     */
    private void publishHosts(List<HostEvent> events) {
        for (HostEvent e : events) {
            log.info("host {} {}{}", e.type(), e.host(), e.previous().map(p -> ", was at " + p).orElse(""));
            if (e.type() == HostEvent.Type.MOVED || e.type() == HostEvent.Type.REMOVED) {
                MacAddress mac = MacAddress.of(e.host().mac());
                later(() -> listeners.forEach(l -> l.hostChanged(mac)));
            }
        }
    }
}
