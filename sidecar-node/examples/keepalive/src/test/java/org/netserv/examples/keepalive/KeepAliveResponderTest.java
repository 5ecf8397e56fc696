package org.netserv.examples.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.module.api.Frames;
import org.netserv.module.api.Ipv4;
import org.netserv.module.api.Packet;
import org.netserv.module.api.ParsedPacket;
import org.netserv.module.api.TestModuleContext;
import org.netserv.module.api.Verdict;

class KeepAliveResponderTest {
    private static final int UA = Ipv4.parse("10.0.0.1");
    private static final int SERVER = Ipv4.parse("10.0.0.2");
    private static final String NOTIFY = "NOTIFY sip:server.example SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776\r\n"
            + "Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK001\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=49583\r\n"
            + "To: <sip:server.example>\r\n"
            + "Call-ID: ka-1@10.0.0.1\r\n"
            + "CSeq: 20 NOTIFY\r\n"
            + "Event: keep-alive\r\n"
            + "Content-Length: 0\r\n\r\n";

    private final KeepAliveResponder module = new KeepAliveResponder();
    private final List<ByteBuffer> emitted = new ArrayList<>();
    private TestModuleContext ctx;

    @BeforeEach
    void start() {
        ctx = new TestModuleContext(Map.of());
        module.start(ctx);
    }

    private static ByteBuffer sip(String text) {
        return Frames.udp(0xaaL, 0xbbL, UA, SERVER, 5062, 5060, text.getBytes(StandardCharsets.UTF_8), -1);
    }

    private Verdict process(ByteBuffer frame) {
        return module.process(ParsedPacket.of(frame), f -> emitted.add(f.duplicate()));
    }

    private static String payload(Packet p) {
        byte[] b = new byte[p.payloadLength()];
        p.frame().get(p.payloadOffset(), b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void notifyKeepAliveIsAnsweredForTheServerAndDropped() {
        assertThat(process(sip(NOTIFY))).isEqualTo(Verdict.DROP);
        assertThat(emitted).hasSize(1);
        Packet reply = ParsedPacket.of(emitted.get(0));
        assertThat(reply.srcIp()).isEqualTo(SERVER);
        assertThat(reply.dstIp()).isEqualTo(UA);
        assertThat(reply.srcPort()).isEqualTo(5060);
        assertThat(reply.dstPort()).isEqualTo(5062);
        assertThat(reply.srcMac()).isEqualTo(0xbbL);
        assertThat(reply.dstMac()).isEqualTo(0xaaL);
        String text = payload(reply);
        assertThat(text).startsWith("SIP/2.0 200 OK\r\n")
                .contains("Via: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776\r\nVia: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK001\r\n")
                .contains("From: <sip:alice@example.com>;tag=49583\r\n")
                .containsPattern("To: <sip:server.example>;tag=nsk[0-9a-f]+\r\n")
                .contains("Call-ID: ka-1@10.0.0.1\r\n", "CSeq: 20 NOTIFY\r\n")
                .endsWith("Content-Length: 0\r\n\r\n");
        assertThat(ctx.count("keepalives-answered")).isEqualTo(1);
    }

    @Test
    void optionsIsAKeepAliveTooAndCompactHeadersWork() {
        String options = "OPTIONS sip:server.example SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bKx\r\n"
                + "f: <sip:a@b>;tag=1\r\nt: <sip:server.example>;tag=srv\r\ni: c1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";
        assertThat(process(sip(options))).isEqualTo(Verdict.DROP);
        String text = payload(ParsedPacket.of(emitted.get(0)));
        assertThat(text).contains("To: <sip:server.example>;tag=srv\r\n", "Call-ID: c1\r\n", "CSeq: 1 OPTIONS\r\n");
    }

    @Test
    void otherSipPassesUntouched() {
        ByteBuffer invite = sip(NOTIFY.replace("NOTIFY sip", "INVITE sip").replace("CSeq: 20 NOTIFY", "CSeq: 20 INVITE"));
        byte[] before = bytes(invite);
        assertThat(process(invite)).isEqualTo(Verdict.FORWARD);
        assertThat(bytes(invite)).isEqualTo(before);
        assertThat(process(sip(NOTIFY.replace("Event: keep-alive", "Event: presence")))).isEqualTo(Verdict.FORWARD);
        assertThat(emitted).isEmpty();
        assertThat(ctx.count("sip-passed")).isEqualTo(2);
    }

    @Test
    void malformedSipIsPassedNotCrashedOn() {
        assertThat(process(sip("NOTIFY garbage"))).isEqualTo(Verdict.FORWARD);
        assertThat(process(sip("NOTIFY sip:x SIP/2.0\r\nno colon here\r\n\r\n"))).isEqualTo(Verdict.FORWARD);
        assertThat(process(sip("NOTIFY sip:x SIP/2.0\r\nEvent: keep-alive\r\n\r\n"))).as("no dialog headers")
                .isEqualTo(Verdict.FORWARD);
        byte[] junk = new byte[300];
        new java.util.Random(1).nextBytes(junk);
        System.arraycopy("NOTIFY ".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 7);
        assertThat(module.process(ParsedPacket.of(Frames.udp(1, 2, UA, SERVER, 1, 5060, junk, -1)), emitted::add))
                .isEqualTo(Verdict.FORWARD);
        assertThat(emitted).isEmpty();
        assertThat(ctx.count("malformed-passed")).isEqualTo(4);
    }

    @Test
    void methodsPropertyChoosesWhatIsAnswered() {
        KeepAliveResponder onlyNotify = new KeepAliveResponder();
        onlyNotify.start(new TestModuleContext(Map.of("methods", "notify")));
        String options = NOTIFY.replace("NOTIFY sip", "OPTIONS sip");
        assertThat(onlyNotify.process(ParsedPacket.of(sip(options)), emitted::add)).isEqualTo(Verdict.FORWARD);
        assertThatThrownBy(() -> new KeepAliveResponder().start(new TestModuleContext(Map.of("methods", "INFO"))))
                .hasMessageContaining("property methods may list NOTIFY and OPTIONS");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.limit()];
        b.duplicate().position(0).get(out);
        return out;
    }
}
