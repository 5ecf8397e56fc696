package org.netserv.module.api;

import java.nio.ByteBuffer;

/** Sends new frames out of the sidecar's data interface, e.g. a reply on behalf of a server. */
public interface Emitter {
    /**
     * Queues a copy of the frame between {@code frame.position()} and {@code frame.limit()}.
     *
     * @throws IllegalArgumentException if the frame is shorter than an Ethernet header or longer than the
     *     interface allows
     */
    void emit(ByteBuffer frame);
}
