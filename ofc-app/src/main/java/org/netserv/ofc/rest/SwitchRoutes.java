package org.netserv.ofc.rest;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.rest.ApiException;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.types.DatapathId;

/** {@code /switches}, {@code /switches/{dpid}} and {@code /switches/{dpid}/flows}. */
final class SwitchRoutes implements EndpointGroup {
    private static final long SWITCH_ANSWER_SECONDS = 10;

    record SwitchList(List<SwitchViews.SwitchView> switches) {}

    record FlowTable(String dpid, List<SwitchViews.FlowView> flows) {}

    private final SwitchService switches;
    private final FlowService flows;

    SwitchRoutes(SwitchService switches, FlowService flows) {
        this.switches = switches;
        this.flows = flows;
    }

    @Override
    public void addEndpoints() {
        get("/switches", this::list);
        get("/switches/{dpid}", ctx -> ctx.json(SwitchViews.of(find(ctx))));
        get("/switches/{dpid}/flows", this::flows);
    }

    private void list(Context ctx) {
        List<SwitchViews.SwitchView> views = switches.switches().stream()
                .sorted(Comparator.comparing(OfSwitch::id))
                .map(SwitchViews::of)
                .toList();
        ctx.json(new SwitchList(views));
    }

    /** Reads the switch's table with a flow-stats request: what it really holds, not what we think. */
    private void flows(Context ctx) throws InterruptedException {
        OfSwitch sw = find(ctx);
        List<OFFlowStatsEntry> entries;
        try {
            entries = flows.readFromSwitch(sw.id()).get(SWITCH_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "switch " + sw.id() + " did not answer the flow-stats request within "
                    + SWITCH_ANSWER_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new ApiException(502, "switch " + sw.id() + " could not be read: " + e.getCause().getMessage());
        }
        List<SwitchViews.FlowView> views = entries.stream()
                .map(e -> SwitchViews.of(e, flows))
                .sorted(SwitchViews.TABLE_ORDER)
                .toList();
        ctx.json(new FlowTable(sw.id().toString(), views));
    }

    private OfSwitch find(Context ctx) {
        DatapathId id = Dpids.parse(ctx.pathParam("dpid"));
        return switches.get(id).orElseThrow(() -> ApiException.notFound("no switch " + id + " is connected"));
    }
}
