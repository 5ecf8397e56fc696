package org.netserv.topology.lldp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LldpCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final LldpCodec CODEC = new LldpCodec();
    private static final long SRC = 0x0a0000000001L;
    private static final ProbeTag TAG = new ProbeTag(0x1122334455667788L, 0x0102030405060708L);

    /** The golden frame: LLDP from dpid 1 port 3, TTL 120, with TAG. */
    private static final String GOLDEN = String.join("",
            "0180c200000e", "0a0000000001", "88cc",                           // Ethernet
            "0216", "07", HEX.formatHex("dpid:0000000000000001".getBytes(StandardCharsets.US_ASCII)),
            "0402", "07", "33",                                               // Port ID "3"
            "0602", "0078",                                                   // TTL 120
            "fe14", "024e53", "01", "1122334455667788", "0102030405060708",   // our tag
            "0000");                                                          // End

    private static LldpParseResult decode(byte[] frame) {
        return CODEC.decode(frame);
    }

    private static LldpError refusal(byte[] frame) {
        LldpParseResult r = decode(frame);
        assertThat(r).as("refused").isInstanceOf(LldpParseResult.Refused.class);
        assertThat(r.probe()).isEmpty();
        return ((LldpParseResult.Refused) r).error();
    }

    // ---- a small frame builder for malformed frames

    private static byte[] tlv(int type, byte[] value) {
        byte[] t = new byte[2 + value.length];
        t[0] = (byte) (type << 1 | value.length >>> 8);
        t[1] = (byte) value.length;
        System.arraycopy(value, 0, t, 2, value.length);
        return t;
    }

    private static byte[] local(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[1 + ascii.length];
        v[0] = 7;
        System.arraycopy(ascii, 0, v, 1, ascii.length);
        return v;
    }

    private static byte[] chassis() {
        return tlv(1, local("dpid:00000000000000ff"));
    }

    private static byte[] port() {
        return tlv(2, local("4"));
    }

    private static byte[] ttl() {
        return tlv(3, new byte[] {0, 120});
    }

    private static byte[] end() {
        return tlv(0, new byte[0]);
    }

    private static byte[] frame(String dst, String etherType, byte[]... tlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex(dst + "0a0000000001" + etherType));
        for (byte[] t : tlvs) {
            out.writeBytes(t);
        }
        return out.toByteArray();
    }

    private static byte[] lldp(byte[]... tlvs) {
        return frame("0180c200000e", "88cc", tlvs);
    }

    // ---- round trips

    @Test
    void encodesTheGoldenFrameByteForByte() {
        byte[] frame = CODEC.encode(new LldpProbe(ProbeKind.LLDP, SRC, 1, 3, 120, Optional.of(TAG)));
        assertThat(HEX.formatHex(frame)).isEqualTo(GOLDEN);
        assertThat(decode(HEX.parseHex(GOLDEN)).probe()).contains(
                new LldpProbe(ProbeKind.LLDP, SRC, 1, 3, 120, Optional.of(TAG)));
    }

    @Test
    void roundTripsBothKindsWithAndWithoutTagAtTheExtremes() {
        for (ProbeKind kind : ProbeKind.values()) {
            for (long dpid : new long[] {0, 1, 0x00000a0b0c0d0e0fL, -1L}) {
                for (int port : new int[] {0, 1, 65535, 0xfffffffe, -1}) {
                    for (Optional<ProbeTag> tag : Arrays.asList(Optional.of(TAG), Optional.<ProbeTag>empty())) {
                        LldpProbe p = new LldpProbe(kind, SRC, dpid, port, port == 1 ? 0 : 65535, tag);
                        byte[] frame = CODEC.encode(p);
                        assertThat(frame.length).isGreaterThanOrEqualTo(LldpCodec.MIN_FRAME);
                        assertThat(decode(frame)).isEqualTo(new LldpParseResult.Parsed(p));
                    }
                }
            }
        }
    }

    @Test
    void theBroadcastVariantUsesItsOwnEtherTypeAndDestination() {
        byte[] frame = CODEC.encode(LldpProbe.of(ProbeKind.BDDP, SRC, 1, 3, TAG));
        assertThat(HEX.formatHex(frame, 0, 14)).isEqualTo("ffffffffffff" + "0a0000000001" + "8942");
        assertThat(decode(frame).probe().orElseThrow().kind()).isEqualTo(ProbeKind.BDDP);
    }

    @Test
    void shortProbesArePaddedWithZerosThatTheParserIgnores() {
        byte[] frame = CODEC.encode(new LldpProbe(ProbeKind.LLDP, SRC, 1, 3, 120, Optional.empty()));
        assertThat(frame).hasSize(60);
        int endOfLldpdu = 14 + 24 + 4 + 4 + 2;
        assertThat(Arrays.copyOfRange(frame, endOfLldpdu - 2, 60)).containsOnly((byte) 0);
        assertThat(decode(frame).probe()).isPresent();
        assertThat(CODEC.decode(Arrays.copyOf(frame, endOfLldpdu)).probe()).as("unpadded").isPresent();
    }

    @Test
    void decodesASliceOfALargerBuffer() {
        byte[] frame = HEX.parseHex(GOLDEN);
        byte[] buffer = new byte[frame.length + 10];
        System.arraycopy(frame, 0, buffer, 4, frame.length);
        assertThat(CODEC.decode(buffer, 4, frame.length).probe().orElseThrow().port()).isEqualTo(3);
        assertThatThrownBy(() -> CODEC.decode(buffer, 4, buffer.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void acceptsTheOtherLldpGroupAddressesAndSkipsOptionalAndForeignTlvs() {
        byte[] systemName = tlv(5, "edge-7".getBytes(StandardCharsets.US_ASCII));
        byte[] otherOrg = tlv(127, HEX.parseHex("0080c2" + "01" + "0001"));   // 802.1 port VLAN id
        LldpParseResult r = CODEC.decode(frame("0180c2000003", "88cc", chassis(), port(), ttl(), systemName,
                otherOrg, end()));
        LldpProbe p = r.probe().orElseThrow();
        assertThat(p.dpid()).isEqualTo(0xff);
        assertThat(p.port()).isEqualTo(4);
        assertThat(p.ttlSeconds()).isEqualTo(120);
        assertThat(p.tag()).isEmpty();
        assertThat(CODEC.decode(frame("0180c2000000", "88cc", chassis(), port(), ttl(), end())).probe()).isPresent();
    }

    @Test
    void aTagUnderAnotherOuiIsSomeoneElsesTlv() {
        LldpCodec other = new LldpCodec(0x0a0b0c);
        assertThat(other.decode(HEX.parseHex(GOLDEN)).probe().orElseThrow().tag()).isEmpty();
        byte[] mine = other.encode(LldpProbe.of(ProbeKind.LLDP, SRC, 1, 3, TAG));
        assertThat(other.decode(mine).probe().orElseThrow().tag()).contains(TAG);
        assertThatThrownBy(() -> new LldpCodec(0x1000000)).hasMessageContaining("24 bits");
    }

    // ---- refusals

    @Test
    void refusesFramesThatAreNoProbesAtAll() {
        assertThat(refusal(null)).isEqualTo(LldpError.TRUNCATED);
        assertThat(refusal(new byte[0])).isEqualTo(LldpError.TRUNCATED);
        assertThat(refusal(new byte[13])).isEqualTo(LldpError.TRUNCATED);
        assertThat(refusal(frame("ffffffffffff", "0806", new byte[28]))).isEqualTo(LldpError.NOT_A_PROBE);
        assertThat(refusal(frame("0180c200000e", "8100", chassis(), port(), ttl(), end())))
                .as("VLAN-tagged").isEqualTo(LldpError.NOT_A_PROBE);
        assertThat(refusal(frame("ffffffffffff", "88cc", chassis(), port(), ttl(), end())))
                .isEqualTo(LldpError.WRONG_DESTINATION);
        assertThat(refusal(frame("0180c200000e", "8942", chassis(), port(), ttl(), end())))
                .isEqualTo(LldpError.WRONG_DESTINATION);
        LldpParseResult r = decode(frame("0a0000000002", "88cc", chassis(), port(), ttl(), end()));
        assertThat(((LldpParseResult.Refused) r).detail()).isEqualTo("LLDP to 0a:00:00:00:00:02");
        assertThat(((LldpParseResult.Refused) decode(frame("ffffffffffff", "0800"))).detail())
                .isEqualTo("EtherType 0x0800");
    }

    @Test
    void refusesEveryTruncationOfAValidFrame() {
        byte[] golden = HEX.parseHex(GOLDEN);
        for (int len = 0; len < golden.length; len++) {
            LldpError e = refusal(Arrays.copyOf(golden, len));
            assertThat(e).as("cut at %d", len)
                    .isIn(LldpError.TRUNCATED, LldpError.NO_END, LldpError.TLV_OVERRUN);
        }
        assertThat(refusal(lldp(chassis(), port(), ttl()))).isEqualTo(LldpError.NO_END);
        assertThat(refusal(lldp(chassis(), port(), ttl(), new byte[] {0})))
                .as("one stray byte").isEqualTo(LldpError.NO_END);
        LldpParseResult r = decode(lldp(chassis(), port(), new byte[] {6, 2, 0}));
        assertThat(r).isEqualTo(new LldpParseResult.Refused(LldpError.TLV_OVERRUN,
                "TLV 2 (type 3) of 2 bytes, 1 left"));
    }

    @Test
    void refusesMandatoryTlvsMissingOrOutOfOrder() {
        assertThat(refusal(lldp(port(), chassis(), ttl(), end()))).isEqualTo(LldpError.MANDATORY_TLV_MISSING);
        assertThat(refusal(lldp(chassis(), ttl(), end()))).isEqualTo(LldpError.MANDATORY_TLV_MISSING);
        assertThat(refusal(lldp(chassis(), port(), end()))).isEqualTo(LldpError.MANDATORY_TLV_MISSING);
        assertThat(refusal(lldp(end()))).isEqualTo(LldpError.MANDATORY_TLV_MISSING);
        assertThat(((LldpParseResult.Refused) decode(lldp(chassis(), ttl(), end()))).detail())
                .isEqualTo("TLV 1 has type 3, expected 2 (Chassis ID, Port ID, TTL come first)");
    }

    @Test
    void refusesForeignChassisAndPortIds() {
        byte[] macChassis = tlv(1, HEX.parseHex("04" + "0a0000000009"));     // what lldpd sends
        assertThat(refusal(lldp(macChassis, port(), ttl(), end()))).isEqualTo(LldpError.FOREIGN_CHASSIS_ID);
        assertThat(((LldpParseResult.Refused) decode(lldp(macChassis, port(), ttl(), end()))).detail())
                .isEqualTo("Chassis ID subtype 4, 6 bytes");
        assertThat(refusal(lldp(tlv(1, local("dpid:00000000000000fg")), port(), ttl(), end())))
                .isEqualTo(LldpError.FOREIGN_CHASSIS_ID);
        assertThat(refusal(lldp(tlv(1, local("dpix:00000000000000ff")), port(), ttl(), end())))
                .isEqualTo(LldpError.FOREIGN_CHASSIS_ID);
        assertThat(refusal(lldp(tlv(1, local("dpid:0ff")), port(), ttl(), end())))
                .isEqualTo(LldpError.FOREIGN_CHASSIS_ID);
        assertThat(refusal(lldp(tlv(1, new byte[0]), port(), ttl(), end())))
                .isEqualTo(LldpError.FOREIGN_CHASSIS_ID);
        for (String bad : new String[] {"", "04", "-1", "4294967296", "99999999999", "eth0", " 4"}) {
            assertThat(refusal(lldp(chassis(), tlv(2, local(bad)), ttl(), end()))).as(bad)
                    .isEqualTo(LldpError.FOREIGN_PORT_ID);
        }
        assertThat(refusal(lldp(chassis(), tlv(2, HEX.parseHex("03" + "0a0000000009")), ttl(), end())))
                .as("MAC subtype").isEqualTo(LldpError.FOREIGN_PORT_ID);
        assertThat(refusal(lldp(chassis(), tlv(2, new byte[0]), ttl(), end())))
                .isEqualTo(LldpError.FOREIGN_PORT_ID);
        assertThat(decode(lldp(chassis(), tlv(2, local("4294967295")), ttl(), end())).probe().orElseThrow().port())
                .isEqualTo(-1);
    }

    @Test
    void refusesBadTtlDuplicatesBadTagsReservedTypesAndLongEnds() {
        assertThat(refusal(lldp(chassis(), port(), tlv(3, new byte[] {0, 0, 120}), end())))
                .isEqualTo(LldpError.BAD_TTL);
        assertThat(refusal(lldp(chassis(), port(), ttl(), chassis(), end()))).isEqualTo(LldpError.DUPLICATE_TLV);
        assertThat(refusal(lldp(chassis(), port(), ttl(), ttl(), end()))).isEqualTo(LldpError.DUPLICATE_TLV);
        byte[] tag = tlv(127, HEX.parseHex("024e53" + "01" + "1122334455667788" + "0102030405060708"));
        assertThat(decode(lldp(chassis(), port(), ttl(), tag, end())).probe().orElseThrow().tag()).contains(TAG);
        assertThat(refusal(lldp(chassis(), port(), ttl(), tag, tag, end()))).isEqualTo(LldpError.DUPLICATE_TLV);
        byte[] shortTag = tlv(127, HEX.parseHex("024e53" + "01" + "1122334455667788"));
        assertThat(refusal(lldp(chassis(), port(), ttl(), shortTag, end()))).isEqualTo(LldpError.BAD_TAG);
        assertThat(refusal(lldp(chassis(), port(), ttl(), tlv(50, new byte[3]), end())))
                .isEqualTo(LldpError.BAD_TLV);
        assertThat(refusal(lldp(chassis(), port(), ttl(), tlv(0, new byte[1])))).isEqualTo(LldpError.BAD_TLV);
        byte[] shortOrg = tlv(127, HEX.parseHex("024e"));
        assertThat(decode(lldp(chassis(), port(), ttl(), shortOrg, end())).probe())
                .as("too short to be ours: someone else's").isPresent();
    }

    @Test
    void randomlyDamagedFramesNeverThrow() {
        Random rnd = new Random(6);
        byte[] golden = HEX.parseHex(GOLDEN);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f;
            switch (i % 4) {
                case 0 -> {
                    f = golden.clone();
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 1 -> {
                    f = Arrays.copyOf(golden, rnd.nextInt(golden.length + 20));
                    if (f.length > 0) {
                        f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 2 -> {
                    f = new byte[rnd.nextInt(120)];
                    rnd.nextBytes(f);
                    if (f.length >= 14) {
                        f[12] = (byte) 0x88;
                        f[13] = (byte) 0xcc;
                    }
                }
                default -> {
                    f = golden.clone();
                    int at = 14 + rnd.nextInt(f.length - 14);
                    f[at] = (byte) (rnd.nextBoolean() ? 0xff : 0x01);   // lengths running long or short
                }
            }
            LldpParseResult r = CODEC.decode(f);
            assertThat(r).isNotNull();
            if (r instanceof LldpParseResult.Parsed) {
                parsed++;
            } else {
                assertThat(((LldpParseResult.Refused) r).detail()).isNotBlank();
            }
        }
        assertThat(parsed).as("some damage leaves a valid probe (a changed MAC or timestamp)").isPositive();
    }

    @Test
    void probesRefuseImpossibleFields() {
        assertThatThrownBy(() -> new LldpProbe(ProbeKind.LLDP, 1L << 48, 1, 1, 1, Optional.empty()))
                .hasMessageContaining("48 bits");
        assertThatThrownBy(() -> new LldpProbe(ProbeKind.LLDP, SRC, 1, 1, 65536, Optional.empty()))
                .hasMessageContaining("0-65535");
    }
}
