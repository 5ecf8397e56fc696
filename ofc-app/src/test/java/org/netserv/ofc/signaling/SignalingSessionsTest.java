package org.netserv.ofc.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.Mri;
import org.netserv.signaling.gist.RouteHop;
import org.netserv.signaling.gist.RouteRecord;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.nslp.Response;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.Signer;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** The session logic of our NetServ nodes, with a recording wire and scripted actions. */
class SignalingSessionsTest {
    private static final DatapathId S1 = DatapathId.of(1);
    private static final DatapathId S2 = DatapathId.of(2);
    private static final MacAddress H1_MAC = MacAddress.of("00:00:00:00:00:01");
    private static final MacAddress H2_MAC = MacAddress.of("00:00:00:00:00:02");

    private record Sent(DatapathId dpid, MacAddress toward, UdpFrame frame, byte[] bytes) {}

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> acted = new CopyOnWriteArrayList<>();
    private final Signer signer = new Signer(KeyFiles.generate().getPrivate());
    private SignalingSessions.Actor actor = (r, dpid, nodeId) -> {
        acted.add(nodeId);
        return CompletableFuture.completedFuture(NodeEntry.of(nodeId, NslpStatus.OK, "probed"));
    };
    private final SignalingSessions sessions = new SignalingSessions(new SignalingConfig(null, 200, null, null),
            (r, dpid, nodeId) -> actor.act(r, dpid, nodeId),
            (dpid, in, mac, frame) -> sent.add(new Sent(dpid, mac, UdpFrame.parse(frame).orElseThrow(), frame)), exec);

    @AfterEach
    void stop() {
        exec.shutdownNow();
    }

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private UdpFrame probeFrame(SessionId session) {
        Request r = signer.sign(Request.builder(RequestType.PROBE, "*").user("alice").probe(List.of("node"))
                .stamp(Instant.now(), new SecureRandom()).build());
        GistMessage m = GistMessage.request(Mri.downstream(ip("10.0.0.1"), ip("10.0.0.2")), session,
                RouteRecord.origin(new RouteHop(ip("10.0.0.1"), 40000, "netserv-signal")), NslpCodec.encode(r));
        return new UdpFrame(H1_MAC, H2_MAC, IPv4Address.of("10.0.0.1"), IPv4Address.of("10.0.0.2"), 64, 40000, 270,
                GistCodec.encode(m));
    }

    private void at(DatapathId dpid, UdpFrame frame) throws Exception {
        at(dpid, frame, frame.toBytes());
    }

    private void at(DatapathId dpid, UdpFrame frame, byte[] raw) throws Exception {
        exec.submit(() -> sessions.intercepted(dpid, OFPort.of(1), frame, raw)).get(5, TimeUnit.SECONDS);
    }

