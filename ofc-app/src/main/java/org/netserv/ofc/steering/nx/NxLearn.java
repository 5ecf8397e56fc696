package org.netserv.ofc.steering.nx;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.types.U64;

/**
 * NXAST_LEARN: when a packet runs it, the switch adds (or replaces) a flow in {@code tableId} built from
 * {@link NxLearnSpec}s that copy fields of this packet or immediate values into the new flow's match, and
 * output to a port read from a field. Steering uses it to pin the sidecar a select group hashed a
 * connection to, in both directions, for the rest of that connection. Loxi has no learn action; OpenFlow
 * has no standard equivalent.
 *
 * <p>Where it runs: OVS executes a group bucket as an OpenFlow action set, which may hold only set-field
 * style actions and one of group/output/resubmit ({@code ovs-actions(7)}, "Action Sets"). It accepts and
 * stores a learn in a bucket but silently skips it when a packet takes the bucket (checked on OVS 3.1: no
 * flow is learned). The learn has to run from a flow's apply-actions, e.g. in a table the bucket
 * resubmits to; that flow's match must then satisfy the prerequisites of the fields the specs copy from
 * ({@code udp} for UDP ports), or OVS refuses it with OFPBAC_MATCH_INCONSISTENT.
 *
 * <p>Wire form (OVS {@code struct nx_action_learn}, 32 bytes, then the specs, then zeros to a multiple of
 * 8 bytes; OVS stops at the first zero spec header and requires the rest to be zero): the Nicira header,
 * subtype 16, idle and hard timeout, priority, cookie, flags, table id, one pad byte, and the FIN idle and
 * hard timeouts, always 0 here.
 *
 * <p>Built with {@link #builder()}, whose every step returns a new builder, so a common part can be shared
 * by a forward and a reverse learn.
 */
