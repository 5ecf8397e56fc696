package org.netserv.sidecar.io;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native memory for system-call arguments, as direct {@link ByteBuffer}s rather than JNA {@code Memory}:
 * the JIT turns a direct buffer's {@code getInt}/{@code putLong} into plain loads and stores, where every
 * {@code Memory.getInt} is a JNI call; and the memory is freed by the garbage collector once nothing
 * refers to it, so a frame view a handler kept past {@link FrameTransport#close} reads stale bytes
 * instead of crashing the JVM.
 */
final class NativeBuffers {
    private NativeBuffers() {}

    /** Zeroed native memory in native byte order (for kernel structures). */
    static ByteBuffer allocate(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("native buffer of " + size + " bytes");
        }
        return ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
    }

    /** The address of a direct buffer's first byte (ignoring its position). */
    static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /**
     * A big-endian view of {@code length} bytes at {@code offset}: network headers are big-endian, and a
     * view in native order (what JNA's {@code Pointer.getByteBuffer} gives) parses them wrong silently.
     */
    static ByteBuffer frameView(ByteBuffer memory, int offset, int length) {
        return memory.slice(offset, length).order(ByteOrder.BIG_ENDIAN);
    }
}
