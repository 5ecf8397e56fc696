package org.netserv.topology.path;

import org.netserv.topology.Dpid;

/**
 * One switch on a path, with the port frames enter by and the port they must leave by: exactly what a
 * forwarding module installs on that switch (match {@code IN_PORT=inPort}, output {@code outPort}).
 *
 * @param dpid the switch
 * @param inPort where the path's frames arrive
 * @param outPort where they must be sent
 */
public record Hop(long dpid, int inPort, int outPort) {
    @Override
    public String toString() {
        return Dpid.toString(dpid) + "[" + Integer.toUnsignedString(inPort) + "->"
                + Integer.toUnsignedString(outPort) + "]";
    }
}
