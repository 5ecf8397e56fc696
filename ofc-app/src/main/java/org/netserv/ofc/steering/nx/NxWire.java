package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionNicira;

/** The framing every Nicira action shares (OVS {@code struct nx_action_header}), kept out of the public API. */
final class NxWire {
    /** The OpenFlow 1.1+ action type of experimenter actions, {@code OFPAT_EXPERIMENTER}. */
    static final int OFPAT_EXPERIMENTER = 0xffff;

    private NxWire() {}

    /** Writes type, a placeholder length, experimenter and subtype; returns where the action starts. */
    static int startAction(ByteBuf buf, int subtype) {
        int start = buf.writerIndex();
        buf.writeShort(OFPAT_EXPERIMENTER);
        buf.writeShort(0);
        buf.writeInt((int) NxAction.NICIRA_EXPERIMENTER);
        buf.writeShort(subtype);
        return start;
    }

    /**
     * Pads the action started at {@code start} with zeros to a multiple of 8 bytes, as OpenFlow requires of
     * every action (OVS rejects others with OFPBAC_BAD_LEN), and fills in its length.
     */
    static void endAction(ByteBuf buf, int start) {
        int length = buf.writerIndex() - start;
        int padded = (length + 7) / 8 * 8;
        buf.writeZero(padded - length);
        buf.setShort(start + 2, padded);
    }

    /** The builder {@link NxAction#createBuilder()} returns: it builds the same immutable action again. */
    record Same(NxAction action) implements OFActionNicira.Builder {
        @Override
        public OFActionNicira build() {
            return action;
        }

        @Override
        public OFActionType getType() {
            return action.getType();
        }

        @Override
        public long getExperimenter() {
            return action.getExperimenter();
        }

        @Override
        public int getSubtype() {
            return action.getSubtype();
        }

        @Override
        public OFVersion getVersion() {
            return action.getVersion();
        }
    }
}
