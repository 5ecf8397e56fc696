package org.netserv.module.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The container's {@link Packet}: parses Ethernet (with one optional 802.1Q tag), IPv4, TCP and UDP once
 * per frame, without allocating. Module developers use it in unit tests:
 *
 * <pre>{@code
 * Packet p = ParsedPacket.of(ByteBuffer.wrap(frameBytes));
 * assertEquals(Verdict.FORWARD, module.process(p, frames -> {}));
 * }</pre>
 */
public final class ParsedPacket implements Packet {
    private static final int ETH_HEADER = 14;
    private static final int VLAN_TAG = 4;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_IPV4 = 0x0800;
    private static final int UDP_HEADER = 8;
    private static final int TCP_MIN_HEADER = 20;

    private ByteBuffer frame;
    private int length;
    private int etherType;
    private int vlanId;
    private int ipOffset;
    private int ipProtocol;
    private int l4Offset;
    private int payloadOffset;
    private int payloadLength;

    /** A parser to be reused with {@link #wrap}. */
    public ParsedPacket() {}

    /** Parses the frame from position 0 to its limit (a big-endian view is taken). */
    public static ParsedPacket of(ByteBuffer frame) {
        ParsedPacket p = new ParsedPacket();
        p.wrap(frame.duplicate().order(ByteOrder.BIG_ENDIAN), frame.limit());
        return p;
    }

    /**
     * Points this parser at a new frame of {@code length} bytes starting at index 0 of {@code frame}
     * (which must be big-endian) and parses it. Malformed or truncated headers simply end parsing at the
     * last complete layer.
     */
    public void wrap(ByteBuffer frame, int length) {
        this.frame = frame;
        setLength(length);
    }

    @Override
    public ByteBuffer frame() {
        return frame;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || length > frame.capacity()) {
            throw new IllegalArgumentException("frame length " + length + " outside 0.." + frame.capacity());
        }
        this.length = length;
        frame.clear().limit(length);
        parse();
    }

    private void parse() {
        etherType = -1;
        vlanId = -1;
        ipOffset = -1;
        ipProtocol = -1;
        l4Offset = -1;
        payloadOffset = -1;
        payloadLength = 0;
        if (length < ETH_HEADER) {
            return;
        }
        int l3 = ETH_HEADER;
        etherType = u16(12);
        if (etherType == ETH_VLAN) {
            if (length < ETH_HEADER + VLAN_TAG) {
                etherType = -1;
                return;
            }
            vlanId = u16(14) & 0x0fff;
            etherType = u16(16);
            l3 += VLAN_TAG;
        }
        if (etherType != ETH_IPV4 || length < l3 + 20 || (frame.get(l3) & 0xf0) != 0x40) {
            return;
        }
        int ihl = (frame.get(l3) & 0x0f) * 4;
        int total = u16(l3 + 2);
        if (ihl < 20 || length < l3 + ihl) {
            return;
        }
        ipOffset = l3;
        ipProtocol = frame.get(l3 + 9) & 0xff;
        int end = Math.min(length, l3 + Math.max(total, ihl)); // ignore Ethernet padding after the datagram
        boolean firstFragment = (u16(l3 + 6) & 0x1fff) == 0;
        int l4 = l3 + ihl;
        if (!firstFragment) {
            return; // later fragments carry no L4 header
        }
        if (ipProtocol == 17 && end >= l4 + UDP_HEADER) {
            l4Offset = l4;
            payloadOffset = l4 + UDP_HEADER;
        } else if (ipProtocol == 6 && end >= l4 + TCP_MIN_HEADER) {
            int dataOffset = ((frame.get(l4 + 12) & 0xf0) >> 4) * 4;
            if (dataOffset >= TCP_MIN_HEADER && end >= l4 + dataOffset) {
                l4Offset = l4;
                payloadOffset = l4 + dataOffset;
            }
        }
        if (payloadOffset >= 0) {
            payloadLength = end - payloadOffset;
        }
    }

    private int u16(int at) {
        return frame.getShort(at) & 0xffff;
    }

    private long mac(int at) {
        return ((long) u16(at) << 32) | (frame.getInt(at + 2) & 0xffffffffL);
    }

    @Override
    public long dstMac() {
        return length >= ETH_HEADER ? mac(0) : 0;
    }

    @Override
    public long srcMac() {
        return length >= ETH_HEADER ? mac(6) : 0;
    }

    @Override
    public int etherType() {
        return etherType;
    }

    @Override
    public int vlanId() {
        return vlanId;
    }

    @Override
    public boolean isIpv4() {
        return ipOffset >= 0;
    }

    @Override
    public int ipOffset() {
        return ipOffset;
    }

    @Override
    public int srcIp() {
        return ipOffset >= 0 ? frame.getInt(ipOffset + 12) : 0;
    }

    @Override
    public int dstIp() {
        return ipOffset >= 0 ? frame.getInt(ipOffset + 16) : 0;
    }

    @Override
    public int ttl() {
        return ipOffset >= 0 ? frame.get(ipOffset + 8) & 0xff : -1;
    }

    @Override
    public int ipProtocol() {
        return ipProtocol;
    }

    @Override
    public boolean isTcp() {
        return l4Offset >= 0 && ipProtocol == 6;
    }

    @Override
    public boolean isUdp() {
        return l4Offset >= 0 && ipProtocol == 17;
    }

    @Override
    public int l4Offset() {
        return l4Offset;
    }

    @Override
    public int srcPort() {
        return l4Offset >= 0 ? u16(l4Offset) : -1;
    }

    @Override
    public int dstPort() {
        return l4Offset >= 0 ? u16(l4Offset + 2) : -1;
    }

    @Override
    public int payloadOffset() {
        return payloadOffset;
    }

    @Override
    public int payloadLength() {
        return payloadLength;
    }
}
