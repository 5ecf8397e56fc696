package org.netserv.ofc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.config.OfcConfig;
import org.netserv.ofc.core.OpenFlowConfig;
import org.netserv.ofc.core.OpenFlowModule;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.rest.RestConfig;
import org.netserv.ofc.rest.RestModule;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** The whole controller in one JVM, driven over real TCP by simulated switches and bad peers. */
class OfcEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private OfcApplication app;
    private int ofPort;
    private int restPort;

    @BeforeEach
    void start() {
        OfcConfig cfg = OfcConfig.defaults(OfcModules.CATALOG)
                .with(OfcModules.OPENFLOW, c -> new OpenFlowConfig("127.0.0.1", 0, null, null, null, null, null))
                .with(OfcModules.REST, c -> new RestConfig("127.0.0.1", 0, null))
                .with(OfcModules.SIDECARS, c -> c.withPort(0)); // never a fixed port in tests
        app = new OfcApplication(cfg).start();
        ofPort = app.module(OpenFlowModule.class).orElseThrow().boundPort();
        restPort = app.module(RestModule.class).orElseThrow().boundPort();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private String rest(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + "/api/v1" + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void packetIn(SimulatedSwitch sw, int inPort, MacAddress src, MacAddress dst) throws Exception {
        byte[] frame = new byte[64];
        System.arraycopy(dst.getBytes(), 0, frame, 0, 6);
        System.arraycopy(src.getBytes(), 0, frame, 6, 6);
        sw.send(sw.f.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(Pipeline.FORWARDING_TABLE).setCookie(U64.ZERO)
                .setMatch(sw.f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(frame).build());
    }

    @Test
    void switchIsForwardingWhileBadPeersAreTurnedAway() throws Exception {
        MacAddress a = MacAddress.of("00:00:00:00:00:0a");
        MacAddress b = MacAddress.of("00:00:00:00:00:0b");
        try (SimulatedSwitch sw = new SimulatedSwitch(ofPort, DatapathId.of(0x11), 3)) {
            await().atMost(WAIT).until(() -> rest("/switches").contains("00:00:00:00:00:00:00:11"));
            assertThat(rest("/health")).contains("\"switches\" : 1", "\"UP\"");
            sw.drain(); // the pipeline's table-miss entries

            packetIn(sw, 1, a, MacAddress.BROADCAST);
            OFPacketOut flood = sw.await(OFPacketOut.class, WAIT);
            assertThat(((OFActionOutput) flood.getActions().get(0)).getPort()).isEqualTo(OFPort.FLOOD);

            // Bad peers come and go while the switch works.
            assertThat(garbageIsDisconnected()).isTrue();
            assertThat(openFlow10HelloIsRefused()).isTrue();

            packetIn(sw, 2, b, a);
            OFFlowAdd learned = sw.await(OFFlowAdd.class, WAIT);
            assertThat(learned.getMatch().get(MatchField.ETH_DST)).isEqualTo(a);
            assertThat(learned.getMatch().get(MatchField.IN_PORT)).isEqualTo(OFPort.of(2));
            OFPacketOut out = sw.await(OFPacketOut.class, WAIT);
            assertThat(((OFActionOutput) out.getActions().get(0)).getPort()).isEqualTo(OFPort.of(1));
            assertThat(sw.closedByPeer()).isFalse();
            assertThat(rest("/switches")).contains("00:00:00:00:00:00:00:11");

            app.close(); // SIGTERM path: switches are disconnected
            await().atMost(WAIT).until(sw::closedByPeer);
        }
    }

    @Test
    void manySwitchesConnectAtOnce() throws Exception {
        List<SimulatedSwitch> sims = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= 20; i++) {
                sims.add(new SimulatedSwitch(ofPort, DatapathId.of(i), 4));
            }
            await().atMost(WAIT).until(() -> rest("/health").contains("\"switches\" : 20"));
        } finally {
            for (SimulatedSwitch s : sims) {
                s.close();
            }
        }
        await().atMost(WAIT).until(() -> rest("/health").contains("\"switches\" : 0"));
    }

    private boolean garbageIsDisconnected() throws Exception {
        try (Socket s = new Socket("127.0.0.1", ofPort)) {
            s.setSoTimeout(5000);
            byte[] junk = new byte[256];
            new Random(7).nextBytes(junk);
            junk[0] = 0x77; // not an OpenFlow version
            s.getOutputStream().write(junk);
            return readUntilClosed(s.getInputStream()) > 0; // our HELLO and the error, then EOF
        }
    }

    private boolean openFlow10HelloIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", ofPort)) {
            s.setSoTimeout(5000);
            OutputStream o = s.getOutputStream();
            o.write(new byte[] {0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01});
            InputStream in = s.getInputStream();
            byte[] hello = in.readNBytes(16); // our OF1.3 HELLO with its bitmap
            byte[] error = in.readNBytes(12);
            return hello[0] == 0x04 && error[0] == 0x01 && error[1] == 1 /* ERROR */
                    && error[9] == 0 /* HELLO_FAILED */ && readUntilClosed(in) >= 0;
        }
    }

    private static int readUntilClosed(InputStream in) throws Exception {
        int total = 0;
        byte[] buf = new byte[512];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            total += n;
        }
        return total;
    }
}
