package org.netserv.sidecar.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counters of a transport: written by the polling thread once per batch (not per frame), read
 * by any thread.
 */
final class Counters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong partialSends = new AtomicLong();
    final AtomicLong unfit = new AtomicLong();
    final AtomicLong unhandled = new AtomicLong();
    final AtomicLong receiveErrors = new AtomicLong();
    final AtomicLong kernelDrops = new AtomicLong();

    TransportStats stats() {
        return new TransportStats(received.get(), sent.get(), sendErrors.get());
    }

    AfPacketStats detailed() {
        return new AfPacketStats(received.get(), sent.get(), sendErrors.get(), partialSends.get(), unfit.get(),
                unhandled.get(), receiveErrors.get(), kernelDrops.get());
    }
}
