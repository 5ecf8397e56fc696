package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Ethernet frames on one interface through an AF_PACKET socket, in batches: {@code recvmmsg} fills up
 * to {@code batch} slots of native memory, the handler sees each slot through a big-endian
 * {@link ByteBuffer} view (no copy), and one {@code sendmmsg} sends the forwarded frames straight from
 * their receive slots plus the emitted ones from send slots. Nothing is allocated per frame.
 *
 * <p>The socket ignores outgoing frames ({@code PACKET_IGNORE_OUTGOING}), so several processes, each with
 * its own socket and kernel filter on the same interface, never see each other's sends. The kernel strips
 * 802.1Q tags into metadata on many paths; they are put back from {@code PACKET_AUXDATA} so handlers
 * always see a tagged frame as tagged. Polls block at most the poll timeout ({@code SO_RCVTIMEO}; a thread
 * in {@code recvmmsg} ignores interrupts).
 */
public final class AfPacketTransport implements FrameTransport {

    /**
     * @param batch frames per system call
     * @param slotSize the largest frame (2048 for a 1500-byte MTU with a VLAN tag; 9216 for jumbo frames)
     * @param pollTimeoutMs how long a poll waits for the first frame
     * @param promiscuous receive frames for any MAC (a bump in the wire must)
     * @param socketBufferBytes kernel receive and send buffer size
     */
    public record Options(int batch, int slotSize, int pollTimeoutMs, boolean promiscuous, int socketBufferBytes) {
        public static Options defaults() {
            return new Options(64, 2048, 100, true, 4 << 20);
        }
    }

    private static final int HEADROOM = 4;          // room to put a stripped VLAN tag back
    private static final int MMSG = 64;             // sizeof(struct mmsghdr)
    private static final int IOV = 16;              // sizeof(struct iovec)
    private static final int CTRL = 64;             // room for one PACKET_AUXDATA control message
    private static final int MSG_TRUNC = 0x20;
    private static final int TP_STATUS_VLAN_VALID = 0x10;
    private static final int TP_STATUS_VLAN_TPID_VALID = 0x40;
    private static final int ETH_VLAN = 0x8100;

    private final String iface;
    private final Options o;
    private final int fd;
    private final int stride;
    private final Memory rxSlots;
    private final Memory rxIov;
    private final Memory rxHdr;
    private final Memory rxCtrl;
    private final ByteBuffer[] tagged;   // views from a slot's start (frame with a VLAN tag put back)
    private final ByteBuffer[] plain;    // views after the headroom (frame as received)
    private final Memory txSlots;
    private final ByteBuffer[] txViews;
    private final Memory txIov;
    private final Memory txHdr;
    private final int txMax;
    private final byte[] macs = new byte[12];
    private final Sink sink;
    private int txCount;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final Object io = new Object();
    private volatile boolean closed;

    private AfPacketTransport(String iface, Options o, int fd) {
        this.iface = iface;
        this.o = o;
        this.fd = fd;
        this.stride = (o.slotSize() + HEADROOM + 63) & ~63;
        this.rxSlots = new Memory((long) stride * o.batch());
        this.rxIov = new Memory((long) IOV * o.batch());
        this.rxHdr = new Memory((long) MMSG * o.batch());
        this.rxCtrl = new Memory((long) CTRL * o.batch());
        rxHdr.clear();
        this.tagged = new ByteBuffer[o.batch()];
        this.plain = new ByteBuffer[o.batch()];
        for (int i = 0; i < o.batch(); i++) {
            long slot = (long) i * stride;
            // getByteBuffer gives native byte order; network headers are big-endian
            tagged[i] = rxSlots.getByteBuffer(slot, stride).order(ByteOrder.BIG_ENDIAN);
            plain[i] = rxSlots.getByteBuffer(slot + HEADROOM, stride - HEADROOM).order(ByteOrder.BIG_ENDIAN);
            rxIov.setPointer((long) i * IOV, rxSlots.share(slot + HEADROOM));
            long h = (long) i * MMSG;
            rxHdr.setPointer(h + 16, rxIov.share((long) i * IOV)); // msg_iov
            rxHdr.setLong(h + 24, 1);                               // msg_iovlen
            rxHdr.setPointer(h + 32, rxCtrl.share((long) i * CTRL)); // msg_control
        }
        this.txMax = o.batch() * 2;
        this.txSlots = new Memory((long) o.slotSize() * o.batch());
        this.txViews = new ByteBuffer[o.batch()];
        for (int i = 0; i < o.batch(); i++) {
            txViews[i] = txSlots.getByteBuffer((long) i * o.slotSize(), o.slotSize()).order(ByteOrder.BIG_ENDIAN);
        }
        this.txIov = new Memory((long) IOV * txMax);
        this.txHdr = new Memory((long) MMSG * txMax);
        txHdr.clear();
        for (int j = 0; j < txMax; j++) {
            txHdr.setPointer((long) j * MMSG + 16, txIov.share((long) j * IOV));
            txHdr.setLong((long) j * MMSG + 24, 1);
        }
        this.sink = new Sink();
    }

