package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Raw Ethernet frames on one interface through an AF_PACKET socket, in batches: one {@code recvmmsg} fills
 * up to {@code batch} slots of native memory, the handler sees each slot through a big-endian
 * {@link ByteBuffer} view (no copy), and one {@code sendmmsg} sends the forwarded frames straight from their
 * receive slots and the emitted ones from send slots. Nothing is allocated per frame, and the system calls
 * are bound with JNA direct mapping ({@link LibC}): together that keeps the loop as fast as the same loop
 * in C.
 *
 * <ul>
 *   <li><b>Several sockets on one interface.</b> The socket ignores outgoing frames
 *       ({@code PACKET_IGNORE_OUTGOING}): it receives only what arrives from the wire, never a frame sent by
 *       itself or by another local socket. So several processes, each with its own socket and kernel
 *       filter, share an interface without seeing each other's sends.
 *   <li><b>Filters</b> are compiled by libpcap and run in the kernel ({@link PcapFilter}): a frame outside
 *       the filter is never copied to this process. The initial filter is in place before the socket is
 *       bound. A filter changed later applies to frames arriving from then on; frames already queued
 *       (at most one socket buffer) are still delivered, rather than drained as libpcap does, because a
 *       bump in the wire that drains loses them.
 *   <li><b>VLAN tags.</b> The kernel removes the outermost 802.1Q/802.1ad tag of every received frame into
 *       metadata before packet sockets see it, whatever the driver's VLAN offload settings. The transport
 *       puts it back from {@code PACKET_AUXDATA} ({@link ReceiveBatch}): handlers see, and forwarded frames
 *       carry, the tag as it was on the wire. (Kernel filters see the frame without its outer tag: see
 *       {@link PcapFilter}.)
 *   <li><b>Polling</b> blocks at most the poll timeout ({@code SO_RCVTIMEO}): a thread in {@code recvmmsg}
 *       ignores interrupts, and {@link #close} waits for the poll in progress. When the link goes down,
 *       polls return 0 until it is up again; when the interface is removed, a poll throws within one poll
 *       timeout.
 *   <li><b>Handler exceptions</b> propagate out of {@link #poll} after the frames handled before are sent;
 *       the rest of the batch is dropped and counted ({@link AfPacketStats#unhandled}).
 * </ul>
 *
 * <p>One thread polls; {@link #setFilter}, {@link #stats}, {@link #counters} and {@link #close} may be
 * called from any thread (also from a handler). A frame view is valid only during its handler call.
 */
public final class AfPacketTransport implements FrameTransport {

    /**
     * @param batch frames per system call (1..1024, the kernel's limit for one recvmmsg)
     * @param slotSize the largest frame, VLAN tag included: 2048 covers a 1500-byte MTU, {@link #JUMBO_SLOT}
     *     a 9000-byte one; larger frames are dropped and counted ({@link AfPacketStats#unfit})
     * @param pollTimeoutMs how long a poll waits for the first frame (1..60000)
     * @param promiscuous receive frames addressed to any MAC address (a bump in the wire must)
     * @param socketBufferBytes kernel receive and send buffer size; 0 keeps the system's default
     */
    public record Options(int batch, int slotSize, int pollTimeoutMs, boolean promiscuous, int socketBufferBytes) {
        /** A 9000-byte MTU plus Ethernet header and one VLAN tag. */
        public static final int JUMBO_SLOT = 9018;

        public Options {
            check(batch, 1, 1024, "batch");
            check(slotSize, 64, 65536, "slotSize");
            check(pollTimeoutMs, 1, 60_000, "pollTimeoutMs");
            check(socketBufferBytes, 0, Integer.MAX_VALUE, "socketBufferBytes");
        }

        /** Batches of 64, 2048-byte slots, 100 ms poll timeout, promiscuous, 4 MiB socket buffers. */
        public static Options defaults() {
            return new Options(64, 2048, 100, true, 4 << 20);
        }

        public Options withBatch(int n) {
            return new Options(n, slotSize, pollTimeoutMs, promiscuous, socketBufferBytes);
        }

        public Options withSlotSize(int bytes) {
            return new Options(batch, bytes, pollTimeoutMs, promiscuous, socketBufferBytes);
        }

        public Options withPollTimeoutMs(int ms) {
            return new Options(batch, slotSize, ms, promiscuous, socketBufferBytes);
        }

        public Options withPromiscuous(boolean on) {
            return new Options(batch, slotSize, pollTimeoutMs, on, socketBufferBytes);
        }

        public Options withSocketBufferBytes(int bytes) {
            return new Options(batch, slotSize, pollTimeoutMs, promiscuous, bytes);
        }

        private static void check(int value, int min, int max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
            }
        }
    }

    private final String iface;
    private final int ifindex;
    private final Options options;
    private final int fd;
    private final ReceiveBatch rx;
    private final SendBatch tx;
    private final EmitSlots sink;
    private final Counters counters = new Counters();
    private final ByteBuffer statistics = NativeBuffers.allocate(16); // struct tpacket_stats + socklen_t
    private final Object io = new Object();        // held by a poll
    private final Object lifecycle = new Object(); // keeps the descriptor open while it is used
    private volatile boolean closing;
    private boolean released;

    private AfPacketTransport(String iface, int ifindex, Options options, int fd) {
        this.iface = iface;
        this.ifindex = ifindex;
        this.options = options;
        this.fd = fd;
        this.rx = new ReceiveBatch(options.batch(), options.slotSize());
        this.tx = new SendBatch(options.batch() * 2);
        this.sink = new EmitSlots(options.batch(), options.slotSize(), tx, () -> tx.flush(fd, counters));
    }

    /** {@link #open(String, Options, String)} receiving every frame. */
    public static AfPacketTransport open(String iface, Options options) throws IOException {
        return open(iface, options, null);
    }

    /**
     * Opens a raw socket on {@code iface} that receives only what {@code initialFilter} selects, from the
     * first frame on ({@code null}: every frame).
     *
     * @throws IOException "no such interface: X", or why the socket could not be set up (without root or
     *     CAP_NET_RAW the message says so)
     * @throws IllegalArgumentException if the filter does not compile (with libpcap's reason)
     */
    public static AfPacketTransport open(String iface, Options options, String initialFilter) throws IOException {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(options, "options");
        int index = LibC.if_nametoindex(iface);
        if (index == 0) {
            throw new IOException("no such interface: " + iface);
        }
        int fd = AfPacketSocket.open(iface, index, options, initialFilter);
        return new AfPacketTransport(iface, index, options, fd);
    }

    @Override
    public int poll(FrameHandler handler) throws IOException {
        synchronized (io) {
            if (closing) {
                throw new IOException("transport on " + iface + " is closed");
            }
            try {
                rx.prepare();
                int n;
                try {
                    n = LibC.recvmmsg(fd, rx.headersAddress(), rx.size(), LibC.MSG_WAITFORONE, 0);
                } catch (LastErrorException e) {
                    return receiveFailed(e);
                }
                counters.received.addAndGet(n);
                handleAll(n, handler);
                return n;
            } finally {
                if (closing) {
                    release();
                }
            }
        }
    }

    private void handleAll(int n, FrameHandler handler) {
        int i = 0;
        try {
            for (; i < n; i++) {
                handle(i, handler);
            }
        } catch (RuntimeException | Error e) {
            sink.discard();
            counters.unhandled.addAndGet(n - i - 1);
            throw e;
        } finally {
            tx.flush(fd, counters);
            sink.reset();
        }
    }

    private void handle(int i, FrameHandler handler) {
        ByteBuffer frame = rx.frame(i);
        if (frame == null) {
            counters.unfit.incrementAndGet();
            return;
        }
        int keep = handler.onFrame(frame, sink);
        if (keep > frame.capacity()) {
            throw new IllegalArgumentException("handler returned " + keep + " for a frame buffer of "
                    + frame.capacity() + " bytes");
        }
        if (keep > 0) {
            sink.queue(rx.address(i, frame), keep);
        }
        sink.release(); // what the handler emitted leaves right after the frame
    }

    /** A receive error: the poll returns 0, unless the socket or the interface is gone. */
    private int receiveFailed(LastErrorException e) throws IOException {
        int errno = e.getErrorCode();
        if (errno == LibC.EAGAIN || errno == LibC.EINTR || errno == LibC.ENETDOWN) {
            // timeout, signal, or link down (the socket receives again once the link is up)
            if (LibC.if_nametoindex(iface) != ifindex) {
                throw new IOException("interface " + iface + " was removed");
            }
            return 0;
        }
        if (errno == LibC.EBADF || errno == LibC.ENOTSOCK || errno == LibC.EFAULT || errno == LibC.EINVAL) {
            throw new IOException("receiving on " + iface + " failed: " + AfPacketSocket.describe(e));
        }
        counters.receiveErrors.incrementAndGet(); // e.g. ENOBUFS left by a partial sendmmsg: reported once
        return 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Atomic: the kernel swaps the old program for the new one. If the expression does not compile the
     * old filter stays.
     */
    @Override
    public void setFilter(String pcapExpression) throws IOException {
        synchronized (lifecycle) {
            if (closing) {
                throw new IOException("transport on " + iface + " is closed");
            }
            try {
                PcapFilter.attach(fd, pcapExpression);
            } catch (LastErrorException e) {
                throw new IOException("cannot set the filter on " + iface + ": " + AfPacketSocket.describe(e));
            }
        }
    }

    @Override
    public TransportStats stats() {
        return counters.stats();
    }

    /** All counters, with the kernel's receive-buffer drops read now. */
    public AfPacketStats counters() {
        synchronized (lifecycle) {
            if (!released) {
                readKernelDrops();
            }
        }
        return counters.detailed();
    }

    /** Reading PACKET_STATISTICS resets the kernel's counters, so they are added up here. */
    private void readKernelDrops() {
        long at = NativeBuffers.address(statistics);
        statistics.putInt(8, 8);
        try {
            LibC.getsockopt(fd, LibC.SOL_PACKET, LibC.PACKET_STATISTICS, at, at + 8);
            counters.kernelDrops.addAndGet(statistics.getInt(4) & 0xffffffffL);
        } catch (LastErrorException e) {
            // counters are best effort; the socket's state is reported by poll
        }
    }

    public String interfaceName() {
        return iface;
    }

    public Options options() {
        return options;
    }

    /**
     * Closes the socket once a poll in progress has returned (within the poll timeout). Called from a
     * handler, it returns at once and the socket closes when the batch has been sent. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (Thread.holdsLock(io)) {
            return;
        }
        synchronized (io) {
            release();
        }
    }

    private void release() {
        synchronized (lifecycle) {
            if (!released) {
                released = true;
                LibC.close(fd);
            }
        }
    }
}