public record NxLearn(int tableId, int priority, int idleTimeout, int hardTimeout, U64 cookie, int flags,
        List<NxLearnSpec> specs) implements NxAction {
    /** Nicira subtype {@code NXAST_LEARN}. */
    public static final int SUBTYPE = 16;
    /** {@code NX_LEARN_F_SEND_FLOW_REM}: the learned flow is added with OFPFF_SEND_FLOW_REM. */
    public static final int SEND_FLOW_REM = 1;
    /** {@code NX_LEARN_F_DELETE_LEARNED}: deleting the flow with this action deletes what it learned. */
    public static final int DELETE_LEARNED = 2;
    static final int HEADER_LENGTH = 32;

    public NxLearn {
        if (tableId < 0 || tableId > 254) {
            throw new IllegalArgumentException("table id must be 0..254: " + tableId);
        }
        checkU16("priority", priority);
        checkU16("idle timeout", idleTimeout);
        checkU16("hard timeout", hardTimeout);
        if (cookie == null) {
            throw new IllegalArgumentException("cookie is required (U64.ZERO for none)");
        }
        if ((flags & ~(SEND_FLOW_REM | DELETE_LEARNED)) != 0) {
            throw new IllegalArgumentException("unknown learn flags: 0x" + Integer.toHexString(flags));
        }
        if (specs == null) {
            throw new IllegalArgumentException("specs are required (an empty list for none)");
        }
        specs = List.copyOf(specs);
        checkPrerequisites(specs);
    }

    /** A builder with OVS's defaults: table 1, priority 32768, no timeouts, cookie 0, no flags, no specs. */
    public static Builder builder() {
        return new Builder(new NxLearn(1, 0x8000, 0, 0, U64.ZERO, 0, List.of()));
    }

    @Override
    public int getSubtype() {
        return SUBTYPE;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = NxWire.startAction(buf, SUBTYPE);
        buf.writeShort(idleTimeout);
        buf.writeShort(hardTimeout);
        buf.writeShort(priority);
        buf.writeLong(cookie.getValue());
        buf.writeShort(flags);
        buf.writeByte(tableId);
        buf.writeByte(0);
        buf.writeShort(0);
        buf.writeShort(0);
        specs.forEach(s -> s.writeTo(buf));
        NxWire.endAction(buf, start);
    }

    /** Close to what {@code ovs-ofctl} prints; immediate values are written as NXM subfields in hex. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("learn(table=").append(tableId);
        if (idleTimeout != 0) {
            s.append(",idle_timeout=").append(idleTimeout);
        }
        if (hardTimeout != 0) {
            s.append(",hard_timeout=").append(hardTimeout);
        }
        s.append(",priority=").append(priority);
        if ((flags & SEND_FLOW_REM) != 0) {
            s.append(",send_flow_rem");
        }
        if ((flags & DELETE_LEARNED) != 0) {
            s.append(",delete_learned");
        }
        if (cookie.getValue() != 0) {
            s.append(",cookie=0x").append(Long.toHexString(cookie.getValue()));
        }
        specs.forEach(spec -> s.append(',').append(spec));
        return s.append(')').toString();
    }

    /**
     * Rejects a learned match on a field whose prerequisite was not set by an earlier immediate match, as
     * OVS does when it checks the flow holding the learn (OFPBAC_MATCH_INCONSISTENT, logged as "field lacks
     * correct prerequisites"): {@code eth_type=0x800} before IPv4 fields, then {@code nw_proto} before ports.
     */
    private static void checkPrerequisites(List<NxLearnSpec> specs) {
        List<NxLearnSpec> earlier = new ArrayList<>();
        for (NxLearnSpec spec : specs) {
            NxField dst = spec instanceof NxLearnSpec.MatchFrom m ? m.dst()
                    : spec instanceof NxLearnSpec.MatchValue v ? v.dst() : null;
            NxLearnSpec.MatchValue needed = dst == null ? null : dst.prerequisite();
            if (needed != null && !earlier.contains(needed)) {
                throw new IllegalArgumentException(
                        "learned match " + spec + " needs " + needed + " before it (OVS checks them in order)");
            }
            earlier.add(spec);
        }
    }

    private static void checkU16(String what, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(what + " must be 0..65535: " + value);
        }
    }

    /** An immutable builder: each step checks its argument and returns a new builder. */
    public static final class Builder {
        private final NxLearn learn;

        private Builder(NxLearn learn) {
            this.learn = learn;
        }

        public Builder tableId(int tableId) {
            return new Builder(new NxLearn(tableId, learn.priority, learn.idleTimeout, learn.hardTimeout,
                    learn.cookie, learn.flags, learn.specs));
        }

        public Builder priority(int priority) {
            return new Builder(new NxLearn(learn.tableId, priority, learn.idleTimeout, learn.hardTimeout,
                    learn.cookie, learn.flags, learn.specs));
        }

        public Builder idleTimeout(int seconds) {
            return new Builder(new NxLearn(learn.tableId, learn.priority, seconds, learn.hardTimeout,
                    learn.cookie, learn.flags, learn.specs));
        }

        public Builder hardTimeout(int seconds) {
            return new Builder(new NxLearn(learn.tableId, learn.priority, learn.idleTimeout, seconds,
                    learn.cookie, learn.flags, learn.specs));
        }

        public Builder cookie(U64 cookie) {
            return new Builder(new NxLearn(learn.tableId, learn.priority, learn.idleTimeout, learn.hardTimeout,
                    cookie, learn.flags, learn.specs));
        }

        /** {@link #SEND_FLOW_REM} and/or {@link #DELETE_LEARNED}. */
        public Builder flags(int flags) {
            return new Builder(new NxLearn(learn.tableId, learn.priority, learn.idleTimeout, learn.hardTimeout,
                    learn.cookie, flags, learn.specs));
        }

        /** The learned flow matches {@code dst} against {@code src} of this packet (whole fields). */
        public Builder matchFrom(NxField dst, NxField src) {
            return with(new NxLearnSpec.MatchFrom(dst, src));
        }

        /** The learned flow matches {@code dst} against {@code value}. */
        public Builder matchValue(NxField dst, long value) {
            return with(new NxLearnSpec.MatchValue(dst, value));
        }

        /** The learned flow outputs to the port in bits [ofs, ofs + nBits) of {@code src}. */
        public Builder outputFrom(NxField src, int ofs, int nBits) {
            return with(new NxLearnSpec.OutputFrom(src, ofs, nBits));
        }

        /** Appends any spec; the learned flow is built from the specs in this order. */
        public Builder with(NxLearnSpec spec) {
            if (spec == null) {
                throw new IllegalArgumentException("spec is required");
            }
            List<NxLearnSpec> specs = new ArrayList<>(learn.specs);
            specs.add(spec);
            return new Builder(new NxLearn(learn.tableId, learn.priority, learn.idleTimeout, learn.hardTimeout,
                    learn.cookie, learn.flags, specs));
        }

        public NxLearn build() {
            return learn;
        }
    }
}
