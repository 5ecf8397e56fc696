package org.netserv.ofc.switches;

import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Where forwarding has seen a host: the port of a switch behind which a MAC address lives. Used by
 * modules that send frames of their own toward a host (the signaling controller re-injecting requests).
 */
public interface HostLocator {
    /** The port of {@code dpid} towards {@code mac}, if forwarding has learned it. */
    Optional<OFPort> portOf(DatapathId dpid, MacAddress mac);

    /** The ports of {@code dpid} a flood goes to when the host is unknown (network ports but {@code except}). */
    java.util.List<OFPort> floodPorts(DatapathId dpid, OFPort except);
}
