package org.netserv.ofc.rest;

import io.javalin.apibuilder.EndpointGroup;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;
import org.netserv.signaling.rest.ApiException;

/**
 * Lets modules add REST endpoints under {@code /api/v1}. Call it in {@code startUp}; the server starts
 * once every module has started.
 *
 * <pre>{@code
 * rest.addRoutes(() -> ApiBuilder.get("/sidecars", ctx -> ctx.json(pool.view())));
 * }</pre>
 *
 * Throw {@link ApiException} from a handler for a JSON error with a chosen status.
 */
public interface RestService {
    void addRoutes(EndpointGroup routes);

    /**
     * Adds endpoints at the root instead of under {@code /api/v1}, for pages people open in a browser
     * (e.g. {@code /ui}). Call it in {@code startUp}, like {@link #addRoutes}.
     */
    default void addRootRoutes(EndpointGroup routes) {
        throw new UnsupportedOperationException("this REST service serves no root routes");
    }

    /**
     * Adds metrics to {@code GET /metrics} (Prometheus text format); the supplier is called on every
     * scrape, so it should read current values, not compute them anew.
     */
    void addMetrics(Supplier<MetricSnapshots> metrics);
}
