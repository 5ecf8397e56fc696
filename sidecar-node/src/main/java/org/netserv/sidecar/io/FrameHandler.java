package org.netserv.sidecar.io;

import java.nio.ByteBuffer;

/** Decides the fate of each received frame. */
@FunctionalInterface
public interface FrameHandler {
    /** Returned to drop the frame. */
    int DROP = -1;

    /**
     * Called once per received frame, in order, on the polling thread.
     *
     * @param frame the frame, big-endian, position 0, limit = its length, capacity = the slot size (the
     *     largest frame the transport sends); it may be changed in place (zero copy: it is the receive
     *     buffer). Valid only during this call: keep a copy, never the buffer.
     * @param out where to emit additional frames, sent after this one
     * @return the number of bytes of {@code frame} to send back out (from index 0; 0 sends nothing), or
     *     {@link #DROP}; more than the capacity is an error
     * @throws RuntimeException a handler should not throw; if it does, frames already queued in this batch
     *     are still sent, the rest of the batch is dropped and counted, and the exception propagates
     *     out of {@link FrameTransport#poll}
     */
    int onFrame(ByteBuffer frame, FrameSink out);
}
