package org.netserv.sidecar.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Polls a transport on its own thread until closed, as the sidecar's packet loop does; records what the
 * handler threw and stops at the first {@link java.io.IOException}.
 */
final class Poller implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    Poller(FrameTransport transport, FrameHandler handler) {
        thread = new Thread(() -> {
            while (running) {
                try {
                    transport.poll(handler);
                } catch (java.io.IOException e) {
                    failures.add(e);
                    return;
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }, "poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** Bytes the polling thread has allocated on the heap so far. */
    long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(thread.getId());
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
