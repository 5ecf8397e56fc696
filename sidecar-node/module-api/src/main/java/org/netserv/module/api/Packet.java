package org.netserv.module.api;

import java.nio.ByteBuffer;

/**
 * One Ethernet frame with its headers parsed once by the container. Offsets are from the start of the
 * frame; values of absent layers read as -1 (ports, offsets) or 0 (addresses). IPv4 addresses are
 * returned as {@code int} in network order ({@code 10.0.0.1} is {@code 0x0A000001}); see {@link Ipv4}.
 *
 * <p>The frame is shared with the I/O layer (no copy): it is valid only during
 * {@link PacketModule#process}, and changes to {@link #frame()} are what is forwarded.
 */
public interface Packet {
    /**
     * The frame: big-endian, position 0, limit = {@link #length()}, capacity = the most it may grow to.
     * Write to it to change the frame in place.
     */
    ByteBuffer frame();

    int length();

    /** Changes the length of the frame to forward (after growing or shrinking it in place). */
    void setLength(int length);

    long dstMac();

    long srcMac();

    /** The EtherType after any VLAN tag, e.g. 0x0800 for IPv4. */
    int etherType();

    /** The VLAN id of an 802.1Q tag, or -1 for an untagged frame. */
    int vlanId();

    boolean isIpv4();

    int ipOffset();

    int srcIp();

    int dstIp();

    int ttl();

    /** The IP protocol number (6 TCP, 17 UDP), or -1. */
    int ipProtocol();

    boolean isTcp();

    boolean isUdp();

    int l4Offset();

    int srcPort();

    int dstPort();

    /** Where the TCP or UDP payload starts, or -1. */
    int payloadOffset();

    /** Bytes of TCP or UDP payload, 0 if none. */
    int payloadLength();
}
