package org.netserv.sidecar.io;

/**
 * The counters of an {@link AfPacketTransport}, beyond the {@link TransportStats} every transport has.
 *
 * @param received frames the socket received (handed to the handler or counted in {@code unfit})
 * @param sent frames the kernel accepted to send (forwarded plus emitted)
 * @param sendErrors frames the kernel refused to send (e.g. {@code ENOBUFS} when the interface's queue is
 *     full, {@code EMSGSIZE} for a frame over the MTU); each is lost, the rest of the batch still goes
 * @param partialSends {@code sendmmsg} calls that sent only part of what they were given (the rest was
 *     retried; the frame that stopped the call usually shows up in {@code sendErrors})
 * @param unfit frames dropped because they do not fit a slot (larger than the slot size, or than the
 *     slot size once their VLAN tag is put back)
 * @param unhandled frames of a batch dropped because the handler threw on an earlier frame of it
 * @param receiveErrors transient errors reported by the receive call (an earlier partial send's error is
 *     reported there once); polling goes on
 * @param kernelDrops frames the kernel dropped because the socket's receive buffer was full (the poll
 *     loop did not keep up), from {@code PACKET_STATISTICS} as of this call
 */
public record AfPacketStats(long received, long sent, long sendErrors, long partialSends, long unfit,
                            long unhandled, long receiveErrors, long kernelDrops) {}
