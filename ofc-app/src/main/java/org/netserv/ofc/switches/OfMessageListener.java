package org.netserv.ofc.switches;

import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Receives OpenFlow messages of one type from ready switches, on the switch's I/O thread: return quickly
 * and hand slow work to another thread.
 */
@FunctionalInterface
public interface OfMessageListener {
    ListenerResult receive(OfSwitch sw, OFMessage message);
}
