package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;

/**
 * NXAST_RESUBMIT_TABLE: looks the packet up again in {@code table} and runs the actions of the entry it
 * hits, then carries on; {@code ovs-ofctl} writes it {@code resubmit(,3)}. Steering needs it because Open
 * vSwitch runs a group bucket as an action set, where a learn action is ignored: the bucket loads its
 * sidecar's port into a register and resubmits to a table whose entry learns the flow pin.
 *
 * <p>Wire form (OVS {@code struct nx_action_resubmit}, 16 bytes): the Nicira header, subtype 14, the
 * in_port to look up with (OpenFlow 1.0's OFPP_IN_PORT, 0xfff8: the packet's own), the table, 3 pad bytes.
 */
public record NxResubmit(int table) implements NxAction {
    /** Nicira subtype {@code NXAST_RESUBMIT_TABLE}. */
    public static final int SUBTYPE = 14;
    private static final int OFPP10_IN_PORT = 0xfff8;

    public NxResubmit {
        if (table < 0 || table > 254) {
            throw new IllegalArgumentException("table must be 0-254, got " + table);
        }
    }

    @Override
    public int getSubtype() {
        return SUBTYPE;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = NxWire.startAction(buf, SUBTYPE);
        buf.writeShort(OFPP10_IN_PORT);
        buf.writeByte(table);
        NxWire.endAction(buf, start);
    }

    /** The action as {@code ovs-ofctl} prints it. */
    @Override
    public String toString() {
        return "resubmit(," + table + ")";
    }
}
