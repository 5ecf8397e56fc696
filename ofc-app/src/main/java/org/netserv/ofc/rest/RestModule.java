package org.netserv.ofc.rest;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.SwitchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON REST API under {@code /api/v1} (Javalin on Jetty): health, switches and their flow tables,
 * plus whatever other modules add through {@link RestService}. Errors are always JSON
 * ({@link ApiError}); unexpected failures are logged with their stack trace and answered with a 500 that
 * carries none.
 */
public final class RestModule implements OfcModule, RestService {
    private static final Logger log = LoggerFactory.getLogger(RestModule.class);
    public static final String BASE = "/api/v1";
    private static final String ANSWERED = "netserv.answered";

    private final RestConfig config;
    private final Supplier<List<String>> runningModules;
    private final List<EndpointGroup> groups = new ArrayList<>();
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
    public synchronized void open() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.routes.apiBuilder(() -> path(BASE, () -> groups.forEach(EndpointGroup::addEndpoints)));
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                ctx.attribute(ANSWERED, true);
                ctx.status(e.status()).json(ApiError.of(e.status(), e.getMessage()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("REST {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(ApiError.of(500, "internal error (" + e.getClass().getSimpleName()
                        + "); the controller log has the details"));
            });
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.attribute(ANSWERED) == null) { // a route's own 404 already says what is missing
                    ctx.json(ApiError.of(404, "no such resource: " + ctx.method() + " " + ctx.path()
                            + " (endpoints are under " + BASE + ")"));
                }
            });
            cfg.routes.error(405, "*", ctx -> ctx.json(ApiError.of(405,
                    ctx.method() + " is not allowed on " + ctx.path())));
        });
        server.start(config.bindAddress(), config.port());
        log.info("REST API on http://{}:{}{}", config.bindAddress(), server.port(), BASE);
    }

    /** The bound port (useful when configured as 0 in tests). */
    public int boundPort() {
        return server.port();
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
