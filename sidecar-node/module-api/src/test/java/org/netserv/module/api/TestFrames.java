package org.netserv.module.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds UDP and TCP test frames. */
final class TestFrames {
    private TestFrames() {}

    static ByteBuffer udp(int srcIp, int dstIp, int srcPort, int dstPort, String payload, int vlan) {
        ByteBuffer b = Frames.udp(1, 2, srcIp, dstIp, srcPort, dstPort,
                payload.getBytes(StandardCharsets.US_ASCII), vlan);
        int ip = vlan >= 0 ? 18 : 14;
        b.put(ip + 8, (byte) 63); // a TTL other than the builder's, so tests see it was parsed
        b.putShort(ip + 10, (short) 0);
        b.putShort(ip + 10, (short) Frames.ipv4Checksum(b, ip, 20));
        return b;
    }
}
