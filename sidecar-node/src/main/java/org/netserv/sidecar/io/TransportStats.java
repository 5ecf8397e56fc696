package org.netserv.sidecar.io;

/**
 * Counters of a transport.
 *
 * @param received frames received
 * @param sent frames sent (forwarded plus emitted)
 * @param sendErrors frames the kernel refused to send
 */
public record TransportStats(long received, long sent, long sendErrors) {}
