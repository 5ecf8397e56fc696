package org.netserv.ofc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.config.ConfigLoader;
import org.netserv.ofc.config.OfcConfig;
import org.netserv.ofc.core.OpenFlowConfig;
import org.netserv.ofc.core.OpenFlowModule;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.rest.RestConfig;
import org.netserv.ofc.rest.RestModule;
import org.netserv.ofc.sidecars.SidecarsModule;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * {@code GET /api/v1/topology.svg} and {@code GET /ui} from a whole controller over real TCP: a simulated
 * switch with a host behind it, and a sidecar that registers over the control channel with a module;
 * then the same with the topology module alone (no sidecar pool, no steering).
 */
class TopologyPictureRestTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MacAddress HOST = MacAddress.of("00:00:00:00:00:0a");
    private final HttpClient http = HttpClient.newHttpClient();
    private OfcApplication app;
    private int restPort;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private int start(OfcConfig cfg) {
        app = new OfcApplication(cfg).start();
        restPort = app.module(RestModule.class).orElseThrow().boundPort();
        return app.module(OpenFlowModule.class).orElseThrow().boundPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String svg() throws Exception {
        return get("/api/v1/topology.svg").body();
    }

    @Test
    void pictureShowsTheSwitchItsHostAndASidecarWithItsModule() throws Exception {
        int ofPort = start(OfcConfig.defaults(OfcModules.CATALOG)
                .with(OfcModules.OPENFLOW, c -> new OpenFlowConfig("127.0.0.1", 0, null, null, null, null, null))
                .with(OfcModules.REST, c -> new RestConfig("127.0.0.1", 0, null))
                .with(OfcModules.SIDECARS, c -> c.withPort(0)));
        int sidecarPort = app.module(SidecarsModule.class).orElseThrow().boundPort();
        try (SimulatedSwitch sw = new SimulatedSwitch(ofPort, DatapathId.of(0x11), 3);
             Socket sidecar = new Socket("127.0.0.1", sidecarPort)) {
            await().atMost(WAIT).until(() -> svg().contains("00:00:00:00:00:00:00:11"));
            hostSpeaks(sw);
            ModuleStatus module = new ModuleStatus("alice", "netmonitor", "1.0.0", ModuleState.ACTIVE, null, null,
                    0, 0, 0, null, Instant.now(), null, Map.of(), Map.of());
            byte[] hello = ControlCodec.encode(new ControlMessage.Hello(ControlMessage.PROTOCOL_VERSION, "sc-test",
                    "02:00:00:00:00:99", "eth0", new ControlMessage.Capacity(2, 1024, 0), List.of(module)));
            DataOutputStream out = new DataOutputStream(sidecar.getOutputStream());
            out.writeInt(hello.length);
            out.write(hello);
            out.flush();

            await().atMost(WAIT).until(() -> svg().contains("00:00:00:00:00:0a") && svg().contains("sc-test"));
            HttpResponse<String> picture = get("/api/v1/topology.svg");
            assertThat(picture.statusCode()).isEqualTo(200);
            assertThat(picture.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
            assertThat(picture.body()).contains("data-dpid=\"00:00:00:00:00:00:00:11\"", "data-mac=\"00:00:00:00:00:0a\"",
                    "data-name=\"sc-test\"", "alice/netmonitor ACTIVE", "1 switches, 0 cables (0 blocked), 1 hosts, 1 sidecars");
            assertThat(parses(picture.body())).isTrue();
            assertPage();
        }
    }

    @Test
    void pictureWorksWithTheTopologyModuleAlone() throws Exception {
        int ofPort = start(new ConfigLoader(OfcModules.CATALOG).parse("""
                openflow: {bindAddress: 127.0.0.1, port: 0}
                rest: {bindAddress: 127.0.0.1, port: 0}
                sidecars: {enabled: false}
                steering: {enabled: false}
                signaling: {enabled: false}
                """));
        assertThat(app.moduleOrder()).contains("topology", "topology-picture").doesNotContain("sidecars", "steering");
        assertThat(svg()).contains("no switches connected");
        try (SimulatedSwitch sw = new SimulatedSwitch(ofPort, DatapathId.of(0x22), 2)) {
            await().atMost(WAIT).until(() -> svg().contains("00:00:00:00:00:00:00:22"));
            hostSpeaks(sw);
            await().atMost(WAIT).until(() -> svg().contains("00:00:00:00:00:0a"));
            assertThat(svg()).contains("0 sidecars").doesNotContain("no switches connected");
            assertThat(parses(svg())).isTrue();
            assertPage();
        }
    }

    /** The page: HTML that loads the picture from this server every 2 s, with nothing from elsewhere. */
    private void assertPage() throws Exception {
        HttpResponse<String> page = get("/ui");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<!DOCTYPE html>", "fetch('api/v1/topology.svg'", "setInterval(reload, 2000)")
                .doesNotContain("http://", "https://", "<script src", "<link");
    }

    /** A frame from the host on port 1 misses in the forwarding table: the OFC learns where the host is. */
    private static void hostSpeaks(SimulatedSwitch sw) throws Exception {
        byte[] frame = new byte[64];
        System.arraycopy(MacAddress.BROADCAST.getBytes(), 0, frame, 0, 6);
        System.arraycopy(HOST.getBytes(), 0, frame, 6, 6);
        sw.send(sw.f.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(Pipeline.FORWARDING_TABLE).setCookie(U64.ZERO)
                .setMatch(sw.f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .setData(frame).build());
    }

    private static boolean parses(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement().getTagName().equals("svg");
    }
}
