package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;

/**
 * The {@code iovec}s and {@code mmsghdr}s of one {@code sendmmsg}: each entry points at a frame anywhere
 * in native memory (a receive slot for a forwarded frame, so it is sent without a copy, or a send slot
 * for an emitted one). Headers are set up once; queuing a frame writes one iovec.
 */
final class SendBatch {
    private static final int MMSG = 64;
    private static final int IOV = 16;

    private final int capacity;
    private final ByteBuffer iovecs;
    private final ByteBuffer headers; // kept reachable: the kernel reads it through headersAddress
    private final long headersAddress;
    private int count;

    SendBatch(int capacity) {
        this.capacity = capacity;
        this.iovecs = NativeBuffers.allocate((long) IOV * capacity);
        this.headers = NativeBuffers.allocate((long) MMSG * capacity);
        this.headersAddress = NativeBuffers.address(headers);
        long iovecsAddress = NativeBuffers.address(iovecs);
        for (int j = 0; j < capacity; j++) {
            headers.putLong(j * MMSG + 16, iovecsAddress + (long) j * IOV); // msg_iov
            headers.putLong(j * MMSG + 24, 1);                              // msg_iovlen
        }
    }

    boolean isFull() {
        return count == capacity;
    }

    void add(long address, int length) {
        int v = count * IOV;
        iovecs.putLong(v, address);
        iovecs.putLong(v + 8, length);
        count++;
    }

    /**
     * Sends every queued frame, as few calls as the kernel allows. A frame the kernel refuses is counted
     * and skipped; if the interface is gone, the rest are counted as errors at once.
     */
    void flush(int fd, Counters counters) {
        int done = 0;
        while (done < count) {
            int want = count - done;
            int k;
            try {
                k = LibC.sendmmsg(fd, headersAddress + (long) done * MMSG, want, 0);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == LibC.EINTR) {
                    continue;
                }
                int lost = interfaceGone(errno) ? want : 1;
                counters.sendErrors.addAndGet(lost);
                done += lost;
                continue;
            }
            if (k <= 0) { // not expected from Linux; never loop forever on it
                counters.sendErrors.incrementAndGet();
                done++;
                continue;
            }
            if (k < want) {
                counters.partialSends.incrementAndGet();
            }
            counters.sent.addAndGet(k);
            done += k;
        }
        count = 0;
    }

    /** Forgets what is queued (the batch is abandoned). */
    void clear() {
        count = 0;
    }

    private static boolean interfaceGone(int errno) {
        return errno == LibC.ENETDOWN || errno == LibC.ENXIO || errno == LibC.ENODEV || errno == LibC.EBADF;
    }
}
