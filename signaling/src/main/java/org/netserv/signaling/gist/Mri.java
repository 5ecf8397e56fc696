package org.netserv.signaling.gist;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * The path-coupled Message Routing Information for IPv4 (RFC 5971 A.3.1.1): the flow the signaling is
 * about, whose path the signaling follows. A request travels {@code downstream} (from source to
 * destination); its response carries the same flow with {@link #upstream()} true.
 *
 * @param source the flow's source address (the requester)
 * @param destination the flow's destination (the end user the request was sent toward)
 * @param sourcePrefix 0-32, normally 32
 * @param destinationPrefix 0-32, normally 32
 * @param protocol the IP protocol number (P flag), or null
 * @param sourcePort (A flag), or null
 * @param destinationPort (B flag), or null
 * @param upstream the D flag: the message travels from destination toward source
 * @param nat the N flag (set by a NAT that changed the MRI); carried, never acted on
 */
public record Mri(Inet4Address source, Inet4Address destination, int sourcePrefix, int destinationPrefix,
                  Integer protocol, Integer sourcePort, Integer destinationPort, boolean upstream, boolean nat) {

    public Mri {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (sourcePrefix < 0 || sourcePrefix > 32 || destinationPrefix < 0 || destinationPrefix > 32) {
            throw new IllegalArgumentException("prefix lengths are 0-32");
        }
        if (protocol != null && (protocol < 0 || protocol > 255)) {
            throw new IllegalArgumentException("protocol is 0-255, got " + protocol);
        }
        checkPort(sourcePort);
        checkPort(destinationPort);
    }

    /** A downstream MRI for the flow from {@code source} to {@code destination}, addresses only. */
    public static Mri downstream(Inet4Address source, Inet4Address destination) {
        return new Mri(source, destination, 32, 32, null, null, null, false, false);
    }

    /** This MRI with the flow's protocol and destination port (either may be null). */
    public Mri withFlow(Integer protocolNumber, Integer dstPort) {
        return new Mri(source, destination, sourcePrefix, destinationPrefix, protocolNumber, sourcePort, dstPort,
                upstream, nat);
    }

    /** The same flow, for a message going the other way (the D flag flipped). */
    public Mri reversed() {
        return new Mri(source, destination, sourcePrefix, destinationPrefix, protocol, sourcePort, destinationPort,
                !upstream, nat);
    }

    private static void checkPort(Integer p) {
        if (p != null && (p < 0 || p > 65535)) {
            throw new IllegalArgumentException("ports are 0-65535, got " + p);
        }
    }
}