    /** The response sent to the requester (the last datagram toward h1). */
    private Response response() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(s -> s.toward().equals(H1_MAC)));
        Sent s = sent.stream().filter(x -> x.toward().equals(H1_MAC)).reduce((a, b) -> b).orElseThrow();
        assertThat(s.frame().dstPort()).as("to the requester's own socket port").isEqualTo(40000);
        GistMessage m = GistCodec.decode(s.frame().payload());
        assertThat(m.queryMode()).isFalse();
        return NslpCodec.decodeResponse(m.nslpData());
    }

    @Test
    void eachNodeActsAndPassesItOnAndPortUnreachableEndsThePathWithEveryEntryInOrder() throws Exception {
        UdpFrame request = probeFrame(SessionId.random());
        at(S1, request);
        Sent forwarded = sent.get(0);
        assertThat(forwarded.dpid()).isEqualTo(S1);
        assertThat(forwarded.toward()).isEqualTo(H2_MAC);
        GistMessage passed = GistCodec.decode(forwarded.frame().payload());
        assertThat(passed.route().contains(sessions.nodeId(S1))).isTrue();
        at(S2, forwarded.frame());
        UdpFrame toH2 = sent.get(1).frame();
        // A late copy about another datagram of the same addresses and ports does not end the session...
        exec.submit(() -> sessions.portUnreachable(S2, new PortUnreachable(IPv4Address.of("10.0.0.2"),
                IPv4Address.of("10.0.0.1"), IPv4Address.of("10.0.0.2"), 40000, 270, forwarded.frame().udpChecksum(),
                new byte[0]))).get();
        assertThat(sent).noneMatch(s -> s.toward().equals(H1_MAC));
        // ...the one quoting what the last node passed on does.
        exec.submit(() -> sessions.portUnreachable(S2, new PortUnreachable(IPv4Address.of("10.0.0.2"),
                IPv4Address.of("10.0.0.1"), IPv4Address.of("10.0.0.2"), 40000, 270, toH2.udpChecksum(), new byte[0]))).get();
        Response r = response();
        assertThat(r.nodes()).extracting(NodeEntry::nodeId)
                .containsExactly("netserv/of:0000000000000001", "netserv/of:0000000000000002");
        assertThat(r.succeeded()).isTrue();
        assertThat(sent.stream().filter(s -> s.toward().equals(H1_MAC)).findFirst().orElseThrow().dpid())
                .as("answered from the first node").isEqualTo(S1);
    }

    @Test
    void withoutPortUnreachableTheLastNodeAnswersAfterTheSilence() throws Exception {
        long t0 = System.nanoTime();
        at(S1, probeFrame(SessionId.random()));
        Response r = response();
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200);
        assertThat(r.nodes()).extracting(NodeEntry::nodeId).containsExactly("netserv/of:0000000000000001");
    }

    @Test
    void retransmissionsAreNeverActedOnTwiceAndGetTheResponseAgainOnceItIsKnown() throws Exception {
        UdpFrame request = probeFrame(SessionId.random());
        at(S1, request);
        at(S1, request); // before the answer: ignored
        assertThat(acted).hasSize(1);
        assertThat(sent).hasSize(1); // only passed on once
        response();
        int before = sent.size();
        at(S1, request); // after: the same answer again
        assertThat(acted).hasSize(1);
        assertThat(sent).hasSize(before + 1);
        assertThat(sent.get(sent.size() - 1).toward()).isEqualTo(H1_MAC);
    }

    @Test
    void aRefusingNodeGivesTheResponseItsStatus() throws Exception {
        actor = (r, dpid, nodeId) -> CompletableFuture.completedFuture(dpid.equals(S2)
                ? NodeEntry.of(nodeId, NslpStatus.UNAUTHORIZED, "the signature does not verify")
                : NodeEntry.of(nodeId, NslpStatus.OK, "probed"));
        at(S1, probeFrame(SessionId.random()));
        at(S2, sent.get(0).frame());
        Response r = response();
        assertThat(r.code()).isEqualTo(NslpStatus.UNAUTHORIZED);
        assertThat(r.reason()).isEqualTo("refused by netserv/of:0000000000000002");
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void anUnreadableRequestIsAnsweredAtOnceAndNotPassedOn() throws Exception {
        UdpFrame good = probeFrame(SessionId.random());
        GistMessage m = GistCodec.decode(good.payload());
        UdpFrame bad = good.withPayload(GistCodec.encode(m.withNslpData("PROBE * NETSERV/0.1\nuser:alice\n".getBytes())));
        at(S1, bad);
        Response r = response();
        assertThat(r.code()).isEqualTo(NslpStatus.BAD_REQUEST);
        assertThat(sent).noneMatch(s -> s.toward().equals(H2_MAC));
        assertThat(acted).isEmpty();
    }

    @Test
    void datagramsThatAreNotNetServSignalingArePassedOnUntouched() throws Exception {
        byte[] raw = probeFrame(SessionId.random()).withPayload("hello".getBytes()).toBytes();
        raw[UdpFrame.ETH + 1] = (byte) 0xb8; // TOS (EF), an IP id and no DF: what we would not write ourselves
        raw[UdpFrame.ETH + 4] = 0x12;
        raw[UdpFrame.ETH + 5] = 0x34;
        raw[UdpFrame.ETH + 6] = 0;
        at(S1, UdpFrame.parse(raw).orElseThrow(), raw);
        assertThat(sent).singleElement().satisfies(s -> assertThat(s.bytes()).isEqualTo(raw));
        assertThat(acted).isEmpty();
    }
}
