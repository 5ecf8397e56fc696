package org.netserv.ofc.sidecars;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.rest.ApiException;
import org.netserv.signaling.rest.JsonRest;

/**
 * {@code /sidecars}: the pool with health, switch port, load and what the switch counted towards each
 * sidecar; drain and weight.
 */
final class SidecarRoutes implements EndpointGroup {
    private static final ObjectMapper MAPPER = JsonRest.mapper();

    private final SidecarService pool;
    private final SwitchService switches;

    SidecarRoutes(SidecarService pool, SwitchService switches) {
        this.pool = pool;
        this.switches = switches;
    }

    @Override
    public void addEndpoints() {
        get("/sidecars", ctx -> ctx.json(rows(pool.sidecars())));
        get("/sidecars/{id}", ctx -> ctx.json(rows(List.of(find(ctx))).get(0)));
        post("/sidecars/{id}/drain", ctx -> ctx.json(rows(List.of(drain(ctx, true))).get(0)));
        delete("/sidecars/{id}/drain", ctx -> ctx.json(rows(List.of(drain(ctx, false))).get(0)));
        put("/sidecars/{id}/weight", this::weight);
    }

    private SidecarView find(Context ctx) {
        String id = ctx.pathParam("id");
        return pool.sidecar(id).orElseThrow(() -> ApiException.notFound("no sidecar '" + id + "' has registered"));
    }

    private SidecarView drain(Context ctx, boolean draining) {
        find(ctx);
        return pool.drain(ctx.pathParam("id"), draining).orElseThrow();
    }

    private void weight(Context ctx) {
        find(ctx);
        JsonNode body;
        try {
            body = MAPPER.readTree(ctx.body());
        } catch (Exception e) {
            throw ApiException.badRequest("body must be JSON like {\"weight\": 2}: " + e.getMessage());
        }
        if (body == null || !body.path("weight").isInt() || body.size() != 1) {
            throw ApiException.badRequest("body must be exactly {\"weight\": N} with N an integer 1-"
                    + SidecarService.MAX_WEIGHT);
        }
        try {
            ctx.json(rows(List.of(pool.weight(ctx.pathParam("id"), body.get("weight").asInt()).orElseThrow())).get(0));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Views plus the switch's counters for each sidecar port (one port-stats and one flow-stats read per switch). */
    private List<Map<String, Object>> rows(List<SidecarView> views) {
        Map<String, SwitchCounters.Snapshot> bySwitch = new HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SidecarView v : views) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = MAPPER.convertValue(v, LinkedHashMap.class);
            if (v.dpid() != null && v.port() != null) {
                SwitchCounters.Snapshot s = bySwitch.computeIfAbsent(v.dpid(), d -> SwitchCounters.read(switches, d));
                row.put("flows", s.pinnedFlows(v.port()));
                s.port(v.port()).ifPresent(p -> row.put("switch", p));
            }
            rows.add(row);
        }
        return rows;
    }
}
