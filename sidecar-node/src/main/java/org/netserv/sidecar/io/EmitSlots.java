package org.netserv.sidecar.io;

import java.nio.ByteBuffer;

/**
 * The {@link FrameSink} of an {@link AfPacketTransport}: copies each emitted frame into a send slot of
 * native memory and holds it until the frame being handled is queued, so that what a handler emits leaves
 * right after the frame it handled (a reply after the request it answers, in wire order).
 *
 * <p>There are as many send slots as frames in a batch. When they run out in the middle of a batch, what
 * is queued so far is sent, which frees the slots of earlier frames, and the held frames move to the front.
 * One frame can emit at most as many frames as there are slots.
 */
final class EmitSlots implements FrameSink {
    private final int slotSize;
    private final ByteBuffer memory;
    private final long address;
    private final ByteBuffer[] slots;
    private final int[] lengths;
    private final SendBatch tx;
    private final Runnable flush;
    private int first; // slot of the first held frame; slots before it are queued or sent
    private int held;

    /**
     * @param flush sends what {@code tx} holds (called when {@code tx} or the slots are full)
     */
    EmitSlots(int count, int slotSize, SendBatch tx, Runnable flush) {
        this.slotSize = slotSize;
        this.memory = NativeBuffers.allocate((long) count * slotSize);
        this.address = NativeBuffers.address(memory);
        this.slots = new ByteBuffer[count];
        this.lengths = new int[count];
        for (int i = 0; i < count; i++) {
            slots[i] = NativeBuffers.frameView(memory, i * slotSize, slotSize);
        }
        this.tx = tx;
        this.flush = flush;
    }

    @Override
    public void emit(ByteBuffer frame) {
        int length = frame.remaining();
        if (length < 14 || length > slotSize) {
            throw new IllegalArgumentException("emitted frame of " + length + " bytes (14.." + slotSize + ")");
        }
        if (held == slots.length) {
            throw new IllegalArgumentException("more than " + held + " frames emitted for one frame");
        }
        if (first + held == slots.length) {
            flush.run();
            for (int k = 0; k < held; k++) {
                slots[k].put(0, slots[first + k], 0, lengths[k]);
            }
            first = 0;
        }
        slots[first + held].put(0, frame, frame.position(), length); // absolute: no view allocated
        lengths[held++] = length;
    }

    /** Queues the held frames (behind the frame just queued, if any). */
    void release() {
        for (int k = 0; k < held; k++) {
            queue(address + (long) (first + k) * slotSize, lengths[k]);
        }
        first += held;
        held = 0;
    }

    /** Queues a frame at {@code frameAddress}, sending the batch first if it is full. */
    void queue(long frameAddress, int length) {
        if (tx.isFull()) {
            flush.run();
        }
        tx.add(frameAddress, length);
    }

    /** Forgets frames emitted by a handler that then threw. */
    void discard() {
        held = 0;
    }

    /** Makes every slot free again; call once the batch has been sent. */
    void reset() {
        first = 0;
        held = 0;
    }
}
