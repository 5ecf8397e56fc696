package org.netserv.ofc.signaling;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.ModuleThreads;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.steering.SteeringService;
import org.netserv.ofc.switches.HostLocator;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.gist.GistCodec;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Code;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetServ signaling controller (thesis 8.3, Figure 8.2): every switch is a NetServ node. A proactive
 * entry sends NSIS signaling (UDP to port 270) to the controller; the node acts on it (deploys, removes or
 * reports modules on its sidecars through steering) and re-injects it toward its destination, where the
 * next switch intercepts it in turn. ICMP port unreachable is copied to the controller too, as it tells
 * the last node on the path. See docs/signaling.md.
 */
public final class SignalingModule implements OfcModule, SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(SignalingModule.class);
    /** Cookie owner of the interception entries. */
    public static final FlowOwner OWNER = new FlowOwner(5, "signaling");
    static final int INTERCEPT_PRIORITY = 64000;

    private final SignalingConfig config;
    private ScheduledExecutorService exec;
    private SwitchService switches;
    private FlowService flows;
    private HostLocator hosts;
    private SignalingSessions sessions;

    public SignalingModule(SignalingConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "signaling";
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(SwitchService.class, FlowService.class, SteeringService.class, SidecarService.class,
                HostLocator.class);
    }

    @Override
    public void init() {
        exec = ModuleThreads.scheduler("signaling");
    }

    @Override
    public void startUp(ServiceDirectory services) {
        switches = services.get(SwitchService.class);
        flows = services.get(FlowService.class);
        hosts = services.get(HostLocator.class);
        flows.registerOwner(OWNER);
        SteeringService steering = services.get(SteeringService.class);
        NodeActions actions = new NodeActions(steering, services.get(SidecarService.class),
                Duration.ofSeconds(config.replayWindowSeconds()), Clock.systemUTC());
        sessions = new SignalingSessions(config, actions, this::send, exec);
        switches.addSwitchListener(this);
        switches.addMessageListener(OFType.PACKET_IN, name(), (sw, m) -> onPacketIn(sw, (OFPacketIn) m));
        log.info("signaling: NetServ nodes answer UDP port {} on every switch, node ids {}/of:<datapath id>",
                GistCodec.PORT, config.nodeName());
    }

    @Override
    public void shutDown() {
        if (exec != null) {
            exec.shutdownNow();
        }
    }

    @Override
    public void switchReady(OfSwitch sw) {
        OFFactory f = sw.factory();
        FlowEntry intercept = new FlowEntry(Pipeline.CLASSIFY_TABLE, INTERCEPT_PRIORITY, f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, IpProtocol.UDP)
                .setExact(MatchField.UDP_DST, TransportPort.of(GistCodec.PORT)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.CONTROLLER, 0xFFFF)))),
                OWNER.cookie(), 0, 0);
        // A copy of port unreachable to the controller; the original goes on through forwarding.
        FlowEntry unreachable = new FlowEntry(Pipeline.CLASSIFY_TABLE, INTERCEPT_PRIORITY, f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, IpProtocol.ICMP)
                .setExact(MatchField.ICMPV4_TYPE, ICMPv4Type.DESTINATION_UNREACHABLE)
                .setExact(MatchField.ICMPV4_CODE, ICMPv4Code.of((short) 3)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.CONTROLLER, 0xFFFF))),
                        f.instructions().gotoTable(Pipeline.FORWARDING_TABLE)),
                OWNER.cookie(), 0, 0);
        flows.add(sw.id(), List.of(intercept, unreachable));
    }

    ListenerResult onPacketIn(OfSwitch sw, OFPacketIn pi) {
        if (!Pipeline.CLASSIFY_TABLE.equals(pi.getTableId()) || !OWNER.owns(pi.getCookie())) {
            return ListenerResult.CONTINUE;
        }
        byte[] data = pi.getData();
        OFPort in = pi.getMatch().get(MatchField.IN_PORT);
        DatapathId dpid = sw.id();
        UdpFrame.parse(data).filter(u -> u.dstPort() == GistCodec.PORT)
                .ifPresentOrElse(u -> exec.execute(ModuleThreads.safely(log, "signaling",
                                () -> sessions.intercepted(dpid, in, u, data))),
                        () -> PortUnreachable.parse(data).filter(p -> p.originalDstPort() == GistCodec.PORT)
                                .ifPresent(p -> exec.execute(ModuleThreads.safely(log, "signaling",
                                        () -> sessions.portUnreachable(dpid, p)))));
        return ListenerResult.STOP;
    }

    /** Out of the switch toward a host: its learned port, else every network port but the one it came in on. */
    private void send(DatapathId dpid, OFPort inPort, MacAddress dstMac, byte[] frame) {
        switches.get(dpid).ifPresent(sw -> {
            List<OFPort> out = hosts.portOf(dpid, dstMac).map(List::of).orElseGet(() -> hosts.floodPorts(dpid, inPort));
            if (out.isEmpty()) {
                log.warn("node {}: nowhere to send a signaling frame for {}", dpid, dstMac);
                return;
            }
            OFFactory f = sw.factory();
            List<OFAction> actions = out.stream().map(p -> (OFAction) f.actions().output(p, 0xFFFF)).toList();
            sw.write(f.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                    .setActions(actions).setData(frame).build());
        });
    }
}
