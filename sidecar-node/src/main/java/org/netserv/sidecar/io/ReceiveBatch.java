package org.netserv.sidecar.io;

import java.nio.ByteBuffer;

/**
 * The memory of one {@code recvmmsg}: a slot per frame, with its {@code iovec}, {@code mmsghdr} and a
 * control buffer for {@code PACKET_AUXDATA}, all set up once; and a big-endian view of each slot for the
 * handler.
 *
 * <p>Each slot starts with 4 bytes of headroom. The kernel removes the outermost 802.1Q/802.1ad tag of
 * every received frame into metadata before packet sockets see it (in {@code __netif_receive_skb_core},
 * whatever the driver's VLAN offload settings); when the auxiliary data says a tag was removed, the
 * destination and source MAC addresses move 4 bytes forward into the headroom and the tag is written back
 * between them and the EtherType. The handler thus sees the frame as it was on the wire, and a forwarded
 * frame leaves with its tag, without a copy.
 *
 * <p>Layouts (64-bit Linux): {@code struct mmsghdr} is 64 bytes with {@code msg_iov} at 16,
 * {@code msg_control} at 32, {@code msg_controllen} at 40, {@code msg_flags} at 48 and {@code msg_len} at
 * 56; {@code struct iovec} is 16 bytes; a control message has its level at 8, type at 12, data at 16;
 * {@code struct tpacket_auxdata} has {@code tp_status} at 0, {@code tp_vlan_tci} at 16 and
 * {@code tp_vlan_tpid} at 18.
 */
final class ReceiveBatch {
    static final int HEADROOM = 4;
    private static final int MMSG = 64;
    private static final int IOV = 16;
    private static final int CTRL = 64;   // CMSG_SPACE(sizeof(struct tpacket_auxdata)) = 40, rounded up
    private static final int AUX = 16;    // CMSG_DATA offset
    private static final int TP_STATUS_VLAN_VALID = 0x10;
    private static final int TP_STATUS_VLAN_TPID_VALID = 0x40;
    private static final short ETH_P_8021Q = (short) 0x8100;

    private final int size;
    private final int slotSize;
    private final int stride;
    private final ByteBuffer slots;
    private final ByteBuffer headers;
    private final ByteBuffer iovecs;
    private final ByteBuffer control;
    private final long slotsAddress;
    private final long headersAddress;
    private final ByteBuffer[] asReceived; // views after the headroom: the frame as the kernel gave it
    private final ByteBuffer[] withTag;    // views from the slot's start: the frame with its tag put back

    ReceiveBatch(int size, int slotSize) {
        this.size = size;
        this.slotSize = slotSize;
        this.stride = (slotSize + HEADROOM + 63) & ~63;
        this.slots = NativeBuffers.allocate((long) stride * size);
        this.headers = NativeBuffers.allocate((long) MMSG * size);
        this.iovecs = NativeBuffers.allocate((long) IOV * size);
        this.control = NativeBuffers.allocate((long) CTRL * size);
        this.slotsAddress = NativeBuffers.address(slots);
        this.headersAddress = NativeBuffers.address(headers);
        long iovecsAddress = NativeBuffers.address(iovecs);
        long controlAddress = NativeBuffers.address(control);
        this.asReceived = new ByteBuffer[size];
        this.withTag = new ByteBuffer[size];
        for (int i = 0; i < size; i++) {
            asReceived[i] = NativeBuffers.frameView(slots, i * stride + HEADROOM, slotSize);
            withTag[i] = NativeBuffers.frameView(slots, i * stride, slotSize);
            iovecs.putLong(i * IOV, slotsAddress + (long) i * stride + HEADROOM);
            headers.putLong(i * MMSG + 16, iovecsAddress + (long) i * IOV); // msg_iov
            headers.putLong(i * MMSG + 24, 1);                              // msg_iovlen
            headers.putLong(i * MMSG + 32, controlAddress + (long) i * CTRL); // msg_control
        }
    }

    int size() {
        return size;
    }

    long headersAddress() {
        return headersAddress;
    }

    /** Resets what the kernel changes in the headers (and the iovec lengths) before each recvmmsg. */
    void prepare() {
        for (int i = 0; i < size; i++) {
            iovecs.putLong(i * IOV + 8, slotSize);
            headers.putLong(i * MMSG + 40, CTRL);
            headers.putInt(i * MMSG + 48, 0);
        }
    }

    /**
     * The frame received in slot {@code i}, tag restored, position 0, limit its length, capacity the slot
     * size; or {@code null} if it does not fit a slot (it was truncated, or fits only without its tag).
     */
    ByteBuffer frame(int i) {
        int h = i * MMSG;
        int length = headers.getInt(h + 56);
        if ((headers.getInt(h + 48) & LibC.MSG_TRUNC) != 0) {
            return null;
        }
        int status = auxStatus(i);
        if ((status & TP_STATUS_VLAN_VALID) == 0) {
            return asReceived[i].clear().limit(length);
        }
        if (length + 4 > slotSize) {
            return null;
        }
        int aux = i * CTRL + AUX;
        short tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? control.getShort(aux + 18) : ETH_P_8021Q;
        short tci = control.getShort(aux + 16);
        ByteBuffer f = withTag[i].clear();
        long macs = f.getLong(HEADROOM);        // bytes 0..7 of the received frame
        int macsTail = f.getInt(HEADROOM + 8);  // bytes 8..11
        f.putLong(0, macs);
        f.putInt(8, macsTail);
        f.putShort(12, tpid);                   // big-endian view: network order
        f.putShort(14, tci);
        return f.limit(length + 4);
    }

    /** The address of the first byte of {@code frame}, which {@link #frame(int)} returned for slot i. */
    long address(int i, ByteBuffer frame) {
        return slotsAddress + (long) i * stride + (frame == withTag[i] ? 0 : HEADROOM);
    }

    /** {@code tp_status} of slot i's auxiliary data, 0 if the kernel sent none. */
    private int auxStatus(int i) {
        int c = i * CTRL;
        if (headers.getLong(i * MMSG + 40) < AUX + 20
                || control.getInt(c + 8) != LibC.SOL_PACKET || control.getInt(c + 12) != LibC.PACKET_AUXDATA) {
            return 0;
        }
        return control.getInt(c + AUX);
    }
}
