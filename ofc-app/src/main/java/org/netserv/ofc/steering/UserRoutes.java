package org.netserv.ofc.steering;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.apibuilder.EndpointGroup;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.rest.ApiException;

/** {@code /users}: who may deploy modules and sign signaling requests. */
final class UserRoutes implements EndpointGroup {
    private final UserDirectory users;

    UserRoutes(UserDirectory users) {
        this.users = users;
    }

    @Override
    public void addEndpoints() {
        get("/users", ctx -> ctx.json(users.all()));
        get("/users/{name}", ctx -> ctx.json(users.get(ctx.pathParam("name"))
                .orElseThrow(() -> ApiException.notFound("no user '" + ctx.pathParam("name") + "'"))));
        post("/users", ctx -> {
            UserGrant u;
            try {
                u = users.put(ModelJson.read(ctx.body(), UserGrant.class));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            ctx.status(201).json(u);
        });
        delete("/users/{name}", ctx -> {
            if (!users.remove(ctx.pathParam("name"))) {
                throw ApiException.notFound("no user '" + ctx.pathParam("name") + "'");
            }
            ctx.status(204);
        });
    }
}
