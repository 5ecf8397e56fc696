package org.netserv.ofc.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * An in-memory OpenFlow 1.3 multi-table switch for tests: applies FlowMods as a switch would and says
 * where a packet with given header fields goes. Exact-value matches only (what our modules write).
 */
public final class FakeFlowTable {
    private record Entry(TableId table, int priority, Match match, List<OFInstruction> instructions, U64 cookie) {}

    private final List<Entry> entries = new ArrayList<>();

    public void apply(List<? extends OFMessage> messages) {
        messages.forEach(this::apply);
    }

    public void apply(OFMessage m) {
        if (m instanceof OFFlowAdd a) {
            entries.removeIf(e -> e.table().equals(a.getTableId()) && e.priority() == a.getPriority()
                    && e.match().equals(a.getMatch()));
            entries.add(new Entry(a.getTableId(), a.getPriority(), a.getMatch(), a.getInstructions(), a.getCookie()));
        } else if (m instanceof OFFlowDeleteStrict d) {
            entries.removeIf(e -> e.table().equals(d.getTableId()) && e.priority() == d.getPriority()
                    && e.match().equals(d.getMatch()) && cookieMatches(e, d.getCookie(), d.getCookieMask()));
        } else if (m instanceof OFFlowDelete d) {
            entries.removeIf(e -> (d.getTableId().equals(TableId.ALL) || e.table().equals(d.getTableId()))
                    && covers(d.getMatch(), e.match()) && cookieMatches(e, d.getCookie(), d.getCookieMask())
                    && (d.getOutPort().equals(OFPort.ANY) || outputs(e.instructions()).contains(d.getOutPort())));
        }
    }

    public int size() {
        return entries.size();
    }

    public long count(TableId table) {
        return entries.stream().filter(e -> e.table().equals(table)).count();
    }

    /**
     * Runs a packet with these fields through the tables from table 0.
     *
     * @return the output ports of the final apply-actions, or empty if no entry matched (dropped)
     */
    public Optional<List<OFPort>> process(Map<MatchField<?>, OFValueType<?>> packet) {
        TableId table = TableId.of(0);
        while (true) {
            TableId t = table;
            Optional<Entry> hit = entries.stream()
                    .filter(e -> e.table().equals(t) && matches(e.match(), packet))
                    .max(Comparator.comparingInt(Entry::priority));
            if (hit.isEmpty()) {
                return Optional.empty();
            }
            Optional<TableId> next = hit.get().instructions().stream()
                    .filter(i -> i instanceof OFInstructionGotoTable)
                    .map(i -> ((OFInstructionGotoTable) i).getTableId()).findFirst();
            if (next.isEmpty()) {
                return Optional.of(outputs(hit.get().instructions()));
            }
            table = next.get();
        }
    }

    private static boolean matches(Match m, Map<MatchField<?>, OFValueType<?>> packet) {
        for (MatchField<?> f : m.getMatchFields()) {
            if (!m.get(f).equals(packet.get(f))) {
                return false;
            }
        }
        return true;
    }

    /** Non-strict: every field of the pattern is in the entry with the same value. */
    private static boolean covers(Match pattern, Match m) {
        for (MatchField<?> f : pattern.getMatchFields()) {
            if (!m.isExact(f) || !pattern.get(f).equals(m.get(f))) {
                return false;
            }
        }
        return true;
    }

    private static boolean cookieMatches(Entry e, U64 cookie, U64 mask) {
        return (e.cookie().getValue() & mask.getValue()) == (cookie.getValue() & mask.getValue());
    }

    private static List<OFPort> outputs(List<OFInstruction> instructions) {
        List<OFPort> out = new ArrayList<>();
        for (OFInstruction i : instructions) {
            if (i instanceof OFInstructionApplyActions a) {
                for (OFAction act : a.getActions()) {
                    if (act instanceof OFActionOutput o) {
                        out.add(o.getPort());
                    }
                }
            }
        }
        return out;
    }
}
