package org.netserv.ofc.sidecars;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowDeletion;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.ModuleThreads;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.rest.RestService;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.control.PortProbe;
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
 * The sidecar pool: the control-channel server sidecars register with, their health checks, finding the
 * switch port each one hangs off (port probes), and the switch entries every sidecar port needs: probe
 * replies go to the controller, and frames coming back from a sidecar skip classification (so they are
 * never steered again) and go on to forwarding.
 */
public final class SidecarsModule implements OfcModule, SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(SidecarsModule.class);
    /** Cookie owner of the probe punt entry and the sidecar-return entries (low 32 bits: the port). */
    public static final FlowOwner OWNER = new FlowOwner(3, "sidecars");
    static final int PROBE_PRIORITY = 65000;
    /** Above every steering filter: a frame back from a sidecar is done with classification. */
    public static final int RETURN_PRIORITY = 60000;

    private final SidecarsConfig config;
    private final SidecarPool pool;
    private final SidecarServer server;
    private SwitchService switches;
    private FlowService flows;
    private PortRoles roles;
    private ScheduledExecutorService timer;
    /** The port each sidecar was last found on. */
    private final Map<String, Attachment> ports = new java.util.HashMap<>();

    public SidecarsModule(SidecarsConfig config) {
        this.config = config;
        this.pool = new SidecarPool(config, System::nanoTime);
        this.server = new SidecarServer(config, pool);
    }

    @Override
    public String name() {
        return "sidecars";
    }

    @Override
    public Map<Class<?>, Object> provides() {
        return Map.of(SidecarService.class, pool);
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
        pool.addListener(this::sidecarChanged);
        services.get(RestService.class).addRoutes(new SidecarRoutes(pool, switches));
    }

    @Override
    public void open() throws InterruptedException {
        server.start();
        log.info("sidecar control channel on {}:{} (heartbeat every {} ms, DOWN after {} ms of silence)",
                config.bindAddress(), server.boundPort(), config.heartbeatIntervalMs(), config.deadAfterMs());
        timer = ModuleThreads.scheduler("sidecar-health");
        long check = Math.max(10, config.heartbeatIntervalMs() / 2);
        timer.scheduleAtFixedRate(ModuleThreads.safely(log, "sidecar health check", pool::checkHealth),
                check, check, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(ModuleThreads.safely(log, "sidecar port probing", this::probeUnattached),
                200, config.probeIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /** The control-channel port actually bound (useful when configured as 0). */
    public int boundPort() {
        return server.boundPort();
    }

    @Override
    public void shutDown() {
        if (timer != null) {
            timer.shutdownNow();
        }
        server.stop();
    }

    // --- switches ---

    @Override
    public void switchReady(OfSwitch sw) {
        OFFactory f = sw.factory();
        flows.add(sw.id(), List.of(new FlowEntry(Pipeline.CLASSIFY_TABLE, PROBE_PRIORITY,
                f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(PortProbe.ETHER_TYPE)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.CONTROLLER, 0xFFFF)))),
                OWNER.cookie(), 0, 0)));
        if (!pool.unattached().isEmpty()) {
            probe(sw);
        }
    }

    @Override
    public void switchGone(DatapathId id) {
        pool.switchGone(id);
    }

    @Override
    public void portChanged(OfSwitch sw, OFPortStatus status) {
        OFPortDesc d = status.getDesc();
        boolean up = status.getReason() != OFPortReason.DELETE && !d.getState().contains(OFPortState.LINK_DOWN);
        Attachment a = new Attachment(sw.id(), d.getPortNo());
        if (status.getReason() == OFPortReason.DELETE) {
            forgetPort(a);
            pool.portDeleted(a);
        } else {
            pool.portState(a, up);
        }
        if (up && status.getReason() == OFPortReason.ADD && !pool.unattached().isEmpty()) {
            probe(sw);
        }
    }

    ListenerResult onPacketIn(OfSwitch sw, OFPacketIn pi) {
        byte[] data = pi.getData();
        if (!PortProbe.isProbe(java.nio.ByteBuffer.wrap(data))) {
            return ListenerResult.CONTINUE; // the common case: one EtherType comparison
        }
        Optional<PortProbe.Reply> reply = PortProbe.parse(data);
        if (reply.isEmpty()) {
            return ListenerResult.STOP; // our own probe, unanswered (looped back by something): not forwarding's
        }
        PortProbe.Reply r = reply.get();
        OFPort in = pi.getMatch().get(MatchField.IN_PORT);
        if (r.dpid() == sw.id().getLong() && in != null && r.port() == in.getPortNumber()) {
            pool.attached(MacAddress.of(r.responderMac()).toString(), new Attachment(sw.id(), in));
        } else {
            log.debug("ignoring a probe sent out of {} port {} that came back on {} port {}",
                    DatapathId.of(r.dpid()), r.port(), sw.id(), in);
        }
        return ListenerResult.STOP;
    }

    private void probeUnattached() {
        if (!pool.unattached().isEmpty()) {
            switches.switches().forEach(this::probe);
        }
    }

    /** One probe out of every port of the switch (a few dozen bytes each; only while someone is unfound). */
    private void probe(OfSwitch sw) {
        OFFactory f = sw.factory();
        for (OFPortDesc p : sw.ports()) {
            OFPort port = p.getPortNo();
            if (port.getPortNumber() <= 0 || p.getState().contains(OFPortState.LINK_DOWN)) {
                continue; // LOCAL and other reserved ports, and dead links
            }
            sw.write(f.buildPacketOut()
                    .setBufferId(OFBufferId.NO_BUFFER)
                    .setInPort(OFPort.CONTROLLER)
                    .setActions(List.of(f.actions().output(port, 0xFFFF)))
                    .setData(PortProbe.build(sw.id().getLong(), port.getPortNumber()))
                    .build());
        }
    }

    /** Keeps each known sidecar port marked and its return entry on its switch; a port left behind is cleared. */
    private synchronized void sidecarChanged(SidecarView v) {
        if (v.dpid() == null || v.port() == null) {
            return;
        }
        Attachment now = new Attachment(DatapathId.of(v.dpid()), OFPort.of(v.port()));
        Attachment before = ports.put(v.id(), now);
        if (before != null && !before.equals(now)) {
            forgetPort(before);
        } else if (now.equals(before) && roles.role(now.dpid(), now.port()).isPresent()) {
            return; // marked and its return entry written already: heartbeats and module reports change neither
        }
        switches.get(now.dpid()).filter(sw -> sw.port(now.port()).isPresent()).ifPresent(sw -> {
            roles.markInfrastructure(now.dpid(), now.port(), "sidecar " + v.id());
            flows.add(now.dpid(), List.of(returnEntry(sw.factory(), now.port())));
        });
    }

    /** The port is gone (or its sidecar moved): an ordinary port again, without a return entry. */
    private synchronized void forgetPort(Attachment a) {
        ports.values().removeIf(a::equals);
        roles.unmark(a.dpid(), a.port());
        flows.delete(a.dpid(), FlowDeletion.withCookie(Pipeline.CLASSIFY_TABLE, OWNER.cookie(a.port().getPortNumber())));
    }

    /** Frames from a sidecar port go straight to forwarding: never classified (and steered) again. */
    static FlowEntry returnEntry(OFFactory f, OFPort port) {
        return new FlowEntry(Pipeline.CLASSIFY_TABLE, RETURN_PRIORITY,
                f.buildMatch().setExact(MatchField.IN_PORT, port).build(),
                List.of(f.instructions().gotoTable(Pipeline.FORWARDING_TABLE)), OWNER.cookie(port.getPortNumber()), 0, 0);
    }
}
