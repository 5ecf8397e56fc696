package org.netserv.ofc.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;

/** Short, ovs-ofctl-like text for matches, instructions and ports in REST answers. */
public final class OpenFlowText {
    private OpenFlowText() {}

    /** Field name to value ({@code value/mask} when masked), in the match's order. */
    public static Map<String, String> match(Match m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MatchField<?> f : m.getMatchFields()) {
            out.put(f.getName(), m.isExact(f) ? String.valueOf(m.get(f)) : String.valueOf(m.getMasked(f)));
        }
        return out;
    }

    public static List<String> instructions(List<OFInstruction> instructions) {
        return instructions.stream().map(OpenFlowText::instruction).toList();
    }

    static String instruction(OFInstruction i) {
        if (i instanceof OFInstructionGotoTable g) {
            return "goto_table:" + g.getTableId().getValue();
        }
        if (i instanceof OFInstructionApplyActions a) {
            return "apply_actions(" + actions(a.getActions()) + ")";
        }
        if (i instanceof OFInstructionWriteActions w) {
            return "write_actions(" + actions(w.getActions()) + ")";
        }
        return i.getType().toString().toLowerCase();
    }

    static String actions(List<OFAction> actions) {
        return actions.stream().map(OpenFlowText::action).collect(Collectors.joining(","));
    }

    static String action(OFAction a) {
        if (a instanceof OFActionOutput o) {
            return "output:" + port(o.getPort());
        }
        if (a instanceof OFActionSetField s) {
            return "set_field:" + s.getField().getValue() + "->" + s.getField().getMatchField().getName();
        }
        return a.getType().toString().toLowerCase();
    }

    /** Port numbers as numbers, reserved ports by name (LOCAL, CONTROLLER, FLOOD, ...). */
    public static String port(OFPort p) {
        String reserved = p.equals(OFPort.LOCAL) ? "LOCAL"
                : p.equals(OFPort.CONTROLLER) ? "CONTROLLER"
                : p.equals(OFPort.FLOOD) ? "FLOOD"
                : p.equals(OFPort.ALL) ? "ALL"
                : p.equals(OFPort.IN_PORT) ? "IN_PORT"
                : p.equals(OFPort.TABLE) ? "TABLE"
                : p.equals(OFPort.NORMAL) ? "NORMAL"
                : p.equals(OFPort.ANY) ? "ANY"
                : null;
        return reserved != null ? reserved : Integer.toUnsignedString(p.getPortNumber());
    }
}
