package org.netserv.signaling.rest;

import static io.javalin.apibuilder.ApiBuilder.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON REST server both the OFC and the sidecars run (Javalin on Jetty): routes under {@code /api/v1},
 * indented JSON, and every error as {@link ApiError} JSON with a fitting status: {@link ApiException}s
 * as thrown, unknown paths 404, wrong methods 405, anything else 500, logged with its stack trace and
 * answered without it.
 */
public final class JsonRest {
    private static final Logger log = LoggerFactory.getLogger(JsonRest.class);
    public static final String BASE = "/api/v1";
    private static final String ANSWERED = "netserv.answered";

    private JsonRest() {}

    /** A mapper for REST answers: ISO-8601 times, indented for people reading curl output. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Builds (does not start) a server for the given route groups. */
    public static Javalin create(List<EndpointGroup> groups) {
        return create(groups, List.of());
    }

    /**
     * Builds (does not start) a server for the given route groups under {@link #BASE}, plus groups at the
     * root for paths other tools fix (e.g. Prometheus' {@code /metrics}).
     */
    public static Javalin create(List<EndpointGroup> groups, List<EndpointGroup> rootGroups) {
        return create(groups, rootGroups, null);
    }

    /**
     * The same, with every POST, PUT, PATCH and DELETE refused (401) unless it carries
     * {@code Authorization: Bearer <bearerToken>}; {@code null}: no token asked.
     */
    public static Javalin create(List<EndpointGroup> groups, List<EndpointGroup> rootGroups, String bearerToken) {
        byte[] expected = bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        return Javalin.create(cfg -> {
            if (expected != null) {
                cfg.routes.before(ctx -> {
                    String m = ctx.method().name();
                    if (!(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"))) {
                        String given = ctx.header("Authorization");
                        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                            throw new ApiException(401, m + " needs 'Authorization: Bearer <token>' with the token "
                                    + "from the configuration");
                        }
                    }
                });
            }
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper(), false));
            cfg.routes.apiBuilder(() -> {
                path(BASE, () -> groups.forEach(EndpointGroup::addEndpoints));
                rootGroups.forEach(EndpointGroup::addEndpoints);
            });
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                ctx.attribute(ANSWERED, true);
                ctx.status(e.status()).json(ApiError.of(e.status(), e.getMessage()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("REST {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(ApiError.of(500, "internal error (" + e.getClass().getSimpleName()
                        + "); the log has the details"));
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
    }
}
