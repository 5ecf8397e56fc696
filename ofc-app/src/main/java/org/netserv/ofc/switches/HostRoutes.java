package org.netserv.ofc.switches;

import java.util.List;
import java.util.Optional;
import org.netserv.topology.Link;
import org.netserv.topology.path.Path;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Shortest paths to hosts across the switches, from the topology module: forwarding installs one entry per
 * switch of the path instead of learning on every switch. Without the topology module {@link #NONE} knows
 * no host, and forwarding learns per switch as a plain L2 switch does.
 */
public interface HostRoutes {
    /**
     * The path a frame that entered {@code dpid} on {@code inPort} takes to the host {@code dst}: one hop per
     * switch, the last one out of the host's port. Empty when the host is unknown or unreachable from
     * {@code dpid}. {@code flowHash} picks among equal-cost paths, so that a fat tree's links share the load
     * while one flow always takes the same path.
     */
    Optional<Path> toHost(DatapathId dpid, OFPort inPort, MacAddress dst, long flowHash);

    /** Tells {@code listener} of changes that invalidate installed paths. */
    void addListener(Listener listener);

    /**
     * What makes installed paths stale. Called on the thread that saw the change (a PacketIn's, a port
     * status's or the probe timer's), outside the topology's lock, before that thread goes on: no blocking.
     */
    interface Listener {
        /** Links (directed) that went away: a cable unplugged, a port down, a probe timeout, a switch gone. */
        default void linksRemoved(List<Link> links) {}

        /** A host moved to another port, or was forgotten: paths towards it lead to the wrong place. */
        default void hostChanged(MacAddress mac) {}
    }

    /** No topology: no host is known. */
    HostRoutes NONE = new HostRoutes() {
        @Override
        public Optional<Path> toHost(DatapathId dpid, OFPort inPort, MacAddress dst, long flowHash) {
            return Optional.empty();
        }

        @Override
        public void addListener(Listener listener) {}
    };
}
