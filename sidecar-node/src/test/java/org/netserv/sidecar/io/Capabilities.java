package org.netserv.sidecar.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Drops a capability from the calling thread's effective set (Linux capabilities are per thread). */
final class Capabilities {
    private Capabilities() {}

    static void dropEffective(int capability) {
        try (Memory header = new Memory(8); Memory data = new Memory(24)) {
            header.setInt(0, TestLibC.LINUX_CAPABILITY_VERSION_3);
            header.setInt(4, 0); // this thread
            TestLibC.capget(Pointer.nativeValue(header), Pointer.nativeValue(data));
            int word = capability / 32 * 12; // struct { effective, permitted, inheritable } per 32 capabilities
            data.setInt(word, data.getInt(word) & ~(1 << (capability % 32)));
            TestLibC.capset(Pointer.nativeValue(header), Pointer.nativeValue(data));
        }
    }
}
