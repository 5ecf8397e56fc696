package org.netserv.module.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final int CLIENT = Ipv4.parse("10.0.0.1");
    private static final int SERVER = Ipv4.parse("10.0.0.2");

    @Test
    void udpReplySwapsAddressesAndPortsWithValidChecksums() {
        Packet req = ParsedPacket.of(TestFrames.udp(CLIENT, SERVER, 40000, 5060, "ping", 7));
        ByteBuffer reply = Frames.udpReply(req, ByteBuffer.wrap("SIP/2.0 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)));
        Packet r = ParsedPacket.of(reply);
        assertThat(r.srcMac()).isEqualTo(req.dstMac());
        assertThat(r.dstMac()).isEqualTo(req.srcMac());
        assertThat(r.vlanId()).isEqualTo(7);
        assertThat(r.srcIp()).isEqualTo(SERVER);
        assertThat(r.dstIp()).isEqualTo(CLIENT);
        assertThat(r.srcPort()).isEqualTo(5060);
        assertThat(r.dstPort()).isEqualTo(40000);
        assertThat(r.ttl()).isEqualTo(64);
        byte[] payload = new byte[r.payloadLength()];
        reply.get(r.payloadOffset(), payload);
        assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("SIP/2.0 200 OK\r\n");
        // A correct checksum makes the one's-complement sum over the covered bytes 0 (i.e. re-checksum 0).
        assertThat(Frames.ipv4Checksum(reply, r.ipOffset(), 20)).isZero();
        int udpLen = 8 + r.payloadLength();
        int stored = reply.getShort(r.l4Offset() + 6) & 0xffff;
        assertThat(Frames.udpChecksum(reply, r.ipOffset(), r.l4Offset(), udpLen)).isEqualTo(stored);
    }

    @Test
    void replyNeedsUdp() {
        ByteBuffer arp = ByteBuffer.allocate(60).putShort(12, (short) 0x0806);
        assertThatThrownBy(() -> Frames.udpReply(ParsedPacket.of(arp), ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
