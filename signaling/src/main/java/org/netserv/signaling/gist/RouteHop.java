package org.netserv.signaling.gist;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of a {@link RouteRecord}: where a request was, and how to reach that place on the way back.
 *
 * @param address the IPv4 address of the hop (0.0.0.0 if it has none on the data path)
 * @param port the UDP port signaling reaches it on (the requester's own socket port for the origin; 270, or
 *     0 if none, for a node)
 * @param id the requester's name (origin) or the node id, 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'
 */
public record RouteHop(Inet4Address address, int port, String id) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:./_-]{0,63}");

    public RouteHop {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port is 0-65535, got " + port);
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("hop id '" + id + "' must be 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'");
        }
    }

    /** Bytes on the wire: address, port, id length, id, zero padding to 4 bytes. */
    int wireLength() {
        return (7 + id.getBytes(StandardCharsets.US_ASCII).length + 3) & ~3;
    }

    static boolean validId(String id) {
        return ID.matcher(id).matches();
    }
}
