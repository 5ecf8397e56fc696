package org.netserv.sidecar.io;

import java.nio.ByteBuffer;

/** Decides the fate of each received frame. */
@FunctionalInterface
public interface FrameHandler {
    /** Returned to drop the frame. */
    int DROP = -1;

    /**
     * @param frame the frame, big-endian, position 0, limit = its length, capacity = the largest frame the
     *     transport sends; it may be changed in place (zero copy: it is the receive buffer)
     * @param out where to emit additional frames, sent after this one
     * @return the number of bytes of {@code frame} to send back out (from index 0), or {@link #DROP}
     */
    int onFrame(ByteBuffer frame, FrameSink out);
}
