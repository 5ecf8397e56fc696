package org.netserv.ofc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.netserv.ofc.config.ModuleSpec;
import org.netserv.ofc.config.OfcConfig;
import org.netserv.ofc.core.OpenFlowConfig;
import org.netserv.ofc.core.OpenFlowModule;
import org.netserv.ofc.forwarding.ForwardingConfig;
import org.netserv.ofc.forwarding.ForwardingModule;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.rest.RestConfig;
import org.netserv.ofc.rest.RestModule;
import org.netserv.ofc.signaling.SignalingConfig;
import org.netserv.ofc.signaling.SignalingModule;
import org.netserv.ofc.sidecars.SidecarsConfig;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.sidecars.SidecarsModule;
import org.netserv.ofc.steering.SteeringConfig;
import org.netserv.ofc.steering.SteeringModule;
import org.netserv.ofc.steering.SteeringService;
import org.netserv.ofc.switches.FloodPolicy;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.topology.TopologyConfig;
import org.netserv.ofc.topology.TopologyModule;
import org.netserv.ofc.topology.TopologyPictureModule;

/**
 * The composition root: every module the controller knows, and the order OpenFlow message listeners run
 * in. This is the only place modules are listed; the config file enables them and sets parameters.
 */
public final class OfcModules {
    private OfcModules() {}

    /**
     * Message listeners, first to last. Classification (signaling, steering) will go before forwarding,
     * which takes whatever is left. Topology goes first: it takes the LLDP probes and only observes the rest.
     */
    public static final List<String> LISTENER_ORDER = List.of("topology", "sidecars", "signaling", "forwarding");

    public static final ModuleSpec<OpenFlowConfig> OPENFLOW = new ModuleSpec<>("openflow", OpenFlowConfig.class,
            OpenFlowConfig::defaults, true, (c, env) -> new OpenFlowModule(c, env.listenerOrder()));
    public static final ModuleSpec<ForwardingConfig> FORWARDING = new ModuleSpec<>("forwarding",
            ForwardingConfig.class, ForwardingConfig::defaults, true, (c, env) -> new ForwardingModule(c));
    public static final ModuleSpec<RestConfig> REST = new ModuleSpec<>("rest", RestConfig.class,
            RestConfig::defaults, true, (c, env) -> new RestModule(c, env.runningModules()));

    public static final ModuleSpec<SidecarsConfig> SIDECARS = new ModuleSpec<>("sidecars", SidecarsConfig.class,
            SidecarsConfig::defaults, true, (c, env) -> new SidecarsModule(c));

    public static final ModuleSpec<SteeringConfig> STEERING = new ModuleSpec<>("steering", SteeringConfig.class,
            SteeringConfig::defaults, true, (c, env) -> new SteeringModule(c));

    public static final ModuleSpec<SignalingConfig> SIGNALING = new ModuleSpec<>("signaling", SignalingConfig.class,
            SignalingConfig::defaults, true, (c, env) -> new SignalingModule(c));

    public static final ModuleSpec<TopologyConfig> TOPOLOGY = new ModuleSpec<>("topology", TopologyConfig.class,
            TopologyConfig::defaults, true, (c, env) -> new TopologyModule(c));

    public static final List<ModuleSpec<?>> CATALOG = List.of(OPENFLOW, FORWARDING, REST, SIDECARS, STEERING, SIGNALING,
            TOPOLOGY);

    /**
     * Builds the enabled modules, in catalog order. Forwarding floods by the topology module's broadcast
     * tree and routes by its shortest paths when that module runs, and floods everywhere and learns per
     * switch when it does not; steering brings traffic from other switches to its sidecars by the topology's
     * ways; the topology picture runs with the topology module and shows the sidecar pool and steering when
     * they run. These optional links between modules are made here rather than through requires() (which
     * knows no optional services).
     */
    public static List<OfcModule> create(OfcConfig config, ModuleSpec.Env env) {
        List<OfcModule> modules = new ArrayList<>();
        for (ModuleSpec<?> spec : CATALOG) {
            if (config.enabled(spec)) {
                modules.add(spec.create(config.all().get(spec.name()), env));
            }
        }
        FloodPolicy flood = modules.stream().filter(FloodPolicy.class::isInstance).map(FloodPolicy.class::cast)
                .findFirst().orElse(FloodPolicy.EVERYWHERE);
        HostRoutes routes = modules.stream().filter(HostRoutes.class::isInstance).map(HostRoutes.class::cast)
                .findFirst().orElse(HostRoutes.NONE);
        modules.stream().filter(ForwardingModule.class::isInstance).map(ForwardingModule.class::cast)
                .forEach(m -> {
                    m.floodBy(flood);
                    m.routeBy(routes);
                });
        SwitchApproaches ways = modules.stream().filter(SwitchApproaches.class::isInstance)
                .map(SwitchApproaches.class::cast).findFirst().orElse(SwitchApproaches.NONE);
        modules.stream().filter(SteeringModule.class::isInstance).map(SteeringModule.class::cast)
                .forEach(m -> m.approachBy(ways));
        // The topology picture runs with the topology module and shows sidecars and modules when they run.
        modules.stream().filter(TopologyModule.class::isInstance).findFirst().ifPresent(t -> modules.add(
                new TopologyPictureModule((TopologyModule) t, service(modules, SidecarService.class),
                        service(modules, SteeringService.class))));
        return modules;
    }

    private static <T> Optional<T> service(List<OfcModule> modules, Class<T> type) {
        return modules.stream().map(m -> m.provides().get(type)).filter(type::isInstance).map(type::cast).findFirst();
    }
}
