package org.netserv.topology.host;

import java.util.Objects;
import java.util.OptionalInt;
import org.netserv.topology.MacAddresses;
import org.netserv.topology.SwitchPort;

/**
 * A host as learnt from its traffic: its MAC address, where it is attached, its IPv4 address when one was
 * seen, and when it was first and last seen (the caller's clock).
 *
 * @param mac the host's MAC address (48 bits)
 * @param attachment the switch port it sends from
 * @param ipv4 its last seen IPv4 address, as a 32-bit int
 * @param firstSeen when it was first learnt
 * @param lastSeen when it last sent a frame
 */
public record Host(long mac, SwitchPort attachment, OptionalInt ipv4, long firstSeen, long lastSeen) {
    public Host {
        Objects.requireNonNull(attachment, "attachment");
        Objects.requireNonNull(ipv4, "ipv4");
    }

    /** The IPv4 address as dotted text, or "" when none was seen. */
    public String ipv4Text() {
        if (ipv4.isEmpty()) {
            return "";
        }
        int a = ipv4.getAsInt();
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    @Override
    public String toString() {
        return MacAddresses.toString(mac) + (ipv4.isPresent() ? " " + ipv4Text() : "") + " at " + attachment;
    }
}
