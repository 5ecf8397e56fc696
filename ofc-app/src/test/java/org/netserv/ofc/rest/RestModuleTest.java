package org.netserv.ofc.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowManager;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.OfSwitchAdapter;
import org.netserv.ofc.switches.OpenFlowErrorException;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.ofc.switches.SwitchServiceAdapter;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class RestModuleTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SwitchServiceAdapter switches = new SwitchServiceAdapter();
    private RestModule rest;

    /** A switch with three ports in different states and two entries in its table. */
    private final OfSwitchAdapter s1 = new OfSwitchAdapter(DatapathId.of(1)) {
        @Override
        public Collection<OFPortDesc> ports() {
            OFFactory f = factory();
            return List.of(
                    f.buildPortDesc().setPortNo(OFPort.LOCAL).setName("s1").setHwAddr(MacAddress.of(9))
                            .setConfig(Set.of(OFPortConfig.PORT_DOWN)).build(),
                    f.buildPortDesc().setPortNo(OFPort.of(2)).setName("s1-eth2").setHwAddr(MacAddress.of(2))
                            .setState(Set.of(OFPortState.LINK_DOWN)).build(),
                    f.buildPortDesc().setPortNo(OFPort.of(1)).setName("s1-eth1").setHwAddr(MacAddress.of(1))
                            .setState(Set.of(OFPortState.LIVE)).build());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R extends OFStatsReply> CompletableFuture<List<R>> requestStats(OFStatsRequest<R> request) {
            OFFactory f = factory();
            var miss = Pipeline.tableMissEntries(f).get(1);
            var learned = f.buildFlowStatsEntry().setTableId(TableId.of(1)).setPriority(100)
                    .setCookie(new FlowOwner(2, "forwarding").cookie())
                    .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1))
                            .setExact(MatchField.ETH_DST, MacAddress.of(2)).build())
                    .setInstructions(List.of(f.instructions().applyActions(List.of(
                            f.actions().output(OFPort.of(2), 0xffff)))))
                    .setIdleTimeout(10).setPacketCount(U64.of(5)).setByteCount(U64.of(490)).build();
            var operator = f.buildFlowStatsEntry().setTableId(TableId.of(0)).setPriority(7).setCookie(U64.of(0x99))
                    .setMatch(f.buildMatch().build()).setInstructions(List.of()).build();
            var missStats = f.buildFlowStatsEntry().setTableId(miss.table()).setPriority(0).setCookie(miss.cookie())
                    .setMatch(miss.match()).setInstructions(miss.instructions()).build();
            TableId asked = ((org.projectfloodlight.openflow.protocol.OFFlowStatsRequest) request).getTableId();
            var reply = f.buildFlowStatsReply().setEntries(List.of(missStats, learned, operator).stream()
                    .filter(e -> asked.equals(TableId.ALL) || asked.equals(e.getTableId())).toList()).build();
            return CompletableFuture.completedFuture((List<R>) List.of(reply));
        }
    };

    @BeforeEach
    void setUp() {
        switches.with(s1);
        switches.with(new OfSwitchAdapter(DatapathId.of(7)) {
            @Override
            public <R extends OFStatsReply> CompletableFuture<List<R>> requestStats(OFStatsRequest<R> request) {
                return CompletableFuture.failedFuture(new OpenFlowErrorException("BAD_REQUEST/EPERM", null));
            }
        });
        FlowManager flows = new FlowManager(switches, new FlowStore());
        flows.registerOwner(Pipeline.OWNER);
        flows.registerOwner(new FlowOwner(2, "forwarding"));
        rest = new RestModule(new RestConfig("127.0.0.1", 0, null), () -> List.of("openflow", "rest"));
        rest.startUp(new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> service) {
                return service.cast(service == SwitchService.class ? switches : (FlowService) flows);
            }
        });
        rest.open();
    }

    @AfterEach
    void tearDown() {
        rest.shutDown();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest.boundPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        return json.readTree(r.body());
    }

    @Test
    void healthSaysUpWithSwitchCountAndModules() throws Exception {
        JsonNode h = ok("/api/v1/health");
        assertThat(h.get("status").asText()).isEqualTo("UP");
        assertThat(h.get("switches").asInt()).isEqualTo(2);
        assertThat(h.get("modules").toString()).isEqualTo("[\"openflow\",\"rest\"]");
    }

    @Test
    void switchesListVersionAndPortsWithReadableStates() throws Exception {
        JsonNode s = ok("/api/v1/switches/00:00:00:00:00:00:00:01");
        assertThat(s.get("dpid").asText()).isEqualTo("00:00:00:00:00:00:00:01");
        assertThat(s.get("openflowVersion").asText()).isEqualTo("1.3");
        assertThat(s.get("remoteAddress").asText()).isEqualTo("127.0.0.1:40000");
        assertThat(s.get("connectedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.get("ports").findValuesAsText("number")).containsExactly("1", "2", "LOCAL");
        assertThat(s.get("ports").findValuesAsText("state")).containsExactly("UP", "LINK_DOWN", "ADMIN_DOWN");
        assertThat(ok("/api/v1/switches").get("switches").findValuesAsText("dpid"))
                .containsExactly("00:00:00:00:00:00:00:01", "00:00:00:00:00:00:00:07");
    }

    @Test
    void flowsAreReadFromTheSwitchWithOwnersMatchesAndActions() throws Exception {
        JsonNode t = ok("/api/v1/switches/0x1/flows");
        assertThat(t.get("dpid").asText()).isEqualTo("00:00:00:00:00:00:00:01");
        JsonNode flows = t.get("flows");
        assertThat(flows.findValuesAsText("owner")).containsExactly("foreign", "forwarding", "openflow");
        JsonNode learned = flows.get(1);
        assertThat(learned.get("cookie").asText()).isEqualTo("0x4e53000200000000");
        assertThat(learned.get("match").get("in_port").asText()).isEqualTo("1");
        assertThat(learned.get("match").get("eth_dst").asText()).isEqualTo("00:00:00:00:00:02");
        assertThat(learned.get("instructions").get(0).asText()).isEqualTo("apply_actions(output:2)");
        assertThat(learned.get("packets").asLong()).isEqualTo(5);
        assertThat(flows.get(2).get("instructions").get(0).asText()).isEqualTo("apply_actions(output:CONTROLLER)");
    }

    @Test
    void errorsAreJsonWithFittingStatusAndNoStackTrace() throws Exception {
        assertError(get("/api/v1/switches/not-a-dpid/flows"), 400, "is not a datapath id");
        assertError(get("/api/v1/switches/99/flows"), 404, "no switch 00:00:00:00:00:00:00:63 is connected");
        assertError(get("/api/v1/nothing-here"), 404, "no such resource");
        assertError(get("/api/v1/switches/7/flows"), 502, "BAD_REQUEST/EPERM");
        switches.with(new OfSwitchAdapter(DatapathId.of(8)) {
            @Override
            public Collection<OFPortDesc> ports() {
                throw new IllegalStateException("bug in a port view");
            }
        });
        HttpResponse<String> bug = get("/api/v1/switches");
        assertError(bug, 500, "the log has the details");
        assertThat(bug.body()).doesNotContain("at org.").doesNotContain("bug in a port view");
    }

    private void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = json.readTree(r.body());
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("error").asText()).isNotBlank();
        assertThat(e.get("message").asText()).contains(message);
    }
}
