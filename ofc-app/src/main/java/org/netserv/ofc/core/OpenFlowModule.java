package org.netserv.ofc.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.netserv.ofc.flow.FlowManager;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.switches.ListenerChain;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchService;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow core as a module: provides {@link SwitchService} and {@link FlowService}, and opens the
 * switch port once every module is started.
 */
public final class OpenFlowModule implements OfcModule {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowModule.class);

    /** OpenFlow versions spoken; later versions join here once tested against a real switch. */
    public static final EnumSet<OFVersion> VERSIONS = EnumSet.of(OFVersion.OF_13);

    private final OpenFlowConfig config;
    private final SwitchRegistry registry;
    private final PortRoleRegistry portRoles = new PortRoleRegistry();
    private final FlowManager flows;
    private final OfServer server;

    public OpenFlowModule(OpenFlowConfig config, List<String> listenerOrder) {
        this.config = config;
        this.registry = new SwitchRegistry(new ListenerChain(listenerOrder));
        FlowStore store = new FlowStore();
        this.flows = new FlowManager(registry, store);
        this.flows.registerOwner(Pipeline.OWNER);
        this.server = new OfServer(new OpenFlowCore(config, new VersionNegotiation(VERSIONS), registry, store));
    }

    @Override
    public String name() {
        return "openflow";
    }

    @Override
    public Map<Class<?>, Object> provides() {
        return Map.of(SwitchService.class, registry, FlowService.class, flows, PortRoles.class, portRoles);
    }

    @Override
    public void open() throws InterruptedException {
        server.start();
        log.info("listening for OpenFlow {} switches on {}:{}", VersionNegotiation.names(VERSIONS),
                config.bindAddress(), server.boundPort());
    }

    /** The bound port (useful when configured as 0 in tests). */
    public int boundPort() {
        return server.boundPort();
    }

    @Override
    public void shutDown() {
        server.stop();
    }
}
