package org.netserv.signaling.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The frame the OFC uses to find the switch port each sidecar hangs off. The OFC sends one out of every
 * port of a switch (broadcast, with an experimental EtherType no host reacts to); a sidecar, being a bump
 * in the wire, sends it straight back after writing its own data-interface MAC as the source. The switch
 * punts the reply to the OFC, which believes it only if it came back in on the very port recorded in the
 * frame (so a probe that wandered elsewhere proves nothing).
 *
 * <pre>
 * ff:ff:ff:ff:ff:ff | src MAC (OFC's, replaced by the sidecar's) | 0x88B5 | "NSPR" | dpid (8) | port (4)
 * </pre>
 */
public final class PortProbe {
    private PortProbe() {}

    /** IEEE local experimental EtherType 1. */
    public static final int ETHER_TYPE = 0x88B5;
    /** A locally administered address the OFC sends probes from. */
    public static final byte[] OFC_MAC = {0x02, 0x4e, 0x53, 0x00, 0x00, 0x01};
    private static final byte[] MAGIC = "NSPR".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_FRAME = 60;
    private static final int SRC_MAC = 6;

    /** What a probe that came back says: who answered, and where the probe had been sent. */
    public record Reply(byte[] responderMac, long dpid, int port) {}

    public static byte[] build(long dpid, int port) {
        ByteBuffer b = ByteBuffer.allocate(MIN_FRAME);
        for (int i = 0; i < 6; i++) {
            b.put((byte) 0xff);
        }
        b.put(OFC_MAC).putShort((short) ETHER_TYPE).put(MAGIC).putLong(dpid).putInt(port);
        return b.array();
    }

    /** Whether a frame (position 0 to limit) is a probe; does not move the buffer's position. */
    public static boolean isProbe(ByteBuffer frame) {
        if (frame.limit() < 30 || (frame.getShort(12) & 0xffff) != ETHER_TYPE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (frame.get(14 + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The sidecar's part: writes its MAC into a probe as the source, in place. */
    public static void answer(ByteBuffer probe, byte[] ownMac) {
        for (int i = 0; i < 6; i++) {
            probe.put(SRC_MAC + i, ownMac[i]);
        }
    }

    /** Reads a probe that a sidecar answered; empty for any other frame, or a probe nobody answered. */
    public static Optional<Reply> parse(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (!isProbe(b)) {
            return Optional.empty();
        }
        byte[] src = new byte[6];
        b.position(SRC_MAC);
        b.get(src);
        if (java.util.Arrays.equals(src, OFC_MAC)) {
            return Optional.empty();
        }
        return Optional.of(new Reply(src, b.getLong(18), b.getInt(26)));
    }
}
