package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;

/**
 * NXAST_REG_LOAD: writes an immediate {@code value} into bits [{@code ofs}, {@code ofs + nBits}) of the
 * field {@code dst}; {@code ovs-ofctl} writes it {@code load:0x2->NXM_NX_REG0[0..15]}. Loxi has no such
 * action (its OXM set-field cannot reach part of a Nicira register), and we need it to hand a port number
 * to a later {@link NxLearn} in the same bucket.
 *
 * <p>Wire form (OVS {@code struct nx_action_reg_load}, 24 bytes): the Nicira header, subtype 7,
 * {@code ofs_nbits = ofs << 6 | (nBits - 1)}, the NXM header of {@code dst}, the 64-bit value.
 */
public record NxRegLoad(NxField dst, int ofs, int nBits, long value) implements NxAction {
    /** Nicira subtype {@code NXAST_REG_LOAD}. */
    public static final int SUBTYPE = 7;
    static final int LENGTH = 24;

    public NxRegLoad {
        if (dst == null) {
            throw new IllegalArgumentException("dst is required");
        }
        dst.checkSubfield(ofs, nBits);
        if (!NxField.fits(value, nBits)) {
            throw new IllegalArgumentException(
                    "value 0x" + Long.toHexString(value) + " does not fit in " + nBits + " bits");
        }
    }

    /** {@code load:value->NXM_NX_REG0[ofs..ofs+nBits-1]}. */
    public static NxRegLoad reg0(long value, int ofs, int nBits) {
        return new NxRegLoad(NxField.REG0, ofs, nBits, value);
    }

    @Override
    public int getSubtype() {
        return SUBTYPE;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = NxWire.startAction(buf, SUBTYPE);
        buf.writeShort(ofs << 6 | (nBits - 1));
        buf.writeInt(dst.header());
        buf.writeLong(value);
        NxWire.endAction(buf, start);
    }

    /** The action as {@code ovs-ofctl} prints it. */
    @Override
    public String toString() {
        return "load:0x" + Long.toHexString(value) + "->" + dst.subfield(ofs, nBits);
    }
}
