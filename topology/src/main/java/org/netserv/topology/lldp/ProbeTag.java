package org.netserv.topology.lldp;

/**
 * What the codec puts in its organisational TLV so a controller knows its own probes: the id of the
 * controller instance (pick a random one at start) and when the probe was sent (the caller's clock, for
 * measuring link latency). Probes from another controller, or LLDP from hosts and legacy switches, either
 * lack the TLV or carry another id.
 *
 * @param controllerId the sending controller instance
 * @param sentAt when the probe was built, in the sender's clock
 */
public record ProbeTag(long controllerId, long sentAt) {
}
