package org.netserv.ofc.forwarding;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowDeletion;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.FloodPolicy;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.HostLocator;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.topology.Link;
import org.netserv.topology.path.Hop;
import org.netserv.topology.path.Path;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding of the frames that missed in the forwarding table. With the topology module, by shortest
 * path: a frame to a host the topology knows gets an exact entry (in_port, eth_src, eth_dst) with an idle
 * timeout on every switch of the path, installed from the far end back, and is sent on; when a link of the
 * path goes away or the host moves, the pair's entries are removed from every switch and the next frame
 * takes a new path ({@link RouteBook}). Without it, L2 learning per switch ({@link LearningSwitch}).
 * Frames to unknown hosts, broadcasts and multicasts are flooded as the {@link FloodPolicy} allows: along
 * the topology module's broadcast tree (a broadcast from a blocked inter-switch port is dropped), else
 * everywhere (loop-free topologies only).
 */
public final class ForwardingModule implements OfcModule, SwitchListener, HostLocator, HostRoutes.Listener {
    private static final Logger log = LoggerFactory.getLogger(ForwardingModule.class);
    private static final int ETH_HEADER = 14;

    private final ForwardingConfig config;
    private final Map<DatapathId, LearningSwitch> tables = new ConcurrentHashMap<>();
    private FlowService flows;
    private PortRoles roles;
    private SwitchService switches;
    private volatile FloodPolicy flood = FloodPolicy.EVERYWHERE;
    private volatile HostRoutes routes = HostRoutes.NONE;
    private final RouteBook book = new RouteBook(ROUTE_BOOK_CAPACITY);
    /** Host pairs remembered for flushing; beyond this the least recent ones rely on idle timeouts. */
    static final int ROUTE_BOOK_CAPACITY = 100_000;

    public ForwardingModule(ForwardingConfig config) {
        this.config = config;
    }

    /** Where floods may go; set by the composition root before start-up ({@link FloodPolicy#EVERYWHERE} if never). */
    public void floodBy(FloodPolicy policy) {
        this.flood = java.util.Objects.requireNonNull(policy, "policy");
    }

    /**
     * Routes by the topology's shortest paths; set by the composition root before start-up (learning per
     * switch if never).
     */
    public void routeBy(HostRoutes hostRoutes) {
        this.routes = java.util.Objects.requireNonNull(hostRoutes, "hostRoutes");
    }

    private boolean routing() {
        return routes != HostRoutes.NONE;
    }

    @Override
    public String name() {
        return "forwarding";
    }

    @Override
    public Map<Class<?>, Object> provides() {
        return Map.of(HostLocator.class, this);
    }

    @Override
    public Optional<OFPort> portOf(DatapathId dpid, MacAddress mac) {
        if (routing()) {
            return routes.toHost(dpid, OFPort.ANY, mac, 0).map(p -> OFPort.of(p.hops().get(0).outPort()));
        }
        return table(dpid).flatMap(t -> t.portOf(mac));
    }

    @Override
    public List<OFPort> floodPorts(DatapathId dpid, OFPort except) {
        return switches.get(dpid).map(sw -> networkPorts(sw, except, flood.floodPorts(dpid, except))).orElse(List.of());
    }

    /** The switch's ports a flood may use: not {@code except}, not infrastructure, and {@code allowed} if given. */
    private List<OFPort> networkPorts(OfSwitch sw, OFPort except, Optional<Set<OFPort>> allowed) {
        return sw.ports().stream().map(OFPortDesc::getPortNo)
                .filter(p -> p.getPortNumber() > 0) // reserved ports (LOCAL...) are negative as ints
                .filter(p -> !p.equals(except) && roles.role(sw.id(), p).isEmpty())
                .filter(p -> allowed.isEmpty() || allowed.get().contains(p))
                .toList();
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(SwitchService.class, FlowService.class, PortRoles.class);
    }

