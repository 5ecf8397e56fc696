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

/**
 * A non-strict delete of one owner's entries: those in {@code table} whose match contains every field of
 * {@code pattern} with the same value and, if {@code outPort} is given, that output to that port. The same
 * rule is applied to the controller's view ({@link #covers}) and sent to the switch ({@link #toFlowMod}),
 * so the two stay alike.
 */
public record FlowDeletion(TableId table, Match pattern, FlowOwner owner, Optional<OFPort> outPort) {

    public static FlowDeletion matching(TableId table, Match pattern, FlowOwner owner) {
        return new FlowDeletion(table, pattern, owner, Optional.empty());
    }

    public static FlowDeletion outputtingTo(TableId table, OFPort port, Match anyMatch, FlowOwner owner) {
        return new FlowDeletion(table, anyMatch, owner, Optional.of(port));
    }

    public boolean covers(FlowEntry e) {
        if (!owner.owns(e.cookie()) || !(table.equals(TableId.ALL) || table.equals(e.table()))) {
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
                .setCookie(owner.cookie())
                .setCookieMask(FlowOwner.OWNER_MASK)
                .setOutPort(outPort.orElse(OFPort.ANY))
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private static <T extends org.projectfloodlight.openflow.types.OFValueType<T>> boolean sameValue(
            MatchField<T> field, Match pattern, Match m) {
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
