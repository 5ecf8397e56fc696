package org.netserv.module.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds UDP and TCP test frames. */
final class TestFrames {
    private TestFrames() {}

    static ByteBuffer udp(int srcIp, int dstIp, int srcPort, int dstPort, String payload, int vlan) {
        byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
        int l2 = vlan >= 0 ? 18 : 14;
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, l2 + 28 + data.length));
        b.put(0, new byte[] {0, 0, 0, 0, 0, 2});
        b.put(6, new byte[] {0, 0, 0, 0, 0, 1});
        int ip = l2;
        if (vlan >= 0) {
            b.putShort(12, (short) 0x8100).putShort(14, (short) vlan).putShort(16, (short) 0x0800);
        } else {
            b.putShort(12, (short) 0x0800);
        }
        b.put(ip, (byte) 0x45).putShort(ip + 2, (short) (28 + data.length)).put(ip + 8, (byte) 63)
                .put(ip + 9, (byte) 17).putInt(ip + 12, srcIp).putInt(ip + 16, dstIp);
        b.putShort(ip + 10, (short) Frames.ipv4Checksum(b, ip, 20));
        b.putShort(ip + 20, (short) srcPort).putShort(ip + 22, (short) dstPort)
                .putShort(ip + 24, (short) (8 + data.length));
        b.put(ip + 28, data);
        b.putShort(ip + 26, (short) Frames.udpChecksum(b, ip, ip + 20, 8 + data.length));
        return b.limit(Math.max(60, l2 + 28 + data.length));
    }
}
