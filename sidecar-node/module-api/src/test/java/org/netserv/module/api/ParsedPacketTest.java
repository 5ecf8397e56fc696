package org.netserv.module.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ParsedPacketTest {
    private static final int A = Ipv4.parse("10.0.0.1");
    private static final int B = Ipv4.parse("192.0.2.7");

    @Test
    void udpOverIpv4IsParsedWithPortsAndPayload() {
        Packet p = ParsedPacket.of(TestFrames.udp(A, B, 40000, 5060, "OPTIONS sip:x SIP/2.0\r\n", -1));
        assertThat(p.etherType()).isEqualTo(0x0800);
        assertThat(p.vlanId()).isEqualTo(-1);
        assertThat(p.isIpv4()).isTrue();
        assertThat(Ipv4.toString(p.srcIp())).isEqualTo("10.0.0.1");
        assertThat(Ipv4.toString(p.dstIp())).isEqualTo("192.0.2.7");
        assertThat(p.ttl()).isEqualTo(63);
        assertThat(p.isUdp()).isTrue();
        assertThat(p.srcPort()).isEqualTo(40000);
        assertThat(p.dstPort()).isEqualTo(5060);
        assertThat(p.payloadOffset()).isEqualTo(42);
        assertThat(p.payloadLength()).isEqualTo(23); // Ethernet padding is not payload
        assertThat(p.srcMac()).isEqualTo(1);
        assertThat(p.dstMac()).isEqualTo(2);
    }

    @Test
    void vlanTagIsSkippedAndReported() {
        Packet p = ParsedPacket.of(TestFrames.udp(A, B, 1, 53, "x", 100));
        assertThat(p.vlanId()).isEqualTo(100);
        assertThat(p.ipOffset()).isEqualTo(18);
        assertThat(p.dstPort()).isEqualTo(53);
    }

    @Test
    void truncatedAndNonIpFramesStopAtTheLastCompleteLayer() {
        assertThat(ParsedPacket.of(ByteBuffer.allocate(10)).etherType()).isEqualTo(-1);
        ByteBuffer arp = ByteBuffer.allocate(60).putShort(12, (short) 0x0806);
        Packet p = ParsedPacket.of(arp);
        assertThat(p.etherType()).isEqualTo(0x0806);
        assertThat(p.isIpv4()).isFalse();
        assertThat(p.srcPort()).isEqualTo(-1);
        ByteBuffer cut = TestFrames.udp(A, B, 1, 2, "", -1).limit(14 + 24);
        Packet q = ParsedPacket.of(cut);
        assertThat(q.isIpv4()).isTrue();
        assertThat(q.isUdp()).isFalse();
    }

    @Test
    void laterFragmentsHaveNoPorts() {
        ByteBuffer f = TestFrames.udp(A, B, 1, 2, "abc", -1);
        f.putShort(14 + 6, (short) 0x0010); // fragment offset 16 * 8 bytes
        Packet p = ParsedPacket.of(f);
        assertThat(p.isIpv4()).isTrue();
        assertThat(p.isUdp()).isFalse();
        assertThat(p.dstPort()).isEqualTo(-1);
    }

    @Test
    void reusedParserFollowsTheNewFrameAndLength() {
        ParsedPacket p = new ParsedPacket();
        ByteBuffer f = TestFrames.udp(A, B, 1, 2, "hello", -1);
        p.wrap(f, f.limit());
        assertThat(p.dstPort()).isEqualTo(2);
        p.wrap(ByteBuffer.allocate(60).putShort(12, (short) 0x86dd), 60);
        assertThat(p.isIpv4()).isFalse();
        assertThat(p.dstPort()).isEqualTo(-1);
    }

    @Test
    void ipv4AddressesRoundTripAndBadOnesAreRefused() {
        assertThat(Ipv4.toString(Ipv4.parse("255.1.0.9"))).isEqualTo("255.1.0.9");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ipv4.parse("1.2.3"))
                .hasMessageContaining("not an IPv4 address");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ipv4.parse("1.2.3.256"))
                .hasMessageContaining("not an IPv4 address");
    }
}
