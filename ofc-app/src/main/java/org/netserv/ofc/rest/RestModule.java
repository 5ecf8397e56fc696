package org.netserv.ofc.rest;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import java.time.Duration;
import java.time.Instant;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.rest.JsonRest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON REST API under {@code /api/v1} ({@link JsonRest}): health, switches and their flow tables,
 * plus whatever other modules add through {@link RestService}.
 */
public final class RestModule implements OfcModule, RestService {
    private static final Logger log = LoggerFactory.getLogger(RestModule.class);
    public static final String BASE = JsonRest.BASE;

    private final RestConfig config;
    private final Supplier<List<String>> runningModules;
    private final List<EndpointGroup> groups = new ArrayList<>();
    private final List<EndpointGroup> rootGroups = new ArrayList<>(List.<EndpointGroup>of(() -> get("/metrics", this::metrics)));
    private final List<Supplier<MetricSnapshots>> metrics = new CopyOnWriteArrayList<>();
    private final Instant started = Instant.now();
    private Javalin server;
    private SwitchService switches;

    /** @param runningModules names of the running modules, for {@code /health} */
    public RestModule(RestConfig config, Supplier<List<String>> runningModules) {
        this.config = config;
        this.runningModules = runningModules;
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public Map<Class<?>, Object> provides() {
        return Map.of(RestService.class, this);
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(SwitchService.class, FlowService.class);
    }

    @Override
    public void startUp(ServiceDirectory services) {
        switches = services.get(SwitchService.class);
        addRoutes(() -> get("/health", ctx -> ctx.json(health())));
        addRoutes(new SwitchRoutes(switches, services.get(FlowService.class)));
    }

    @Override
    public synchronized void addRoutes(EndpointGroup routes) {
        if (server != null) {
            throw new IllegalStateException("REST routes must be added in startUp, before the server starts");
        }
        groups.add(routes);
    }

    @Override
    public synchronized void addRootRoutes(EndpointGroup routes) {
        if (server != null) {
            throw new IllegalStateException("REST routes must be added in startUp, before the server starts");
        }
        rootGroups.add(routes);
    }

    @Override
    public synchronized void addMetrics(Supplier<MetricSnapshots> source) {
        metrics.add(source);
    }

    @Override
    public synchronized void open() {
        server = JsonRest.create(groups, rootGroups, config.token());
        server.start(config.bindAddress(), config.port());
        log.info("REST API on http://{}:{}{}{}", config.bindAddress(), server.port(), BASE,
                config.token() == null ? "" : " (POST, PUT and DELETE need the bearer token)");
    }

    /** The bound port (useful when configured as 0 in tests). */
    public int boundPort() {
        return server.port();
    }

    /** Prometheus text format: the OFC's own gauges plus what modules added. */
    private void metrics(Context ctx) throws java.io.IOException {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(GaugeSnapshot.builder().name("netserv_switches").help("OpenFlow switches connected")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(switches.switches().size()).build())
                .build());
        for (Supplier<MetricSnapshots> source : metrics) {
            source.get().forEach(all::add);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(out, new MetricSnapshots(all));
        ctx.contentType(writer.getContentType()).result(out.toByteArray());
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "UP");
        h.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        h.put("switches", switches.switches().size());
        h.put("modules", runningModules.get());
        return h;
    }

    @Override
    public synchronized void shutDown() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
