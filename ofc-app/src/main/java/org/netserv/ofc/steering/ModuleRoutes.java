package org.netserv.ofc.steering;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.rest.ApiException;

/** {@code /modules}: deploy, list and remove modules on the sidecar pool. */
final class ModuleRoutes implements EndpointGroup {
    /** Longer than a sidecar's own install timeout, so its precise error arrives first. */
    private static final long ANSWER_TIMEOUT_SECONDS = 180;

    private final Steering steering;
    private final ModuleViews views;

    ModuleRoutes(Steering steering, ModuleViews views) {
        this.steering = steering;
        this.views = views;
    }

    @Override
    public void addEndpoints() {
        post("/modules", this::deploy);
        get("/modules", ctx -> ctx.json(views.all()));
        get("/modules/{user}/{name}", ctx -> ctx.json(views.one(ctx.pathParam("user"), ctx.pathParam("name"))
                .orElseThrow(() -> ApiException.notFound("no module " + ctx.pathParam("user") + "/"
                        + ctx.pathParam("name") + " is deployed"))));
        delete("/modules/{user}/{name}", ctx -> ctx.json(views.of(await(
                steering.remove(ctx.pathParam("user"), ctx.pathParam("name"), "DELETE by REST")))));
    }

    private void deploy(Context ctx) {
        DeployRequest r;
        try {
            r = ModelJson.read(ctx.body(), DeployRequest.class);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        SteeredModule m = await(steering.deploy(r));
        ctx.status(201).json(views.of(m));
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "no answer within " + ANSWER_TIMEOUT_SECONDS + " s; GET /api/v1/modules shows where it stands");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        } catch (Exception e) {
            Throwable c = Steering.cause(e);
            if (c instanceof ApiException a) {
                throw a;
            }
            throw new ApiException(502, c.getMessage());
        }
    }
}
