package org.netserv.sidecar.io;

import java.io.IOException;

/** Opens the transport for a data interface. */
public final class Transports {
    private Transports() {}

    /**
     * An AF_PACKET transport on {@code interfaceName} with default options, receiving only what
     * {@code initialFilter} selects from the first frame on ({@code null}: everything).
     */
    public static FrameTransport open(String interfaceName, String initialFilter) throws IOException {
        return AfPacketTransport.open(interfaceName, AfPacketTransport.Options.defaults(), initialFilter);
    }
}
