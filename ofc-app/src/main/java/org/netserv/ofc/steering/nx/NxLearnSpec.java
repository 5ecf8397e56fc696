package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;

/**
 * One {@code flow_mod_spec} of an {@link NxLearn}: how one part of the learned flow is made from the packet
 * that runs the learn action. Each starts with a 16-bit header {@code src_type | dst_type | n_bits} (OVS
 * {@code include/openflow/nicira-ext.h}: source bit 13, 0 = field, 1 = immediate; destination bits 11-12,
 * 0 = match, 2 = output) followed by the source (field header and offset, or the value in
 * {@code 2 * ceil(n_bits / 16)} bytes) and, for a match, the destination field header and offset.
 * {@code toString} gives the spec as {@code ovs-ofctl} writes it inside {@code learn(...)}.
 */
public sealed interface NxLearnSpec permits NxLearnSpec.MatchFrom, NxLearnSpec.MatchValue, NxLearnSpec.OutputFrom {
    int SRC_FIELD = 0;
    int SRC_IMMEDIATE = 1 << 13;
    int DST_MATCH = 0;
    int DST_OUTPUT = 2 << 11;

    /** Appends the spec's wire form. */
    void writeTo(ByteBuf buf);

    /**
     * The learned flow matches {@code dst} against the value {@code src} has in the current packet, whole
     * fields of one width: {@code NXM_OF_IP_SRC[]=NXM_OF_IP_DST[]}, or {@code NXM_OF_IP_SRC[]} when they are
     * the same field.
     */
    record MatchFrom(NxField dst, NxField src) implements NxLearnSpec {
        public MatchFrom {
            if (dst == null || src == null) {
                throw new IllegalArgumentException("dst and src are required");
            }
            if (dst.nBits() != src.nBits()) {
                throw new IllegalArgumentException(dst.ovsName() + " (" + dst.nBits() + " bits) cannot match "
                        + src.ovsName() + " (" + src.nBits() + " bits)");
            }
        }

        @Override
        public void writeTo(ByteBuf buf) {
            buf.writeShort(SRC_FIELD | DST_MATCH | dst.nBits());
            buf.writeInt(src.header());
            buf.writeShort(0);
            buf.writeInt(dst.header());
            buf.writeShort(0);
        }

        @Override
        public String toString() {
            String d = dst.subfield(0, dst.nBits());
            return dst == src ? d : d + "=" + src.subfield(0, src.nBits());
        }
    }

    /** The learned flow matches the whole of {@code dst} against an immediate {@code value}, taken unsigned. */
    record MatchValue(NxField dst, long value) implements NxLearnSpec {
        public MatchValue {
            if (dst == null) {
                throw new IllegalArgumentException("dst is required");
            }
            if (!NxField.fits(value, dst.nBits())) {
                throw new IllegalArgumentException(
                        "value 0x" + Long.toHexString(value) + " does not fit in " + dst.ovsName());
            }
        }

        @Override
        public void writeTo(ByteBuf buf) {
            buf.writeShort(SRC_IMMEDIATE | DST_MATCH | dst.nBits());
            int valueBytes = 2 * ((dst.nBits() + 15) / 16);
            for (int i = valueBytes - 1; i >= 0; i--) {
                buf.writeByte(i < 8 ? (int) (value >>> (8 * i)) : 0);
            }
            buf.writeInt(dst.header());
            buf.writeShort(0);
        }

        @Override
        public String toString() {
            return dst.subfield(0, dst.nBits()) + "=0x" + Long.toHexString(value);
        }
    }

    /** The learned flow outputs to the port number held in bits [ofs, ofs + nBits) of {@code src}. */
    record OutputFrom(NxField src, int ofs, int nBits) implements NxLearnSpec {
        public OutputFrom {
            if (src == null) {
                throw new IllegalArgumentException("src is required");
            }
            src.checkSubfield(ofs, nBits);
        }

        @Override
        public void writeTo(ByteBuf buf) {
            buf.writeShort(SRC_FIELD | DST_OUTPUT | nBits);
            buf.writeInt(src.header());
            buf.writeShort(ofs);
        }

        @Override
        public String toString() {
            return "output:" + src.subfield(ofs, nBits);
        }
    }
}
