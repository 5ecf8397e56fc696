package org.netserv.sidecar.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A transport over queues, for tests and for running modules without a network: frames are
 * {@link #inject injected} and whatever the handler forwards or emits is collected in {@link #sent}.
 * Filters are not applied (tests choose what they inject).
 */
public final class InMemoryTransport implements FrameTransport {
    public static final int SLOT = 2048;

    private final Deque<byte[]> incoming = new ArrayDeque<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final int batch;
    private long received;
    private long sentCount;
    private volatile String filter;
    private volatile boolean closed;

    public InMemoryTransport() {
        this(64);
    }

    public InMemoryTransport(int batch) {
        this.batch = batch;
    }

    public synchronized void inject(byte[] frame) {
        incoming.add(frame.clone());
        notifyAll();
    }

    /** Frames sent so far, oldest first; the list is cleared. */
    public synchronized List<byte[]> takeSent() {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    public String filter() {
        return filter;
    }

    @Override
    public synchronized int poll(FrameHandler handler) {
        if (incoming.isEmpty() && !closed) {
            try {
                wait(TimeUnit.MILLISECONDS.toMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        int n = 0;
        List<byte[]> batchOut = new ArrayList<>();
        while (n < batch && !incoming.isEmpty()) {
            byte[] in = incoming.poll();
            ByteBuffer slot = ByteBuffer.allocate(SLOT).order(ByteOrder.BIG_ENDIAN);
            slot.put(in).flip();
            List<byte[]> emitted = new ArrayList<>();
            int keep = handler.onFrame(slot, f -> emitted.add(copy(f)));
            if (keep >= 0) {
                batchOut.add(Arrays.copyOf(slot.array(), keep));
            }
            batchOut.addAll(emitted);
            n++;
        }
        received += n;
        sentCount += batchOut.size();
        sent.addAll(batchOut);
        return n;
    }

    private static byte[] copy(ByteBuffer f) {
        if (f.remaining() < 14 || f.remaining() > SLOT) {
            throw new IllegalArgumentException("emitted frame of " + f.remaining() + " bytes (14.." + SLOT + ")");
        }
        byte[] b = new byte[f.remaining()];
        f.duplicate().get(b);
        return b;
    }

    @Override
    public void setFilter(String pcapExpression) {
        this.filter = pcapExpression;
    }

    @Override
    public synchronized TransportStats stats() {
        return new TransportStats(received, sentCount, 0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
