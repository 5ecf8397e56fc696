package org.netserv.ofc.topology;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.ModuleThreads;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.rest.RestService;
import org.netserv.ofc.switches.FloodPolicy;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.topology.SwitchPort;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link discovery and the loop-free flood policy: LLDP probes out of every switch port on a timer, probes
 * punted back by a table-0 entry build the {@link org.netserv.topology.TopologyGraph}, and forwarding
 * floods along its {@link org.netserv.topology.path.BroadcastTree}. Also tracks hosts from forwarding's
 * PacketIns (observing only) and serves {@code /links}, {@code /topology}, {@code /route}, {@code /hosts}.
 */
public final class TopologyModule implements OfcModule, SwitchListener, FloodPolicy, HostRoutes, SwitchApproaches {
    private static final Logger log = LoggerFactory.getLogger(TopologyModule.class);
    /** Cookie owner of the probe punt entries. */
    public static final FlowOwner OWNER = new FlowOwner(6, "topology");
    static final int PUNT_PRIORITY = 65010;

    private final TopologyConfig config;
    private final LongSupplier clock;
    private final TopologyState state;
    private SwitchService switches;
    private FlowService flows;
    private PortRoles roles;
    private ScheduledExecutorService timer;

    public TopologyModule(TopologyConfig config) {
        this(config, () -> System.nanoTime() / 1_000_000, new SecureRandom().nextLong());
    }

    TopologyModule(TopologyConfig config, LongSupplier clock, long controllerId) {
        this.config = config;
        this.clock = clock;
        this.state = new TopologyState(config, controllerId);
    }

    @Override
    public String name() {
        return "topology";
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(SwitchService.class, FlowService.class, RestService.class, PortRoles.class);
    }

    @Override
    public void startUp(ServiceDirectory services) {
        switches = services.get(SwitchService.class);
        flows = services.get(FlowService.class);
        roles = services.get(PortRoles.class);
        flows.registerOwner(OWNER);
        switches.addSwitchListener(this);
        switches.addMessageListener(OFType.PACKET_IN, name(), (sw, m) -> onPacketIn(sw, (OFPacketIn) m));
        services.get(RestService.class).addRoutes(new TopologyRoutes(state, clock));
    }

    @Override
    public void open() {
        timer = ModuleThreads.scheduler("topology-probes");
        timer.scheduleAtFixedRate(ModuleThreads.safely(log, "link discovery", this::tick), config.probeIntervalMs(), config.probeIntervalMs(),
                TimeUnit.MILLISECONDS);
        log.info("link discovery: probes every {} ms, links time out after {} ms", config.probeIntervalMs(),
                config.linkTimeoutMs());
    }

    @Override
    public void shutDown() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Expires links and hosts, then probes every port of every switch. */
    void tick() {
        send(state.tick(clock.getAsLong(), this::portMac, this::isInfrastructure));
        state.deliver();
    }

    /** Probes every port of every switch now (both ends of a new switch's cables learn of it). */
    void probeAll() {
        send(state.probes(clock.getAsLong(), this::portMac, this::isInfrastructure));
    }

    private void send(List<TopologyState.Probe> probes) {
        Map<Long, List<TopologyState.Probe>> bySwitch = probes.stream()
                .collect(Collectors.groupingBy(p -> p.port().dpid()));
        bySwitch.forEach((dpid, list) -> switches.get(DatapathId.of(dpid)).ifPresent(sw -> {
            OFFactory f = sw.factory();
            sw.write(list.stream().map(p -> f.buildPacketOut()
                    .setBufferId(OFBufferId.NO_BUFFER)
                    .setInPort(OFPort.CONTROLLER)
                    .setActions(List.of(f.actions().output(OFPort.of(p.port().port()), 0xFFFF)))
                    .setData(p.frame())
                    .build()).toList());
        }));
    }

    private long portMac(SwitchPort p) {
        return switches.get(DatapathId.of(p.dpid())).flatMap(sw -> sw.port(OFPort.of(p.port())))
                .map(d -> d.getHwAddr().getLong()).orElse(0x020000000000L | (p.port() & 0xffffffffL));
    }

    private boolean isInfrastructure(SwitchPort p) {
        return roles.role(DatapathId.of(p.dpid()), OFPort.of(p.port())).isPresent();
    }

    // --- switches ---

