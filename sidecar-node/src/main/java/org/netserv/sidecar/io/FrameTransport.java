package org.netserv.sidecar.io;

import java.io.IOException;

/**
 * Moves raw Ethernet frames in batches between a data interface and a {@link FrameHandler}: the sidecar
 * is a bump in the wire, so what the handler forwards (and emits) goes back out the same interface.
 *
 * <p>One thread polls; {@link #setFilter} and {@link #close} may be called from others.
 */
public interface FrameTransport extends AutoCloseable {

    /**
     * Waits up to the transport's poll timeout for frames, hands each received frame to {@code handler}
     * in order, then sends every forwarded and emitted frame in one batch.
     *
     * @return the number of frames received (0 when the timeout passed without frames, also while the
     *     link is down)
     * @throws IOException only when the interface is gone (deleted) or the transport is closed
     */
    int poll(FrameHandler handler) throws IOException;

    /**
     * Restricts which frames this transport receives, in libpcap filter syntax (e.g.
     * {@code "udp and dst port 5060"}); {@code null} receives every frame. Frames this process sends never
     * come back to it. The filter sees a frame without its outer VLAN tag (so it matches tagged and
     * untagged traffic alike), and {@code vlan} primitives are refused because the kernel has already
     * taken the tag off. Frames queued before the change are still delivered: a bump in the wire must not
     * lose them.
     *
     * @throws IllegalArgumentException if the expression does not compile (message says why)
     */
    void setFilter(String pcapExpression) throws IOException;

    /** Frames received, sent and dropped by the transport itself (not by handlers) since it opened. */
    TransportStats stats();

    @Override
    void close();
}
