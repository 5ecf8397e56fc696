package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** libc calls only the tests need: namespaces, capabilities, one frame at a time. */
final class TestLibC {
    private TestLibC() {}

    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int CAP_NET_RAW = 13;
    static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int recvmsg(int fd, long msghdr, int flags) throws LastErrorException;

    static native int capget(long header, long data) throws LastErrorException;

    static native int capset(long header, long data) throws LastErrorException;
}
