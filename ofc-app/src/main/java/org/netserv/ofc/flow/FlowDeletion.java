package org.netserv.ofc.flow;

import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * A non-strict delete: the entries in {@code table} whose cookie equals {@code cookie} under
 * {@code cookieMask} (one owner's entries, or exactly one cookie's), whose match contains every field of
 * {@code pattern} with the same value and, if {@code outPort} is given, that output to that port. The same
 * rule is applied to the controller's view ({@link #covers}) and sent to the switch ({@link #toFlowMod}),
 * so the two stay alike.
 */
public record FlowDeletion(TableId table, Match pattern, U64 cookie, U64 cookieMask, Optional<OFPort> outPort) {

    public static FlowDeletion matching(TableId table, Match pattern, FlowOwner owner) {
        return new FlowDeletion(table, pattern, owner.cookie(), FlowOwner.OWNER_MASK, Optional.empty());
    }

    public static FlowDeletion outputtingTo(TableId table, OFPort port, Match anyMatch, FlowOwner owner) {
        return new FlowDeletion(table, anyMatch, owner.cookie(), FlowOwner.OWNER_MASK, Optional.of(port));
    }

    /**
     * Every entry in {@code table} (or {@link TableId#ALL}) with exactly this cookie, whatever its match. Needs
     * no switch at hand, so that it is remembered (and applied on reconnection) while the switch is away.
     */
    public static FlowDeletion withCookie(TableId table, U64 cookie) {
        return withCookie(table, cookie, ANY_MATCH);
    }

    /** An empty OpenFlow 1.3 match (the only version the OFC speaks). */
    private static final Match ANY_MATCH = org.projectfloodlight.openflow.protocol.OFFactories
            .getFactory(org.projectfloodlight.openflow.protocol.OFVersion.OF_13).buildMatch().build();

    /** Every entry in {@code table} (or {@link TableId#ALL}) with exactly this cookie. */
    public static FlowDeletion withCookie(TableId table, U64 cookie, Match anyMatch) {
        return new FlowDeletion(table, anyMatch, cookie, U64.NO_MASK, Optional.empty());
    }

    /** This deletion narrowed to entries that output to {@code port}. */
    public FlowDeletion outputtingTo(OFPort port) {
        return new FlowDeletion(table, pattern, cookie, cookieMask, Optional.of(port));
    }

    public boolean covers(FlowEntry e) {
        boolean cookieHit = (e.cookie().getValue() & cookieMask.getValue()) == (cookie.getValue() & cookieMask.getValue());
        if (!cookieHit || !(table.equals(TableId.ALL) || table.equals(e.table()))) {
            return false;
        }
        for (MatchField<?> field : pattern.getMatchFields()) {
            if (!sameValue(field, pattern, e.match())) {
                return false;
            }
        }
        return outPort.map(p -> outputsTo(e, p)).orElse(true);
    }

    public OFFlowDelete toFlowMod(OFFactory f) {
        return f.buildFlowDelete()
                .setTableId(table)
                .setMatch(pattern)
                .setCookie(cookie)
                .setCookieMask(cookieMask)
                .setOutPort(outPort.orElse(OFPort.ANY))
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private static <T extends org.projectfloodlight.openflow.types.OFValueType<T>> boolean sameValue(
            MatchField<T> field, Match pattern, Match m) {
        if (pattern.isPartiallyMasked(field)) { // e.g. an address prefix: the entry's must be the same prefix
            return m.isPartiallyMasked(field) && pattern.getMasked(field).equals(m.getMasked(field));
        }
        return m.isExact(field) && pattern.get(field).equals(m.get(field));
    }

    private static boolean outputsTo(FlowEntry e, OFPort port) {
        for (OFInstruction i : e.instructions()) {
            if (i instanceof OFInstructionApplyActions apply) {
                for (OFAction a : apply.getActions()) {
                    if (a instanceof OFActionOutput out && out.getPort().equals(port)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
