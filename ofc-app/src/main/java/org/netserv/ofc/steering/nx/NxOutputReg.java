package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;

/**
 * NXAST_OUTPUT_REG: outputs to the port number held in bits [{@code ofs}, {@code ofs + nBits}) of
 * {@code src}; {@code ovs-ofctl} writes it {@code output:NXM_NX_REG0[0..15]}. One entry can then send each
 * packet to the sidecar its group bucket chose, whichever that was.
 *
 * <p>Wire form (OVS {@code struct nx_action_output_reg}, 24 bytes): the Nicira header, subtype 15,
 * {@code ofs_nbits}, the NXM header of {@code src}, {@code max_len} (bytes to send to the controller, unused
 * for ports), 6 zero bytes.
 */
public record NxOutputReg(NxField src, int ofs, int nBits) implements NxAction {
    /** Nicira subtype {@code NXAST_OUTPUT_REG}. */
    public static final int SUBTYPE = 15;

    public NxOutputReg {
        if (src == null) {
            throw new IllegalArgumentException("src is required");
        }
        src.checkSubfield(ofs, nBits);
    }

    /** {@code output:NXM_NX_REG0[0..15]}. */
    public static NxOutputReg reg0Port() {
        return new NxOutputReg(NxField.REG0, 0, 16);
    }

    @Override
    public int getSubtype() {
        return SUBTYPE;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = NxWire.startAction(buf, SUBTYPE);
        buf.writeShort(ofs << 6 | (nBits - 1));
        buf.writeInt(src.header());
        buf.writeShort(0xffff);
        buf.writeZero(6);
        NxWire.endAction(buf, start);
    }

    /** The action as {@code ovs-ofctl} prints it. */
    @Override
    public String toString() {
        return "output:" + src.subfield(ofs, nBits);
    }
}
