package org.netserv.ofc.signaling;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.projectfloodlight.openflow.types.IPv4Address;

/**
 * An ICMP destination-unreachable/port-unreachable message about a UDP datagram to the signaling port:
 * how the end host tells the last NetServ node on the path that nobody further on will answer (the
 * thesis' shortcut for last-node discovery). Reads what the message quotes of the original datagram.
 *
 * @param originalChecksum the UDP checksum of the original datagram: tells that very datagram from others of
 *     the same addresses and ports
 * @param quoted the start of the original UDP payload the host quoted (as much as it sent)
 */
public record PortUnreachable(IPv4Address from, IPv4Address originalSrc, IPv4Address originalDst, int originalSrcPort,
                              int originalDstPort, int originalChecksum, byte[] quoted) {

    /** Reads an ICMP type 3 code 3 frame quoting a UDP datagram; empty for anything else. */
    public static Optional<PortUnreachable> parse(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        int eth = UdpFrame.ETH;
        if (frame.length < eth + 20 + 8 + 20 + 8 || (b.getShort(12) & 0xffff) != 0x0800 || (b.get(eth + 9) & 0xff) != 1) {
            return Optional.empty();
        }
        int icmp = eth + (b.get(eth) & 0x0f) * 4;
        if ((b.get(icmp) & 0xff) != 3 || (b.get(icmp + 1) & 0xff) != 3) {
            return Optional.empty();
        }
        int inner = icmp + 8;
        int innerIhl = (b.get(inner) & 0x0f) * 4;
        if (innerIhl < 20 || (b.get(inner + 9) & 0xff) != 17 || inner + innerIhl + 8 > frame.length) {
            return Optional.empty();
        }
        int udp = inner + innerIhl;
        byte[] quoted = java.util.Arrays.copyOfRange(frame, udp + 8, frame.length);
        return Optional.of(new PortUnreachable(IPv4Address.of(b.getInt(eth + 12)), IPv4Address.of(b.getInt(inner + 12)),
                IPv4Address.of(b.getInt(inner + 16)), b.getShort(udp) & 0xffff, b.getShort(udp + 2) & 0xffff,
                b.getShort(udp + 6) & 0xffff, quoted));
    }
}
