package org.netserv.ofc.steering;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.types.DatapathId;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.ModuleThreads;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.rest.RestService;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.switches.SwitchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetServ steering: {@code /api/v1/modules} deploys modules on the sidecar pool and turns their packet
 * filters into switch entries that send matching traffic through a sidecar and back (docs/steering.md).
 */
public final class SteeringModule implements OfcModule, SteeringService {
    private static final Logger log = LoggerFactory.getLogger(SteeringModule.class);

    private final SteeringConfig config;
    private ScheduledExecutorService exec;
    private Steering steering;
    private SwitchApproaches approaches = SwitchApproaches.NONE;
    private ModuleViews views;

    public SteeringModule(SteeringConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "steering";
    }

    /**
     * Brings modules' traffic entering other switches to their sidecars' switches by the topology's ways;
     * set by the composition root before start-up (only traffic entering those switches is steered if never).
     */
    public void approachBy(SwitchApproaches ways) {
        this.approaches = java.util.Objects.requireNonNull(ways, "ways");
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(SidecarService.class, SwitchService.class, FlowService.class, RestService.class);
    }

    @Override
    public void init() {
        exec = ModuleThreads.scheduler("steering");
    }

    @Override
    public void startUp(ServiceDirectory services) {
        FlowService flows = services.get(FlowService.class);
        flows.registerOwner(SteeringRules.OWNER);
        flows.registerOwner(SteeringRules.PINS);
        flows.registerOwner(SteeringRules.LEARNERS);
        SidecarService pool = services.get(SidecarService.class);
        SwitchService switches = services.get(SwitchService.class);
        flows.registerOwner(SteeringRules.APPROACH);
        steering = new Steering(config, pool, switches, flows, exec, Clock.systemUTC());
        steering.approachBy(approaches);
        pool.addListener(steering::sidecarChanged);
        views = new ModuleViews(steering, pool, switches);
        RestService rest = services.get(RestService.class);
        rest.addRoutes(new ModuleRoutes(steering, views));
        rest.addRoutes(new UserRoutes(steering.users()));
        rest.addMetrics(new SteeringMetrics(views, pool));
        steering.recover();
        exec.scheduleAtFixedRate(ModuleThreads.safely(log, "module expiry", steering::expire), 1, 1, TimeUnit.SECONDS);
        exec.scheduleAtFixedRate(ModuleThreads.safely(log, "ways to the sidecars", steering::reapproach), 1, 1,
                TimeUnit.SECONDS);
        log.info("steering: {} user(s) may deploy modules; flows stay pinned to a sidecar until idle for {} s",
                config.users().size(), config.pinIdleTimeoutSeconds());
    }

    @Override
    public Map<Class<?>, Object> provides() {
        return Map.of(SteeringService.class, this);
    }

    @Override
    public UserDirectory users() {
        return steering.users();
    }

    @Override
    public CompletableFuture<ModuleView> deployAt(DeployRequest request, DatapathId node) {
        return steering.deployAt(request, node).thenApplyAsync(views::of); // not on the steering thread: views wait for it
    }

    @Override
    public CompletableFuture<ModuleView> removeAt(String user, String name, DatapathId node) {
        return steering.removeAt(user, name, node).thenApplyAsync(views::of);
    }

    @Override
    public List<ModuleView> modules() {
        return views.all(false);
    }

    @Override
    public void shutDown() {
        if (exec != null) {
            exec.shutdownNow();
        }
    }

}
