package org.netserv.signaling.gist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpFixtures;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.testing.FuzzRun;

class GistCodecTest {
    private static final byte[] MRI = hex("00004840" + "0a000001" + "0a000002" + "20201100" + "000013c4"); // UDP to 5060
    private static final byte[] SID = hex("00112233445566778899aabbccddeeff");
    private static final byte[] ROUTE = route(1, "0a0000019c400e" + ascii("netserv-signal") + "00");
    private static final byte[] NSLP = "PROBE".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> fixtures() {
        return GistFixtures.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureIsWhatItsBuilderEncodesAndDecodesBackToIt(String file, GistMessage built) throws Exception {
        byte[] golden = GistFixtures.parseHex(NslpFixtures.resource("gist/" + file));
        assertThat(GistCodec.encode(built)).isEqualTo(golden);
        GistMessage decoded = GistCodec.decode(golden);
        assertThat(decoded).isEqualTo(built);
        assertThat(GistCodec.encode(decoded)).isEqualTo(golden);
    }

    @Test
    void theRequestCarriesItsNslpMessageUntouched() throws Exception {
        GistMessage m = GistCodec.decode(GistCodec.encode(GistFixtures.requestSetup()));
        Request r = NslpCodec.decodeRequest(m.nslpData());
        assertThat(r).isEqualTo(NslpFixtures.setupMinimal());
        assertThat(m.mri().protocol()).isEqualTo(17);
        assertThat(m.mri().destinationPort()).isEqualTo(5060);
        assertThat(m.mri().sourcePort()).isNull();
        assertThat(m.route().origin()).isEqualTo(GistFixtures.ORIGIN);
    }

    @Test
    void nodesRecordThemselvesAndTheResponseGoesBackAlongTheRoute() {
        GistMessage fwd = GistFixtures.forwardedSetup();
        assertThat(fwd.hops()).isEqualTo(GistMessage.DEFAULT_HOPS - 2);
        assertThat(fwd.route().hops()).containsExactly(GistFixtures.ORIGIN, GistFixtures.NODE1, GistFixtures.NODE2);
        assertThat(fwd.route().contains(GistFixtures.NODE1.id())).isTrue();
        assertThat(fwd.route().contains("netserv-signal")).as("the origin is not a node").isFalse();
        GistMessage resp = GistFixtures.responseSetup();
        assertThat(resp.mri().upstream()).isTrue();
        assertThat(resp.queryMode()).isFalse();
        assertThat(resp.session()).isEqualTo(fwd.session());
        assertThat(resp.route().before(GistFixtures.NODE2.id())).hasValue(GistFixtures.NODE1);
        assertThat(resp.route().before(GistFixtures.NODE1.id())).hasValue(GistFixtures.ORIGIN);
        assertThat(resp.route().before("elsewhere")).isEmpty();
    }

    @Test
    void theHopCountRunsOut() {
        GistMessage m = new GistMessage(1, true, true, false, Mri.downstream(GistFixtures.H1, GistFixtures.H2),
                GistFixtures.SESSION, RouteRecord.origin(GistFixtures.ORIGIN), NSLP);
        assertThat(m.canForward()).isFalse();
        assertThatThrownBy(() -> m.forwardedBy(GistFixtures.NODE1)).hasMessage("GIST hop count exhausted");
    }

    @Test
    void nslpDataThatGistCouldNotUnpadIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> GistMessage.request(Mri.downstream(GistFixtures.H1, GistFixtures.H2), GistFixtures.SESSION,
                RouteRecord.origin(GistFixtures.ORIGIN), new byte[] {'a', 0})).hasMessageContaining("zero byte");
        assertThatThrownBy(() -> new RouteHop(GistFixtures.H1, 1, "bad id")).hasMessageContaining("hop id 'bad id'");
        assertThatThrownBy(() -> new RouteRecord(List.of())).hasMessageContaining("1-32 hops");
    }

    @Test
    void reservedBitsAreIgnoredAndUnknownIgnorableObjectsSkipped() throws Exception {
        byte[] plain = datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE), object(0, 8, NSLP));
        GistMessage m = GistCodec.decode(plain);
        byte[] reserved = plain.clone();
        reserved[7] |= 0x1f; // reserved bits of the common header
        reserved[8] |= 0x30; // the r bits of the first object header
        assertThat(GistCodec.decode(reserved)).isEqualTo(m);
        byte[] extra = datagram(false, 0, 0, object(0, 0, MRI), object(1, 1500, hex("deadbeef")), object(0, 1, SID),
                object(2, 2000, ROUTE), object(0, 8, NSLP));
        assertThat(GistCodec.decode(extra)).isEqualTo(m);
        assertThat(GistCodec.encode(m)).isEqualTo(plain);
    }

    static Stream<Arguments> badDatagrams() {
        byte[] ok = datagram(true, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE), object(0, 8, NSLP));
        return Stream.of(
                bad("empty", new byte[0], "the datagram has 0 bytes, too short for the GIST common header (8 bytes)"),
                bad("magic only", hex("4e04bda5"), "the datagram has 4 bytes, too short for the GIST common header (12 bytes)"),
                bad("too big", new byte[20_000], "the datagram has 20000 bytes, more than the 16384 allowed"),
                bad("version", set(ok, 4, 2), "GIST version 2 is not supported (only 1)"),
                bad("hops zero", set(ok, 5, 0), "GIST hops is 0: the message should have been dropped"),
                bad("length", set(ok, 7, ok[7] + 1), "the common header says"),
                bad("trailing bytes", concat(ok, new byte[4]), "the common header says"),
                bad("nslpid", set(ok, 8, 0), "NSLPID 192 is not NetServ's (32704)"),
                bad("query type", set(ok, 10, 0x80), "GIST message type 0 (Query) is not supported: NetServ sends Data messages only"),
                bad("odd type", set(ok, 10, 0x80 | 0x55), "GIST message type 85 (unknown) is not supported"),
                bad("C flag without magic", java.util.Arrays.copyOfRange(ok, 4, ok.length),
                        "the C flag is set but the magic number is missing"),
                bad("magic without C flag", set(ok, 10, 3), "the magic number is present but the C flag is clear"),
                bad("E flag", set(ok, 11, 0x20), "explicitly routed messages (E flag) are not supported"),
                bad("object cut", java.util.Arrays.copyOf(datagram(false, 0, 0, object(0, 0, MRI)), 10),
                        "the common header says"),
                bad("object too long", datagram(false, 0, 0, hex("00000009"), MRI),
                        "object Message-Routing-Information at byte 8: its length (36 bytes) runs past the end"),
                bad("half an object header", datagram(false, 0, 0, object(0, 0, MRI), hex("0001")),
                        "the common header says"),
                bad("unknown mandatory object", datagram(false, 0, 0, object(0, 1500, hex("00000000"))),
                        "object type 1500 at byte 8: not supported by NetServ (see docs/signaling.md)"),
                bad("unknown forward object", datagram(false, 0, 0, object(2, 1500, hex("00000000"))),
                        "object type 1500 at byte 8: not supported"),
                bad("network layer information", datagram(false, 0, 0, object(0, 2, hex("00000000"))),
                        "object Network-Layer-Information at byte 8: not supported"),
                bad("ignorable but known", datagram(false, 0, 0, object(1, 10, hex("00000000"))),
                        "object Hop-Count at byte 8: not supported"),
                bad("missing MRI", datagram(false, 0, 0, object(0, 1, SID), object(2, 2000, ROUTE), object(0, 8, NSLP)),
                        "the Message-Routing-Information object is missing"),
                bad("missing session", datagram(false, 0, 0, object(0, 0, MRI), object(2, 2000, ROUTE), object(0, 8, NSLP)),
                        "the Session-Identification object is missing"),
                bad("missing route", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(0, 8, NSLP)),
                        "the route record object is missing"),
                bad("missing nslp", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE)),
                        "the NSLP-Data object is missing"),
                bad("repeated", datagram(false, 0, 0, object(0, 0, MRI), object(0, 0, MRI)),
                        "object Message-Routing-Information at byte 32: out of place or repeated"),
                bad("out of order", datagram(false, 0, 0, object(0, 1, SID), object(0, 0, MRI)),
                        "object Message-Routing-Information at byte 28: out of place or repeated"),
                bad("loose-end MRM", mri("010008400a0000010a0000022020110000000000"),
                        "message routing method 1 is not supported (only 0, path-coupled)"),
                bad("ipv6", mri("000068400a0000010a0000022020110000000000"), "IP version 6 is not supported (only 4)"),
                bad("DS field", mri("00004c400a0000010a0000022020110000000000"),
                        "the T, F and S flags (DS field, flow label, SPI) are not supported"),
                bad("ports word missing", mri("000048400a0000010a00000220201100"), "16 bytes, its flags need 20"),
                bad("ports word extra", mri("000048000a0000010a0000022020110000000000"), "20 bytes, its flags need 16"),
                bad("short MRI", mri("00004800"), "4 bytes, a path-coupled IPv4 MRI has at least 16"),
                bad("prefix 33", mri("000048400a0000010a0000022120110000000000"), "prefix lengths are 0-32, got 33 and 32"),
                bad("short session", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, hex("00112233"))),
                        "object Session-Identification at byte 32: 4 bytes, a session id has 16"),
                bad("route without hops", routeDatagram(route(0, "")),
                        "object route record at byte 52: 0 hops, 1-32 allowed (the origin first)"),
                bad("route of 33 hops", routeDatagram(route(33, "")), "33 hops, 1-32 allowed"),
                bad("route hop cut", routeDatagram(route(2, "0a0000019c400e" + ascii("netserv-signal") + "00")),
                        "hop 1 is cut short"),
                bad("route id too long", routeDatagram(route(1, "0a0000019c40ff" + ascii("netserv-signal") + "00")),
                        "the id of hop 0 runs past the end"),
                bad("route empty id", routeDatagram(route(1, "0a0000019c4000" + "00")),
                        "the id of hop 0 is not 1-64 of"),
                bad("route id bytes", routeDatagram(route(1, "0a0000019c400e" + ascii("netserv signal") + "00")),
                        "the id of hop 0 is not 1-64 of"),
                bad("route trailing", routeDatagram(concat(ROUTE, new byte[4])), "4 bytes after the last hop"),
                bad("route empty", routeDatagram(new byte[0]), "object route record at byte 52: empty"),
                bad("nslp empty", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE),
                        object(0, 8, new byte[0])), "object NSLP-Data at byte 84: empty"),
                bad("nslp zeros", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE),
                        object(0, 8, hex("4100000000000000"))), "7 zero bytes at the end: padding is at most 3"),
                bad("nslp too big", datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, ROUTE),
                        object(0, 8, "x".repeat(8196).getBytes(StandardCharsets.US_ASCII))),
                        "8196 bytes, more than the 8192 allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDatagrams")
    void badDatagramsAreRefusedSayingWhereAndWhy(String name, byte[] datagram, String message) {
        GistException e = catchThrowableOfType(() -> GistCodec.decode(datagram), GistException.class);
        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void mutantsOfTheFixturesAreReadOrRefusedWithAReasonNeverACrash() {
        List<byte[]> corpus = GistFixtures.all().keySet().stream()
                .map(f -> GistFixtures.parseHex(NslpFixtures.resource("gist/" + f))).toList();
        FuzzRun.Counts counts = assertTimeoutPreemptively(Duration.ofSeconds(90), () ->
                FuzzRun.run(corpus, GistException.class, 30_000, Duration.ofSeconds(25), Duration.ofSeconds(1), input -> {
                    GistMessage m = GistCodec.decode(input);
                    byte[] again = GistCodec.encode(m);
                    assertThat(GistCodec.decode(again)).isEqualTo(m);
                }));
        assertThat(counts.cases()).isGreaterThanOrEqualTo(5_000);
        assertThat(counts.accepted()).isPositive();
        assertThat(counts.refused()).isGreaterThan(counts.cases() / 2);
    }

    // --- building datagrams by hand

    private static Arguments bad(String name, byte[] datagram, String message) {
        return Arguments.of(name, datagram, message);
    }

    private static byte[] mri(String mriHex) {
        return datagram(false, 0, 0, object(0, 0, hex(mriHex)), object(0, 1, SID), object(2, 2000, ROUTE), object(0, 8, NSLP));
    }

    private static byte[] routeDatagram(byte[] route) {
        return datagram(false, 0, 0, object(0, 0, MRI), object(0, 1, SID), object(2, 2000, route), object(0, 8, NSLP));
    }

    static byte[] datagram(boolean magic, int hopsOr0, int unused, byte[]... objects) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] o : objects) {
            body.writeBytes(o);
        }
        int words = body.size() / 4;
        ByteBuffer b = ByteBuffer.allocate((magic ? 4 : 0) + 8 + body.size());
        if (magic) {
            b.putInt(GistCodec.MAGIC);
        }
        b.put((byte) 1).put((byte) (hopsOr0 == 0 ? 16 : hopsOr0)).putShort((short) words);
        b.putShort((short) GistCodec.NSLPID).put((byte) ((magic ? 0x80 : 0) | 3)).put((byte) 0x80);
        return b.put(body.toByteArray()).array();
    }

    static byte[] object(int ab, int type, byte[] value) {
        int words = (value.length + 3) / 4;
        ByteBuffer b = ByteBuffer.allocate(4 + words * 4);
        return b.putInt(ab << 30 | type << 16 | words).put(value).array();
    }

    private static byte[] route(int count, String hopsHex) {
        byte[] hops = hex(hopsHex);
        byte[] padded = java.util.Arrays.copyOf(hops, (hops.length + 3) & ~3);
        return concat(new byte[] {(byte) count, 0, 0, 0}, padded);
    }

    private static byte[] set(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    private static String ascii(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}
