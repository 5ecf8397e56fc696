package org.netserv.sidecar.io;

import java.io.IOException;

/** Opens the transport for a data interface. */
public final class Transports {
    private Transports() {}

    /** An AF_PACKET transport on {@code interfaceName}, with default options. */
    public static FrameTransport open(String interfaceName) throws IOException {
        throw new IOException("raw packet I/O is not available yet (interface " + interfaceName + ")");
    }
}
