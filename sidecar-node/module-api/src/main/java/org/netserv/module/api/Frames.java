package org.netserv.module.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Building blocks for modules that write frames: replies and checksums. */
public final class Frames {
    private Frames() {}

    private static final int IPV4_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int MIN_FRAME = 60;

    /**
     * A UDP/IPv4 reply to {@code request}: MAC addresses, IP addresses and ports swapped, any VLAN tag
     * kept, TTL 64, the given payload, and both checksums computed. Typical for a responder answering on
     * behalf of a server:
     *
     * <pre>{@code
     * out.emit(Frames.udpReply(packet, ByteBuffer.wrap(answer)));
     * return Verdict.DROP;
     * }</pre>
     *
     * @param payload the reply's UDP payload, from its position to its limit (not consumed)
     * @return a new buffer, position 0, limit = the reply's length
     * @throws IllegalArgumentException if {@code request} is not UDP over IPv4
     */
    public static ByteBuffer udpReply(Packet request, ByteBuffer payload) {
        if (!request.isUdp() || !request.isIpv4()) {
            throw new IllegalArgumentException("udpReply needs a UDP/IPv4 request");
        }
        ByteBuffer in = request.frame();
        int l2 = request.ipOffset();
        int udpLength = UDP_HEADER + payload.remaining();
        int ipLength = IPV4_HEADER + udpLength;
        int length = Math.max(MIN_FRAME, l2 + ipLength);
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        // L2: destination and source swapped, then the rest of the L2 header (VLAN tag, EtherType).
        for (int i = 0; i < 6; i++) {
            out.put(i, in.get(6 + i));
            out.put(6 + i, in.get(i));
        }
        for (int i = 12; i < l2; i++) {
            out.put(i, in.get(i));
        }
        int ip = l2;
        out.put(ip, (byte) 0x45);
        out.put(ip + 1, in.get(request.ipOffset() + 1)); // keep DSCP/ECN
        out.putShort(ip + 2, (short) ipLength);
        out.putShort(ip + 4, in.getShort(request.ipOffset() + 4)); // identification: echo the request's
        out.putShort(ip + 6, (short) 0x4000); // don't fragment
        out.put(ip + 8, (byte) 64);
        out.put(ip + 9, (byte) 17);
        out.putInt(ip + 12, request.dstIp());
        out.putInt(ip + 16, request.srcIp());
        out.putShort(ip + 10, (short) ipv4Checksum(out, ip, IPV4_HEADER));
        int udp = ip + IPV4_HEADER;
        out.putShort(udp, (short) request.dstPort());
        out.putShort(udp + 2, (short) request.srcPort());
        out.putShort(udp + 4, (short) udpLength);
        for (int i = 0; i < payload.remaining(); i++) {
            out.put(udp + UDP_HEADER + i, payload.get(payload.position() + i));
        }
        out.putShort(udp + 6, (short) udpChecksum(out, ip, udp, udpLength));
        out.limit(length);
        return out;
    }

    /**
     * A UDP/IPv4 frame with valid checksums and TTL 64, padded to the Ethernet minimum; handy for module
     * unit tests and for modules that originate traffic.
     *
     * @param vlan an 802.1Q VLAN id to tag the frame with, or -1 for none
     * @return a new buffer, position 0, limit = the frame's length
     */
    public static ByteBuffer udp(long srcMac, long dstMac, int srcIp, int dstIp, int srcPort, int dstPort,
                                 byte[] payload, int vlan) {
        int l2 = vlan >= 0 ? 18 : 14;
        int length = Math.max(MIN_FRAME, l2 + IPV4_HEADER + UDP_HEADER + payload.length);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        b.putShort(0, (short) (dstMac >>> 32)).putInt(2, (int) dstMac);
        b.putShort(6, (short) (srcMac >>> 32)).putInt(8, (int) srcMac);
        if (vlan >= 0) {
            b.putShort(12, (short) 0x8100).putShort(14, (short) (vlan & 0x0fff));
        }
        b.putShort(l2 - 2, (short) 0x0800);
        int udpLength = UDP_HEADER + payload.length;
        b.put(l2, (byte) 0x45).putShort(l2 + 2, (short) (IPV4_HEADER + udpLength)).put(l2 + 8, (byte) 64)
                .put(l2 + 9, (byte) 17).putInt(l2 + 12, srcIp).putInt(l2 + 16, dstIp);
        b.putShort(l2 + 10, (short) ipv4Checksum(b, l2, IPV4_HEADER));
        int udp = l2 + IPV4_HEADER;
        b.putShort(udp, (short) srcPort).putShort(udp + 2, (short) dstPort).putShort(udp + 4, (short) udpLength);
        b.put(udp + UDP_HEADER, payload);
        b.putShort(udp + 6, (short) udpChecksum(b, l2, udp, udpLength));
        return b.limit(length);
    }

    /** The IPv4 header checksum of {@code length} bytes at {@code offset} (checksum field counted as is). */
    public static int ipv4Checksum(ByteBuffer frame, int offset, int length) {
        return fold(sum(frame, offset, length, 0));
    }

    /** The UDP checksum over the pseudo-header and {@code udpLength} bytes (checksum field read as 0). */
    public static int udpChecksum(ByteBuffer frame, int ipOffset, int udpOffset, int udpLength) {
        long s = 0;
        s += frame.getShort(ipOffset + 12) & 0xffff;
        s += frame.getShort(ipOffset + 14) & 0xffff;
        s += frame.getShort(ipOffset + 16) & 0xffff;
        s += frame.getShort(ipOffset + 18) & 0xffff;
        s += 17;
        s += udpLength;
        s = sum(frame, udpOffset, udpLength, s) - (frame.getShort(udpOffset + 6) & 0xffff);
        int c = fold(s);
        return c == 0 ? 0xffff : c; // 0 means "no checksum" in UDP
    }

    private static long sum(ByteBuffer b, int offset, int length, long s) {
        int i = 0;
        for (; i + 1 < length; i += 2) {
            s += b.getShort(offset + i) & 0xffff;
        }
        if (i < length) {
            s += (b.get(offset + i) & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }
}