    @Override
    public void startUp(ServiceDirectory services) {
        flows = services.get(FlowService.class);
        roles = services.get(PortRoles.class);
        flows.registerOwner(LearningSwitch.OWNER);
        switches = services.get(SwitchService.class);
        switches.addSwitchListener(this);
        switches.addMessageListener(OFType.PACKET_IN, name(), (sw, m) -> onPacketIn(sw, (OFPacketIn) m));
        routes.addListener(this);
    }

    /** The learning table of a switch, if it has learned anything. */
    public Optional<LearningSwitch> table(DatapathId id) {
        return Optional.ofNullable(tables.get(id));
    }

    ListenerResult onPacketIn(OfSwitch sw, OFPacketIn pi) {
        if (!Pipeline.FORWARDING_TABLE.equals(pi.getTableId()) || pi.getData().length < ETH_HEADER) {
            return ListenerResult.CONTINUE; // not a forwarding miss: someone else's business
        }
        byte[] frame = pi.getData();
        OFPort inPort = pi.getMatch().get(MatchField.IN_PORT);
        MacAddress dst = MacAddress.of(Arrays.copyOfRange(frame, 0, 6));
        MacAddress src = MacAddress.of(Arrays.copyOfRange(frame, 6, 12));
        if (routing() && inPort != null) {
            route(sw, pi, inPort, src, dst);
            return ListenerResult.STOP;
        }
        if (inPort != null && !flood.accepts(sw.id(), inPort)) {
            return ListenerResult.STOP; // came round a loop over a cable outside the broadcast tree: drop
        }
        LearningSwitch table = tables.computeIfAbsent(sw.id(), id -> new LearningSwitch(config));
        boolean infrastructure = roles.role(sw.id(), inPort).isPresent();
        LearningSwitch.Decision d = infrastructure
                ? table.onInfrastructureFrame(sw.factory(), inPort, src, dst) // e.g. back from a sidecar
                : table.onFrame(sw.factory(), inPort, src, dst);
        if (d.tableFilled()) {
            log.warn("switch {}: MAC table full ({} entries), not learning {}", sw.id(), table.size(), src);
        }
        d.deletions().forEach(del -> flows.delete(sw.id(), del));
        d.flow().ifPresent(e -> flows.add(sw.id(), List.of(e)));
        d.output().ifPresent(out -> sw.write(packetOut(sw.factory(), pi, inPort, outputs(sw, inPort, out))));
        return ListenerResult.STOP;
    }

    /**
     * A frame by shortest path when the destination host is known (whichever port it came in by: a path may
     * cross cables outside the broadcast tree), else flooded along the tree. The path's entries go in from
     * its far end back, so that the frame and those after it find them in place on the way.
     */
    private void route(OfSwitch sw, OFPacketIn pi, OFPort inPort, MacAddress src, MacAddress dst) {
        if (src.isMulticast()) {
            return; // bogus source: drop
        }
        Optional<Path> path = dst.isMulticast() ? Optional.empty()
                : routes.toHost(sw.id(), inPort, dst, src.getLong() * 31 + dst.getLong());
        if (path.isPresent() && path.get().hops().stream().allMatch(h -> switches.get(DatapathId.of(h.dpid())).isPresent())) {
            List<Hop> hops = path.get().hops();
            OFPort out = OFPort.of(hops.get(0).outPort());
            if (out.equals(inPort)) {
                return; // the host is on the segment the frame came from
            }
            book.record(new RouteBook.Pair(src, dst), path.get());
            for (int i = hops.size() - 1; i >= 0; i--) {
                Hop h = hops.get(i);
                DatapathId id = DatapathId.of(h.dpid());
                OFFactory f = switches.get(id).map(OfSwitch::factory).orElse(sw.factory());
                flows.add(id, List.of(ForwardingEntries.exact(config, f, OFPort.of(h.inPort()), src, dst,
                        OFPort.of(h.outPort()))));
            }
            sw.write(packetOut(sw.factory(), pi, inPort, List.of(out)));
            return;
        }
        if (!flood.accepts(sw.id(), inPort)) {
            return; // a broadcast that came round a loop over a cable outside the broadcast tree: drop
        }
        sw.write(packetOut(sw.factory(), pi, inPort, outputs(sw, inPort, OFPort.FLOOD)));
    }

