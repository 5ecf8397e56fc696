package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The libc calls of the packet path, bound with JNA direct mapping ({@link Native#register}): pointers are
 * passed as {@code long} addresses and nothing is allocated per call, which keeps a Java loop as fast as
 * the same loop in C. JNA's {@code Library} interface mapping was measured ~2x slower and makes garbage on
 * every call; it is only used for libpcap ({@link PcapFilter}), which is called once per filter change.
 *
 * <p>Constants are the x86-64/aarch64 Linux values (the only platforms AF_PACKET exists on that we run).
 */
final class LibC {
    private LibC() {}

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL)
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_ATTACH_FILTER = 26;
    static final int SO_DETACH_FILTER = 27;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_MR_PROMISC = 1;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_AUXDATA = 8;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_WAITFORONE = 0x10000;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOTSOCK = 88;
    static final int ENETDOWN = 100;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, long addr, int len) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, long value, int len) throws LastErrorException;

    /** {@code optlen} is the address of a {@code socklen_t} (in and out). */
    static native int getsockopt(int fd, int level, int name, long value, long optlen) throws LastErrorException;

    static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout) throws LastErrorException;

    static native int sendmmsg(int fd, long msgvec, int vlen, int flags) throws LastErrorException;

    static native long send(int fd, long buf, long len, int flags) throws LastErrorException;

    static native int close(int fd);

    /** 0 if there is no such interface (in the calling thread's network namespace). */
    static native int if_nametoindex(String name);
}
