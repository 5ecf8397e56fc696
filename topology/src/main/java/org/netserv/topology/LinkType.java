package org.netserv.topology;

/** How a link was discovered. */
public enum LinkType {
    /**
     * Seen by an LLDP probe (multicast 01:80:c2:00:00:0e, which 802.1D bridges never forward): the two
     * ports are wired to each other.
     */
    DIRECT,
    /**
     * Seen only by a broadcast (BDDP) probe: the two ports share a broadcast domain through switches
     * that are not under this controller.
     */
    BROADCAST_DOMAIN
}