    @Override
    public void portChanged(OfSwitch sw, OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        boolean down = status.getReason() == OFPortReason.DELETE || desc.getState().contains(OFPortState.LINK_DOWN);
        if (!down) {
            return;
        }
        LearningSwitch table = tables.get(sw.id());
        List<FlowDeletion> deletions = table != null ? table.onPortDown(sw.factory(), desc.getPortNo())
                : List.of(ForwardingEntries.entering(sw.factory(), desc.getPortNo()),
                        ForwardingEntries.leaving(sw.factory(), desc.getPortNo()));
        deletions.forEach(del -> flows.delete(sw.id(), del));
    }

    // --- HostRoutes.Listener: flushing stale paths ---

    /**
     * Removes the entries of every pair whose path crossed a removed link from all switches of its path, and
     * at each end of the link every entry that used it (pairs the book no longer remembers).
     */
    @Override
    public void linksRemoved(List<Link> links) {
        Map<RouteBook.Pair, RouteBook.Route> stale = book.takeCrossing(links);
        stale.forEach((pair, route) -> route.switches().forEach(dpid -> withSwitch(dpid,
                sw -> flows.delete(sw.id(), ForwardingEntries.between(sw.factory(), pair.src(), pair.dst())))));
        for (Link l : links) {
            withSwitch(l.src().dpid(), sw -> flows.delete(sw.id(), ForwardingEntries.leaving(sw.factory(), OFPort.of(l.src().port()))));
            withSwitch(l.dst().dpid(), sw -> flows.delete(sw.id(), ForwardingEntries.entering(sw.factory(), OFPort.of(l.dst().port()))));
        }
        if (!stale.isEmpty()) {
            log.info("{} link(s) gone ({}): removed the paths of {} host pair(s); their next frames take new paths",
                    links.size(), links, stale.size());
        }
    }

    /** Removes every entry to or from a host that moved or went away, on every switch. */
    @Override
    public void hostChanged(MacAddress mac) {
        book.forget(mac);
        for (OfSwitch sw : switches.switches()) {
            ForwardingEntries.toOrFrom(sw.factory(), mac).forEach(del -> flows.delete(sw.id(), del));
        }
    }

    private void withSwitch(long dpid, java.util.function.Consumer<OfSwitch> action) {
        switches.get(DatapathId.of(dpid)).ifPresent(action);
    }

    /** FLOOD becomes every network port but the ingress one when the switch has infrastructure ports. */
    private List<OFPort> outputs(OfSwitch sw, OFPort inPort, OFPort out) {
        if (!OFPort.FLOOD.equals(out)) {
            return List.of(out);
        }
        Optional<Set<OFPort>> allowed = flood.floodPorts(sw.id(), inPort); // asked once per flood: it takes a lock
        if (allowed.isEmpty() && sw.ports().stream().noneMatch(p -> roles.role(sw.id(), p.getPortNo()).isPresent())) {
            return List.of(OFPort.FLOOD);
        }
        return networkPorts(sw, inPort, allowed);
    }

    private static OFMessage packetOut(OFFactory f, OFPacketIn pi, OFPort inPort, List<OFPort> outs) {
        boolean buffered = !OFBufferId.NO_BUFFER.equals(pi.getBufferId());
        return f.buildPacketOut()
                .setBufferId(pi.getBufferId())
                .setInPort(inPort)
                .setActions(outs.stream().map(o -> (OFAction) f.actions().output(o, 0xFFFF)).toList())
                .setData(buffered ? new byte[0] : pi.getData())
                .build();
    }
}
