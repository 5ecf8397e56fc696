package org.netserv.sidecar.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The other end of the wire in transport tests: injects frames and collects what comes back. */
final class RawPeer implements AutoCloseable {
    private final AfPacketTransport capture;
    private final int sendFd;
    private final Memory buf = new Memory(2048);
    final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    RawPeer(String iface) throws IOException {
        capture = AfPacketTransport.open(iface, new AfPacketTransport.Options(64, 2048, 20, true, 1 << 20), null);
        sendFd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW, 0);
        try (Memory addr = new Memory(20)) {
            addr.clear();
            addr.setShort(0, (short) LibC.AF_PACKET);
            addr.setInt(4, LibC.if_nametoindex(iface));
            LibC.bind(sendFd, Pointer.nativeValue(addr), 20);
        }
        thread = new Thread(() -> {
            while (running) {
                try {
                    capture.poll((frame, out) -> {
                        byte[] b = new byte[frame.remaining()];
                        frame.get(b);
                        received.add(b);
                        return FrameHandler.DROP;
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }, "peer-" + iface);
        thread.start();
    }

    void send(byte[] frame) {
        buf.write(0, frame, 0, frame.length);
        LibC.send(sendFd, Pointer.nativeValue(buf), frame.length, 0);
    }

    void send(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.duplicate().get(b);
        send(b);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
        capture.close();
        LibC.close(sendFd);
        buf.close();
    }
}
