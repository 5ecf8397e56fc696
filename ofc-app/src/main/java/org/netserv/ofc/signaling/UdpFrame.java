package org.netserv.ofc.signaling;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * An Ethernet frame carrying IPv4 and UDP (no VLAN tag, no IP options written), read from and written
 * to bytes without I/O: the signaling controller reads intercepted datagrams with it and builds the
 * ones it sends.
 *
 * @param ttl the IPv4 time to live
 */
public record UdpFrame(MacAddress srcMac, MacAddress dstMac, IPv4Address srcIp, IPv4Address dstIp, int ttl,
                       int srcPort, int dstPort, byte[] payload) {
    static final int ETH = 14;
    static final int IP = 20;
    static final int UDP = 8;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTO_UDP = 17;

    /** Reads a frame; empty if it is not an unfragmented IPv4 UDP datagram with consistent lengths. */
    public static Optional<UdpFrame> parse(byte[] frame) {
        if (frame.length < ETH + IP + UDP) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        if ((b.getShort(12) & 0xffff) != ETHERTYPE_IPV4) {
            return Optional.empty();
        }
        int vihl = b.get(ETH) & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        int totalLength = b.getShort(ETH + 2) & 0xffff;
        int fragment = b.getShort(ETH + 6) & 0x3fff; // more-fragments flag and offset
        if (vihl >> 4 != 4 || ihl < IP || (b.get(ETH + 9) & 0xff) != PROTO_UDP || fragment != 0
                || totalLength < ihl + UDP || ETH + totalLength > frame.length) {
            return Optional.empty();
        }
        int udp = ETH + ihl;
        int udpLength = b.getShort(udp + 4) & 0xffff;
        if (udpLength < UDP || udp + udpLength > ETH + totalLength) {
            return Optional.empty();
        }
        byte[] payload = new byte[udpLength - UDP];
        System.arraycopy(frame, udp + UDP, payload, 0, payload.length);
        return Optional.of(new UdpFrame(MacAddress.of(java.util.Arrays.copyOfRange(frame, 6, 12)),
                MacAddress.of(java.util.Arrays.copyOfRange(frame, 0, 6)), IPv4Address.of(b.getInt(ETH + 12)),
                IPv4Address.of(b.getInt(ETH + 16)), b.get(ETH + 8) & 0xff, b.getShort(udp) & 0xffff,
                b.getShort(udp + 2) & 0xffff, payload));
    }

    /** The frame's bytes, with IPv4 and UDP checksums. */
    public byte[] toBytes() {
        int total = IP + UDP + payload.length;
        ByteBuffer b = ByteBuffer.allocate(ETH + total);
        b.put(dstMac.getBytes()).put(srcMac.getBytes()).putShort((short) ETHERTYPE_IPV4);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0x4000) // DF
                .put((byte) ttl).put((byte) PROTO_UDP).putShort((short) 0).putInt(srcIp.getInt()).putInt(dstIp.getInt());
        b.putShort(ETH + 10, (short) checksum(b.array(), ETH, IP, 0));
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (UDP + payload.length)).putShort((short) 0)
                .put(payload);
        long pseudo = (srcIp.getInt() >>> 16) + (srcIp.getInt() & 0xffff) + (dstIp.getInt() >>> 16)
                + (dstIp.getInt() & 0xffff) + PROTO_UDP + UDP + payload.length;
        int sum = checksum(b.array(), ETH + IP, UDP + payload.length, pseudo);
        b.putShort(ETH + IP + 6, (short) (sum == 0 ? 0xffff : sum));
        return b.array();
    }

    /** The UDP checksum {@link #toBytes()} writes. */
    public int udpChecksum() {
        return udpChecksum(toBytes());
    }

    /** The UDP checksum in the bytes of a frame {@link #toBytes()} wrote. */
    static int udpChecksum(byte[] frame) {
        return ((frame[ETH + IP + 6] & 0xff) << 8) | (frame[ETH + IP + 7] & 0xff);
    }

    /** The same datagram with another payload (what a node forwards after adding itself). */
    public UdpFrame withPayload(byte[] newPayload) {
        return new UdpFrame(srcMac, dstMac, srcIp, dstIp, ttl, srcPort, dstPort, newPayload);
    }

    static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if ((length & 1) == 1) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpFrame f && srcMac.equals(f.srcMac) && dstMac.equals(f.dstMac) && srcIp.equals(f.srcIp)
                && dstIp.equals(f.dstIp) && ttl == f.ttl && srcPort == f.srcPort && dstPort == f.dstPort
                && java.util.Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(srcIp, dstIp, srcPort, dstPort, java.util.Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return srcIp + ":" + srcPort + " -> " + dstIp + ":" + dstPort + " (" + payload.length + " bytes)";
    }
}
