package org.netserv.ofc.forwarding;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.FloodPolicy;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.HostLocator;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchService;
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
 * L2 learning forwarding: PacketIns that missed in the forwarding table teach where source addresses
 * live; frames to known destinations get an exact entry (in_port, eth_src, eth_dst) with an idle
 * timeout and are sent on, others are flooded as the {@link FloodPolicy} allows: along the topology
 * module's broadcast tree when it runs (frames from a blocked inter-switch port are dropped, nothing is
 * learned from them), else everywhere (loop-free topologies only).
 */
public final class ForwardingModule implements OfcModule, SwitchListener, HostLocator {
    private static final Logger log = LoggerFactory.getLogger(ForwardingModule.class);
    private static final int ETH_HEADER = 14;

    private final ForwardingConfig config;
    private final Map<DatapathId, LearningSwitch> tables = new ConcurrentHashMap<>();
    private FlowService flows;
    private PortRoles roles;
    private SwitchService switches;
    private volatile FloodPolicy flood = FloodPolicy.EVERYWHERE;

    public ForwardingModule(ForwardingConfig config) {
        this.config = config;
    }

    /** Where floods may go; set by the composition root before start-up ({@link FloodPolicy#EVERYWHERE} if never). */
    public void floodBy(FloodPolicy policy) {
        this.flood = java.util.Objects.requireNonNull(policy, "policy");
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
        return table(dpid).flatMap(t -> t.portOf(mac));
    }

    @Override
    public List<OFPort> floodPorts(DatapathId dpid, OFPort except) {
        return switches.get(dpid).map(sw -> networkPorts(sw, except)).orElse(List.of());
    }

    private List<OFPort> networkPorts(OfSwitch sw, OFPort except) {
        Optional<Set<OFPort>> allowed = flood.floodPorts(sw.id(), except);
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

    @Override
    public void portChanged(OfSwitch sw, OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        boolean down = status.getReason() == OFPortReason.DELETE || desc.getState().contains(OFPortState.LINK_DOWN);
        LearningSwitch table = tables.get(sw.id());
        if (down && table != null) {
            table.onPortDown(sw.factory(), desc.getPortNo()).forEach(del -> flows.delete(sw.id(), del));
        }
    }

    /** FLOOD becomes every network port but the ingress one when the switch has infrastructure ports. */
    private List<OFPort> outputs(OfSwitch sw, OFPort inPort, OFPort out) {
        if (!OFPort.FLOOD.equals(out)) {
            return List.of(out);
        }
        List<OFPort> ports = sw.ports().stream().map(OFPortDesc::getPortNo).toList();
        if (flood.floodPorts(sw.id(), inPort).isEmpty() && ports.stream().noneMatch(p -> roles.role(sw.id(), p).isPresent())) {
            return List.of(OFPort.FLOOD);
        }
        return networkPorts(sw, inPort);
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
