package org.netserv.sidecar.io;

import java.nio.ByteBuffer;
import java.util.Random;
import org.netserv.module.api.Frames;
import org.netserv.module.api.Ipv4;

/** Frames the transport tests send: UDP/IPv4 of an exact size, tagged or not, with a recognisable payload. */
final class WireFrames {
    private WireFrames() {}

    static final long PEER_MAC = 0x0200000000aaL;
    static final long OTHER_MAC = 0x0200000000bbL;

    /** An untagged UDP frame of exactly {@code size} bytes (at least 60) to {@code dstPort}. */
    static byte[] udp(int dstPort, int size, int seq) {
        return udp(dstPort, size, seq, -1);
    }

    /** A UDP frame of exactly {@code size} bytes, 802.1Q-tagged with {@code vlan} unless it is -1. */
    static byte[] udp(int dstPort, int size, int seq, int vlan) {
        int headers = (vlan >= 0 ? 18 : 14) + 20 + 8;
        byte[] payload = new byte[Math.max(0, size - headers)];
        new Random(seq).nextBytes(payload);
        ByteBuffer f = Frames.udp(PEER_MAC, OTHER_MAC, Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"),
                4000 + seq % 1000, dstPort, payload, vlan);
        byte[] b = new byte[f.remaining()];
        f.get(b);
        if (b.length != Math.max(60, size)) {
            throw new IllegalStateException("built " + b.length + " bytes for " + size);
        }
        return b;
    }

    /** {@code frame} with an outer tag {@code tpid}/{@code tci} inserted after the MAC addresses. */
    static byte[] tagged(byte[] frame, int tpid, int tci) {
        ByteBuffer b = ByteBuffer.allocate(frame.length + 4);
        b.put(frame, 0, 12).putShort((short) tpid).putShort((short) tci).put(frame, 12, frame.length - 12);
        return b.array();
    }

    /** UDP destination port of an untagged or single-tagged IPv4 frame. */
    static int dstPort(ByteBuffer frame) {
        int l3 = (frame.getShort(12) & 0xffff) == 0x8100 || (frame.getShort(12) & 0xffff) == 0x88a8 ? 18 : 14;
        return frame.getShort(l3 + 22) & 0xffff;
    }

    static byte[] copy(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.duplicate().get(b);
        return b;
    }
}
