package org.netserv.topology.discovery;

/** What {@link LinkDiscovery#onProbe} made of a received probe. */
public enum ProbeVerdict {
    /** A link was added, refreshed or changed type (the events say which). */
    ACCEPTED,
    /** BDDP over a link LLDP has already shown to be direct: the direct link is kept alive by LLDP only. */
    SUPERSEDED,
    /** Not our probe: no controller tag, or another controller's. */
    FOREIGN,
    /** From a switch or port the graph does not know, or one that is down. */
    UNKNOWN_SOURCE,
    /** Received on a switch or port the graph does not know, or one that is down. */
    UNKNOWN_RECEIVER,
    /** Came back on the very port it left. */
    LOOPBACK;

    /** True when the probe was this controller's own, even if it did not change the graph. */
    public boolean isOwnProbe() {
        return this != FOREIGN;
    }
}
