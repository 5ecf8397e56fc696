package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * NXAST_BUNDLE_LOAD: picks one live port of {@code members} by hashing the packet and loads its number
 * into bits [{@code ofs}, {@code ofs + nBits}) of {@code dst}; {@code ovs-ofctl} writes it
 * {@code bundle_load(symmetric_l3l4+udp,0,hrw,ofport,NXM_NX_REG0[0..15],members:3,4)}.
 *
 * <p>Steering uses it instead of a select group because Open vSwitch's select groups hash UDP flows on
 * their addresses only (two hosts' SIP flows would all take one sidecar), while the
 * {@code symmetric_l3l4+udp} fields include UDP ports and give both directions of a flow the same hash.
 * Highest-random-weight choice moves few flows when members change, and a member listed twice is chosen
 * about twice as often, which is how weights are expressed. A member whose link is down is skipped.
 *
 * <p>Wire form (OVS {@code struct nx_action_bundle}): the Nicira header, subtype 13, algorithm, fields,
 * basis, member type (the NXM header of {@code in_port}), member count, {@code ofs_nbits}, the NXM header
 * of {@code dst}, 4 zero bytes, then the members as 16-bit ports, padded to 8 bytes.
 */
public record NxBundleLoad(List<Integer> members, NxField dst, int ofs, int nBits) implements NxAction {
    /** Nicira subtype {@code NXAST_BUNDLE_LOAD}. */
    public static final int SUBTYPE = 13;
    /** {@code NX_BD_ALG_HRW}: highest random weight. */
    static final int ALGORITHM_HRW = 1;
    /** {@code NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP}. */
    static final int FIELDS_SYMMETRIC_L3L4_UDP = 3;
    /** The NXM header of {@code NXM_OF_IN_PORT}: members are OpenFlow ports. */
    private static final int MEMBER_TYPE_OFPORT = 0x00000002;
    /** OVS refuses more ({@code BUNDLE_MAX_MEMBERS}). */
    public static final int MAX_MEMBERS = 2048;

    public NxBundleLoad {
        members = List.copyOf(members);
        if (members.isEmpty() || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("a bundle needs 1-" + MAX_MEMBERS + " members, got " + members.size());
        }
        for (int m : members) {
            if (m < 1 || m > 0xfeff) {
                throw new IllegalArgumentException("member " + m + " is not a physical port number");
            }
        }
        if (dst == null) {
            throw new IllegalArgumentException("dst is required");
        }
        dst.checkSubfield(ofs, nBits);
    }

    /** {@code bundle_load(symmetric_l3l4+udp,0,hrw,ofport,NXM_NX_REG0[0..15],members:...)}. */
    public static NxBundleLoad toReg0(List<Integer> members) {
        return new NxBundleLoad(members, NxField.REG0, 0, 16);
    }

    @Override
    public int getSubtype() {
        return SUBTYPE;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = NxWire.startAction(buf, SUBTYPE);
        buf.writeShort(ALGORITHM_HRW);
        buf.writeShort(FIELDS_SYMMETRIC_L3L4_UDP);
        buf.writeShort(0); // basis
        buf.writeInt(MEMBER_TYPE_OFPORT);
        buf.writeShort(members.size());
        buf.writeShort(ofs << 6 | (nBits - 1));
        buf.writeInt(dst.header());
        buf.writeZero(4);
        for (int m : members) {
            buf.writeShort(m);
        }
        NxWire.endAction(buf, start);
    }

    /** The action as {@code ovs-ofctl} prints it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("bundle_load(symmetric_l3l4+udp,0,hrw,ofport,")
                .append(dst.subfield(ofs, nBits)).append(",members:");
        for (int i = 0; i < members.size(); i++) {
            s.append(i == 0 ? "" : ",").append(members.get(i));
        }
        return s.append(')').toString();
    }
}
