package org.netserv.ofc.switches;

import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.DatapathId;

/** Switch lifecycle events. Every method has an empty default, so listeners override what they need. */
public interface SwitchListener {
    /** The handshake completed and the switch's flows are in sync with the controller. */
    default void switchReady(OfSwitch sw) {}

    /** The switch disconnected (and no newer connection with the same datapath id replaced it). */
    default void switchGone(DatapathId id) {}

    /** A port was added, removed or changed state. */
    default void portChanged(OfSwitch sw, OFPortStatus status) {}
}