    @Override
    public void switchReady(OfSwitch sw) {
        OFFactory f = sw.factory();
        flows.add(sw.id(), List.of(punt(f, TopologyState.LLDP_TYPE), punt(f, TopologyState.BDDP_TYPE)));
        List<Integer> up = sw.ports().stream().filter(TopologyModule::isUp)
                .map(d -> d.getPortNo().getPortNumber()).filter(p -> p > 0).toList();
        state.switchUp(sw.id().getLong(), up, clock.getAsLong());
        // Both ends of the new switch's cables learn of them now (a probe reaching a switch before its punt
        // entry still comes in as a forwarding miss, which the listener takes too).
        probeAll();
    }

    static FlowEntry punt(OFFactory f, int etherType) {
        return new FlowEntry(Pipeline.CLASSIFY_TABLE, PUNT_PRIORITY,
                f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(etherType)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.CONTROLLER, 0xFFFF)))),
                OWNER.cookie(etherType), 0, 0);
    }

    private static boolean isUp(OFPortDesc d) {
        return !d.getState().contains(OFPortState.LINK_DOWN);
    }

    @Override
    public void switchGone(DatapathId id) {
        state.switchGone(id.getLong());
        state.deliver();
    }

    @Override
    public void portChanged(OfSwitch sw, OFPortStatus status) {
        OFPortDesc d = status.getDesc();
        int no = d.getPortNo().getPortNumber();
        if (no <= 0) {
            return; // LOCAL and other reserved ports
        }
        SwitchPort port = SwitchPort.of(sw.id().getLong(), no);
        if (status.getReason() == OFPortReason.DELETE) {
            state.portDown(port, true);
        } else if (isUp(d)) {
            state.portUp(port, clock.getAsLong());
        } else {
            state.portDown(port, false);
        }
        state.deliver();
    }

    // --- PacketIns ---

    /** Takes LLDP/BDDP frames (STOP); learns hosts from forwarding misses and lets them through (CONTINUE). */
    ListenerResult onPacketIn(OfSwitch sw, OFPacketIn pi) {
        byte[] frame = pi.getData();
        OFPort in = pi.getMatch().get(MatchField.IN_PORT);
        if (TopologyState.isDiscoveryFrame(frame)) {
            if (in != null) {
                state.onDiscoveryFrame(sw.id().getLong(), in.getPortNumber(), frame, clock.getAsLong());
                state.deliver();
            }
            return ListenerResult.STOP;
        }
        if (in != null && Pipeline.FORWARDING_TABLE.equals(pi.getTableId())
                && roles.role(sw.id(), in).isEmpty()) {
            state.observe(sw.id().getLong(), in.getPortNumber(), frame, clock.getAsLong());
            state.deliver();
        }
        return ListenerResult.CONTINUE;
    }

    /** The links known now (for tests and views). */
    List<org.netserv.topology.LinkRecord> links() {
        return state.snapshot().links();
    }

    TopologyState.Snapshot snapshot() {
        return state.snapshot();
    }

    List<org.netserv.topology.host.Host> hosts() {
        return state.hosts();
    }

    Optional<org.netserv.topology.path.Path> route(long src, long dst) {
        return state.route(src, dst);
    }

    // --- HostRoutes ---

    @Override
    public Optional<org.netserv.topology.path.Path> toHost(DatapathId dpid, OFPort inPort, MacAddress dst,
            long flowHash) {
        return state.toHost(dpid.getLong(), inPort.getPortNumber(), dst.getLong(), flowHash);
    }

    @Override
    public void addListener(HostRoutes.Listener listener) {
        state.addListener(listener);
    }

    // --- SwitchApproaches ---

    @Override
    public Map<DatapathId, Approach> approaches(Set<DatapathId> targets) {
        Set<Long> ids = targets.stream().map(DatapathId::getLong).collect(Collectors.toSet());
        Map<DatapathId, Approach> out = new java.util.LinkedHashMap<>();
        state.approaches(ids, clock.getAsLong(), this::isInfrastructure).forEach((dpid, way) -> {
            if (switches.get(DatapathId.of(dpid)).isPresent()) {
                out.put(DatapathId.of(dpid), new Approach(OFPort.of(way.getKey()),
                        way.getValue().stream().map(OFPort::of).toList()));
            }
        });
        return out;
    }

    // --- FloodPolicy ---

    @Override
    public boolean accepts(DatapathId dpid, OFPort inPort) {
        return state.accepts(SwitchPort.of(dpid.getLong(), inPort.getPortNumber()));
    }

    @Override
    public Optional<Set<OFPort>> floodPorts(DatapathId dpid, OFPort inPort) {
        return state.floodPorts(SwitchPort.of(dpid.getLong(), inPort.getPortNumber()), clock.getAsLong())
                .map(ports -> ports.stream().map(OFPort::of).collect(Collectors.toUnmodifiableSet()));
    }
}
