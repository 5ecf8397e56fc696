package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The far end of the wire in transport tests: a raw socket on the veth end inside the test's network
 * namespace, made by switching this thread into the namespace just for the socket call ({@code setns}),
 * which binds the socket there for good. It sends and receives one frame per call and puts stripped VLAN
 * tags back with code of its own, so the transport is checked against something other than itself.
 * Frames it sends come back to its own socket as outgoing; it skips them by their packet type.
 */
final class NetnsPeer implements AutoCloseable {
    private static final int PACKET_OUTGOING = 4;
    private final int fd;
    private final Memory out = new Memory(65536);
    private final Memory in = new Memory(65536);
    private final Memory msg = new Memory(56);
    private final Memory iov = new Memory(16);
    private final Memory name = new Memory(32);
    private final Memory control = new Memory(128);

    NetnsPeer(String ns, String iface) throws IOException {
        int self = TestLibC.open("/proc/thread-self/ns/net", TestLibC.O_RDONLY | TestLibC.O_CLOEXEC);
        int target = TestLibC.open("/run/netns/" + ns, TestLibC.O_RDONLY | TestLibC.O_CLOEXEC);
        TestLibC.setns(target, TestLibC.CLONE_NEWNET);
        try {
            fd = open(iface);
        } finally {
            try {
                TestLibC.setns(self, TestLibC.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw new AssertionError("this test thread is stuck in namespace " + ns, e);
            }
            LibC.close(self);
            LibC.close(target);
        }
        iov.setPointer(0, in);
        iov.setLong(8, in.size());
    }

    private static int open(String iface) throws IOException {
        int index = LibC.if_nametoindex(iface);
        if (index == 0) {
            throw new IOException("no " + iface + " in the namespace");
        }
        int s = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW, LibC.ETH_P_ALL_BE);
        try (Memory opt = new Memory(16); Memory addr = new Memory(20)) {
            opt.setInt(0, 1);
            LibC.setsockopt(s, LibC.SOL_PACKET, LibC.PACKET_AUXDATA, Pointer.nativeValue(opt), 4);
            opt.setInt(0, 4 << 20);
            LibC.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_RCVBUF, Pointer.nativeValue(opt), 4);
            opt.setLong(0, 0);
            opt.setLong(8, 20_000); // 20 ms receive timeout
            LibC.setsockopt(s, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, Pointer.nativeValue(opt), 16);
            addr.clear();
            addr.setShort(0, (short) LibC.AF_PACKET);
            addr.setShort(2, (short) LibC.ETH_P_ALL_BE);
            addr.setInt(4, index);
            LibC.bind(s, Pointer.nativeValue(addr), 20);
        }
        return s;
    }

    void send(byte[] frame) {
        out.write(0, frame, 0, frame.length);
        long n = LibC.send(fd, Pointer.nativeValue(out), frame.length, 0);
        if (n != frame.length) {
            throw new AssertionError("peer sent " + n + " of " + frame.length + " bytes");
        }
    }

    void sendAll(List<byte[]> frames) {
        frames.forEach(this::send);
    }

    /** The next frame from the wire, tag put back; {@code null} after 20 ms without one. */
    byte[] receiveOne() {
        while (true) {
            msg.clear();
            msg.setPointer(0, name);
            msg.setInt(8, (int) name.size());
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            msg.setPointer(32, control);
            msg.setLong(40, control.size());
            int n;
            try {
                n = TestLibC.recvmsg(fd, Pointer.nativeValue(msg), 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                    return null;
                }
                throw e;
            }
            if ((name.getByte(10) & 0xff) == PACKET_OUTGOING) {
                continue; // our own send
            }
            return withTag(in.getByteArray(0, n));
        }
    }

    private byte[] withTag(byte[] frame) {
        if (msg.getLong(40) < 36 || control.getInt(8) != LibC.SOL_PACKET || control.getInt(12) != LibC.PACKET_AUXDATA) {
            return frame;
        }
        int status = control.getInt(16);
        if ((status & 0x10) == 0) {
            return frame;
        }
        int tci = control.getShort(32) & 0xffff;
        int tpid = (status & 0x40) != 0 ? control.getShort(34) & 0xffff : 0x8100;
        ByteBuffer b = ByteBuffer.allocate(frame.length + 4);
        b.put(frame, 0, 12).putShort((short) tpid).putShort((short) tci).put(frame, 12, frame.length - 12);
        return b.array();
    }

    /** Frames received until {@code count} have come or {@code max} has passed. */
    List<byte[]> receive(int count, Duration max) {
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            byte[] f = receiveOne();
            if (f != null) {
                got.add(f);
            }
        }
        return got;
    }

    /** Everything that arrives within {@code window}. */
    List<byte[]> receiveFor(Duration window) {
        return receive(Integer.MAX_VALUE, window);
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
