package org.netserv.ofc.sidecars;

import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/** The switch port a sidecar's data interface hangs off. */
public record Attachment(DatapathId dpid, OFPort port) {
    @Override
    public String toString() {
        return dpid + " port " + port.getPortNumber();
    }
}
