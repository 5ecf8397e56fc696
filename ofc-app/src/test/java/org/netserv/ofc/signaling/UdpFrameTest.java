package org.netserv.ofc.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

class UdpFrameTest {
    private final UdpFrame frame = new UdpFrame(MacAddress.of("02:00:00:00:00:01"), MacAddress.of("02:00:00:00:00:02"),
            IPv4Address.of("10.0.0.1"), IPv4Address.of("10.0.0.2"), 64, 40000, 270,
            "hello signaling".getBytes(StandardCharsets.US_ASCII));

    @Test
    void roundTripsWithValidChecksums() {
        byte[] bytes = frame.toBytes();
        assertThat(UdpFrame.parse(bytes)).contains(frame);
        assertThat(UdpFrame.checksum(bytes, 14, 20, 0)).as("IPv4 header checksum verifies").isZero();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int udpLength = b.getShort(14 + 24) & 0xffff;
        long pseudo = (frame.srcIp().getInt() >>> 16) + (frame.srcIp().getInt() & 0xffff)
                + (frame.dstIp().getInt() >>> 16) + (frame.dstIp().getInt() & 0xffff) + 17 + udpLength;
        assertThat(UdpFrame.checksum(bytes, 34, udpLength, pseudo)).as("UDP checksum verifies").isZero();
    }

    @Test
    void otherFramesAreNotUdp() {
        byte[] bytes = frame.toBytes();
        bytes[14 + 9] = 6; // TCP
        assertThat(UdpFrame.parse(bytes)).isEmpty();
        assertThat(UdpFrame.parse(new byte[30])).isEmpty();
        byte[] truncated = java.util.Arrays.copyOf(frame.toBytes(), 40);
        assertThat(UdpFrame.parse(truncated)).isEmpty();
        byte[] fragment = frame.toBytes();
        fragment[14 + 6] = 0x20; // more fragments
        assertThat(UdpFrame.parse(fragment)).isEmpty();
    }

    @Test
    void portUnreachableQuotesTheOriginalDatagram() {
        byte[] original = frame.toBytes();
        int quotedLength = original.length - 14;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + quotedLength);
        b.put(frame.srcMac().getBytes()).put(frame.dstMac().getBytes()).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + quotedLength)).putInt(0).put((byte) 64).put((byte) 1)
                .putShort((short) 0).putInt(frame.dstIp().getInt()).putInt(frame.srcIp().getInt());
        b.put((byte) 3).put((byte) 3).putShort((short) 0).putInt(0).put(original, 14, quotedLength);
        PortUnreachable u = PortUnreachable.parse(b.array()).orElseThrow();
        assertThat(u.from()).isEqualTo(frame.dstIp());
        assertThat(u.originalDst()).isEqualTo(frame.dstIp());
        assertThat(u.originalDstPort()).isEqualTo(270);
        assertThat(u.originalChecksum()).isEqualTo(frame.udpChecksum());
        assertThat(new String(u.quoted(), StandardCharsets.US_ASCII)).isEqualTo("hello signaling");
        byte[] echo = b.array().clone();
        echo[34] = 8; // an echo request is not
        assertThat(PortUnreachable.parse(echo)).isEmpty();
    }
}
