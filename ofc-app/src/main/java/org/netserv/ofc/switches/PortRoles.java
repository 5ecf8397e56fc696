package org.netserv.ofc.switches;

import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Switch ports that are part of the NetServ node itself rather than the network (a sidecar's port):
 * forwarding must not learn host addresses on them nor flood to them, or a bump in the wire would echo
 * broadcasts back into the network and make hosts appear where they are not.
 */
public interface PortRoles {
    /** Marks a port as infrastructure, with a reason for logs and REST (e.g. {@code "sidecar sc1"}). */
    void markInfrastructure(DatapathId dpid, OFPort port, String role);

    void unmark(DatapathId dpid, OFPort port);

    /** The role of an infrastructure port, or empty for an ordinary network port. */
    Optional<String> role(DatapathId dpid, OFPort port);
}