    /**
     * Opens a raw socket on {@code iface}. The initial filter is attached before the socket is bound, so
     * not one frame outside it is ever received ({@code null}: every frame).
     *
     * @throws IOException if the interface does not exist or raw sockets are not permitted
     * @throws IllegalArgumentException if the filter does not compile
     */
    public static AfPacketTransport open(String iface, Options options, String initialFilter) throws IOException {
        int index = LibC.if_nametoindex(iface);
        if (index == 0) {
            throw new IOException("no such interface: " + iface);
        }
        int fd;
        try {
            fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW, 0); // protocol 0: nothing arrives before bind
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw socket (needs root or CAP_NET_RAW): " + e.getMessage());
        }
        try (Memory opt = new Memory(16); Memory addr = new Memory(20); Memory mreq = new Memory(16)) {
            setInt(fd, LibC.SOL_PACKET, LibC.PACKET_IGNORE_OUTGOING, 1, opt);
            setInt(fd, LibC.SOL_PACKET, LibC.PACKET_AUXDATA, 1, opt);
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, options.socketBufferBytes(), opt);
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, options.socketBufferBytes(), opt);
            opt.setLong(0, options.pollTimeoutMs() / 1000);               // struct timeval
            opt.setLong(8, (options.pollTimeoutMs() % 1000) * 1000L);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, Pointer.nativeValue(opt), 16);
            if (options.promiscuous()) {
                mreq.clear();
                mreq.setInt(0, index);
                mreq.setShort(4, (short) LibC.PACKET_MR_PROMISC);
                LibC.setsockopt(fd, LibC.SOL_PACKET, LibC.PACKET_ADD_MEMBERSHIP, Pointer.nativeValue(mreq), 16);
            }
            PcapFilter.attach(fd, initialFilter);
            addr.clear();
            addr.setShort(0, (short) LibC.AF_PACKET);    // sll_family
            addr.setShort(2, (short) LibC.ETH_P_ALL_BE); // sll_protocol, network order
            addr.setInt(4, index);                        // sll_ifindex
            LibC.bind(fd, Pointer.nativeValue(addr), 20);
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw new IOException("cannot set up a raw socket on " + iface + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
        return new AfPacketTransport(iface, options, fd);
    }

    private static void setInt(int fd, int level, int name, int value, Memory scratch) {
        scratch.setInt(0, value);
        LibC.setsockopt(fd, level, name, Pointer.nativeValue(scratch), 4);
    }

    @Override
    public int poll(FrameHandler handler) throws IOException {
        synchronized (io) {
            if (closed) {
                throw new IOException("transport on " + iface + " is closed");
            }
            for (int i = 0; i < o.batch(); i++) {
                rxIov.setLong((long) i * IOV + 8, stride - HEADROOM);  // iov_len, overwritten by nothing but reset anyway
                rxHdr.setLong((long) i * MMSG + 40, CTRL);             // msg_controllen, set by the kernel
            }
            int n;
            try {
                n = LibC.recvmmsg(fd, Pointer.nativeValue(rxHdr), o.batch(), LibC.MSG_WAITFORONE, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                    return 0;
                }
                throw new IOException("receiving on " + iface + " failed: " + e.getMessage());
            }
            txCount = 0;
            sink.reset();
            for (int i = 0; i < n; i++) {
                handle(i, handler);
            }
            flush();
            received.addAndGet(n);
            return n;
        }
    }

    private void handle(int i, FrameHandler handler) {
        long h = (long) i * MMSG;
        int len = rxHdr.getInt(h + 56);
        if ((rxHdr.getInt(h + 48) & MSG_TRUNC) != 0 || len <= 0) {
            return; // larger than a slot: cannot be sent on whole
        }
        ByteBuffer frame = plain[i];
        long slot = (long) i * stride;
        long start = slot + HEADROOM;
        long vlan = strippedVlan(i);
        if (vlan >= 0 && len >= 12) {
            rxSlots.read(slot + HEADROOM, macs, 0, 12);
            rxSlots.write(slot, macs, 0, 12);
            rxSlots.setShort(slot + 12, Short.reverseBytes((short) (vlan >>> 16))); // Memory is native order
            rxSlots.setShort(slot + 14, Short.reverseBytes((short) vlan));
            frame = tagged[i];
            start = slot;
            len += 4;
        }
        frame.clear().limit(len);
        int keep = handler.onFrame(frame, sink);
        if (keep > 0) {
            queue(Pointer.nativeValue(rxSlots) + start, Math.min(keep, frame.capacity()));
        }
        sink.release(); // what this frame emitted leaves after it
    }

    /** The stripped tag of slot i as {@code tpid << 16 | tci}, or -1 if the frame came untagged. */
    private long strippedVlan(int i) {
        long h = (long) i * MMSG;
        long ctrlLen = rxHdr.getLong(h + 40);
        long c = (long) i * CTRL;
        if (ctrlLen < 16 + 20 || rxCtrl.getInt(c + 8) != LibC.SOL_PACKET || rxCtrl.getInt(c + 12) != LibC.PACKET_AUXDATA) {
            return -1;
        }
        int status = rxCtrl.getInt(c + 16);
        if ((status & TP_STATUS_VLAN_VALID) == 0) {
            return -1;
        }
        int tci = rxCtrl.getShort(c + 16 + 16) & 0xffff;
        int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? rxCtrl.getShort(c + 16 + 18) & 0xffff : ETH_VLAN;
        return ((long) tpid << 16) | tci;
    }

    private void queue(long address, int length) {
        if (txCount == txMax) {
            flush();
        }
        long v = (long) txCount * IOV;
        txIov.setLong(v, address);
        txIov.setLong(v + 8, length);
        txCount++;
    }

    private void flush() {
        int done = 0;
        int ok = 0;
        while (done < txCount) {
            try {
                int k = LibC.sendmmsg(fd, Pointer.nativeValue(txHdr) + (long) done * MMSG, txCount - done, 0);
                if (k <= 0) {
                    sendErrors.incrementAndGet();
                    done++;
                } else {
                    done += k;
                    ok += k;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    sendErrors.incrementAndGet(); // e.g. ENOBUFS: the frame is lost, go on with the next
                    done++;
                }
            }
        }
        sent.addAndGet(ok);
        txCount = 0;
    }

    /**
     * Copies emitted frames into send slots and holds them until the frame being handled is queued, so
     * they leave after it. If the slots run out, what is queued is sent and the held frames move to the
     * front of the pool.
     */
    private final class Sink implements FrameSink {
        private final int[] lengths = new int[txViews.length];
        private int first;  // slot of the first held frame
        private int held;

        @Override
        public void emit(ByteBuffer f) {
            int len = f.remaining();
            if (len < 14 || len > o.slotSize()) {
                throw new IllegalArgumentException("emitted frame of " + len + " bytes (14.." + o.slotSize() + ")");
            }
            if (held == txViews.length) {
                throw new IllegalArgumentException("more than " + held + " frames emitted for one frame");
            }
            if (first + held == txViews.length) {
                flush();
                for (int k = 0; k < held; k++) {
                    ByteBuffer from = txViews[first + k].duplicate();
                    from.clear().limit(lengths[k]);
                    txViews[k].clear();
                    txViews[k].put(from);
                }
                first = 0;
            }
            ByteBuffer slot = txViews[first + held];
            slot.clear();
            slot.put(f.duplicate());
            lengths[held++] = len;
        }

        /** Queues the held frames behind the current one. */
        void release() {
            for (int k = 0; k < held; k++) {
                queue(Pointer.nativeValue(txSlots) + (long) (first + k) * o.slotSize(), lengths[k]);
            }
            first += held;
            held = 0;
        }

        void reset() {
            first = 0;
            held = 0;
        }
    }

    @Override
    public void setFilter(String pcapExpression) throws IOException {
        if (closed) {
            throw new IOException("transport on " + iface + " is closed");
        }
        try {
            PcapFilter.attach(fd, pcapExpression);
        } catch (LastErrorException e) {
            throw new IOException("cannot set the filter on " + iface + ": " + e.getMessage());
        }
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(received.get(), sent.get(), sendErrors.get());
    }

    public String interfaceName() {
        return iface;
    }

    /** Closes the socket once a poll in progress has returned (within the poll timeout). */
    @Override
    public void close() {
        closed = true;
        synchronized (io) {
            if (fd >= 0) {
                LibC.close(fd);
            }
            rxSlots.close();
            rxIov.close();
            rxHdr.close();
            rxCtrl.close();
            txSlots.close();
            txIov.close();
            txHdr.close();
        }
    }
}
