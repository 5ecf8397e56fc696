package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Opens and configures the AF_PACKET socket of an {@link AfPacketTransport}, and turns errno values into
 * messages that say what to do.
 *
 * <p>The order matters: the socket is created with protocol 0, so it receives nothing until it is bound;
 * the initial filter is attached before the bind, so not one frame outside it is ever received.
 */
final class AfPacketSocket {
    private AfPacketSocket() {}

    /**
     * @return the socket's file descriptor
     * @throws IOException if raw sockets are not permitted or a socket option is refused
     * @throws IllegalArgumentException if the filter does not compile
     */
    static int open(String iface, int ifindex, AfPacketTransport.Options o, String filter) throws IOException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw socket for " + iface + ": " + describe(e));
        }
        try {
            ByteBuffer scratch = NativeBuffers.allocate(32);
            long at = NativeBuffers.address(scratch);
            // Frames sent on the interface by any local socket (ours and other processes') are not ours.
            setInt(fd, LibC.SOL_PACKET, LibC.PACKET_IGNORE_OUTGOING, 1, scratch, at);
            // Tells us about the VLAN tag the kernel removed from a received frame.
            setInt(fd, LibC.SOL_PACKET, LibC.PACKET_AUXDATA, 1, scratch, at);
            if (o.socketBufferBytes() > 0) {
                setBuffer(fd, LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, o.socketBufferBytes(), scratch, at);
                setBuffer(fd, LibC.SO_SNDBUFFORCE, LibC.SO_SNDBUF, o.socketBufferBytes(), scratch, at);
            }
            // A thread blocked in recvmmsg ignores interrupts: the timeout is what lets close() get in.
            scratch.putLong(0, o.pollTimeoutMs() / 1000);             // struct timeval: tv_sec
            scratch.putLong(8, (o.pollTimeoutMs() % 1000) * 1000L);   // tv_usec
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, at, 16);
            if (o.promiscuous()) { // struct packet_mreq; dropped by the kernel when the socket closes
                scratch.putLong(0, 0).putLong(8, 0);
                scratch.putInt(0, ifindex);
                scratch.putShort(4, (short) LibC.PACKET_MR_PROMISC);
                LibC.setsockopt(fd, LibC.SOL_PACKET, LibC.PACKET_ADD_MEMBERSHIP, at, 16);
            }
            PcapFilter.attach(fd, filter);
            scratch.putLong(0, 0).putLong(8, 0).putLong(16, 0);    // struct sockaddr_ll
            scratch.putShort(0, (short) LibC.AF_PACKET);
            scratch.putShort(2, (short) LibC.ETH_P_ALL_BE);          // sll_protocol, network order
            scratch.putInt(4, ifindex);
            LibC.bind(fd, at, 20);
            return fd;
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new IOException("cannot set up a raw socket on " + iface + ": " + describe(e));
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /** The system's text for an error, its number, and a hint where there is one. */
    static String describe(LastErrorException e) {
        int errno = e.getErrorCode();
        String text = String.valueOf(e.getMessage()).replaceFirst("^\\[\\d+\\] ", "") + " (errno " + errno + ")";
        if (errno == LibC.EPERM || errno == LibC.EACCES) {
            return text + "; raw sockets need root or CAP_NET_RAW";
        }
        return text;
    }

    private static void setInt(int fd, int level, int name, int value, ByteBuffer scratch, long at) {
        scratch.putInt(0, value);
        LibC.setsockopt(fd, level, name, at, 4);
    }

    /** The forcing option passes net.core.[rw]mem_max (it needs CAP_NET_ADMIN); else the capped one. */
    private static void setBuffer(int fd, int force, int plain, int bytes, ByteBuffer scratch, long at) {
        try {
            setInt(fd, LibC.SOL_SOCKET, force, bytes, scratch, at);
        } catch (LastErrorException e) {
            setInt(fd, LibC.SOL_SOCKET, plain, bytes, scratch, at);
        }
    }
}
