package org.netserv.sidecar.agent;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;
import org.netserv.signaling.rest.ApiException;

/**
 * The sidecar's admin API under {@code /api/v1}: {@code GET /health}, {@code GET /modules},
 * {@code GET /modules/{user}/{name}}, {@code POST /modules}, {@code POST /modules/{user}/{name}/stop} and
 * {@code .../start}, and {@code DELETE /modules/{user}/{name}}.
 */
public final class AdminRoutes implements EndpointGroup {
    record ModuleList(List<ModuleStatus> modules) {}

    private final String sidecarId;
    private final String iface;
    private final SidecarAgent agent;
    private final Instant started = Instant.now();

    public static AdminRoutes of(String sidecarId, String iface, SidecarAgent agent) {
        return new AdminRoutes(sidecarId, iface, agent);
    }

    private AdminRoutes(String sidecarId, String iface, SidecarAgent agent) {
        this.sidecarId = sidecarId;
        this.iface = iface;
        this.agent = agent;
    }

    @Override
    public void addEndpoints() {
        get("/health", this::health);
        get("/modules", ctx -> ctx.json(new ModuleList(agent.modules())));
        get("/modules/{user}/{name}", ctx -> ctx.json(agent.module(ctx.pathParam("user"), ctx.pathParam("name"))
                .orElseThrow(() -> notFound(ctx))));
        post("/modules", this::install);
        post("/modules/{user}/{name}/stop", ctx -> ctx.json(call(ctx, agent::stop)));
        post("/modules/{user}/{name}/start", ctx -> ctx.json(call(ctx, agent::start)));
        delete("/modules/{user}/{name}", ctx -> ctx.json(call(ctx, agent::uninstall)));
    }

    private void health(Context ctx) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "UP");
        h.put("id", sidecarId);
        h.put("interface", iface);
        h.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        h.put("containers", agent.containers());
        ctx.json(h);
    }

    private void install(Context ctx) {
        ModuleRequest r;
        try {
            r = ModelJson.read(ctx.body(), ModuleRequest.class);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            ctx.status(201).json(agent.install(r));
        } catch (AgentException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
    }

    /** An agent operation on one module, with the agent's refusals as API errors. */
    private interface ModuleOp {
        java.util.Optional<ModuleStatus> apply(String user, String name) throws AgentException;
    }

    private static ModuleStatus call(Context ctx, ModuleOp op) {
        try {
            return op.apply(ctx.pathParam("user"), ctx.pathParam("name")).orElseThrow(() -> notFound(ctx));
        } catch (AgentException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound("no module " + ctx.pathParam("user") + "/" + ctx.pathParam("name")
                + " on this sidecar");
    }
}
