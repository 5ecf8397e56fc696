package org.netserv.sidecar.container;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.netserv.sidecar.io.FrameHandler;
import org.netserv.sidecar.io.FrameTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The packet thread: polls the transport with the container's handler until stopped. */
final class PacketLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PacketLoop.class);

    private final FrameTransport transport;
    private final FrameHandler handler;
    private final AtomicLong passes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PacketLoop(FrameTransport transport, FrameHandler handler, String name) {
        this.transport = transport;
        this.handler = handler;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Polls completed so far; lets lifecycle code wait until a batch in progress has finished. */
    long passes() {
        return passes.get();
    }

    @Override
    public void run() {
        while (running) {
            try {
                transport.poll(handler);
            } catch (IOException e) {
                if (running) {
                    log.error("packet I/O failed, no more frames will be processed: {}", e.getMessage());
                }
                running = false;
            } catch (RuntimeException e) {
                // A bug in the dispatcher (modules' own errors are contained there): the rest of that batch is
                // lost and counted by the transport, but the loop must go on.
                log.error("frame handling failed; the rest of that batch was dropped", e);
            }
            passes.incrementAndGet();
        }
    }

    void stop() {
        running = false;
        transport.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
