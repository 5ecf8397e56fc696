package org.netserv.sidecar.io;

import java.nio.ByteBuffer;

/** Queues extra frames to send in the current batch. */
@FunctionalInterface
public interface FrameSink {
    /**
     * Copies the bytes between the frame's position and limit into the send batch (the buffer's position is
     * not moved). One received frame may emit at most one batch's worth of frames.
     *
     * @throws IllegalArgumentException if the frame is shorter than 14 bytes or longer than the slot size
     */
    void emit(ByteBuffer frame);
}
