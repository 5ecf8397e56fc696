package org.netserv.ofc.flow;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * A flow entry as the controller wants it on a switch. Entries with a timeout ask the switch to report
 * their removal, so the controller's view forgets them when the switch does.
 */
public record FlowEntry(TableId table, int priority, Match match, List<OFInstruction> instructions, U64 cookie,
                        int idleTimeout, int hardTimeout) {

    public FlowEntry {
        instructions = List.copyOf(instructions);
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority must be 0-65535, got " + priority);
        }
        if (idleTimeout < 0 || idleTimeout > 0xFFFF || hardTimeout < 0 || hardTimeout > 0xFFFF) {
            throw new IllegalArgumentException("timeouts must be 0-65535 seconds");
        }
    }

    public FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    public boolean expires() {
        return idleTimeout > 0 || hardTimeout > 0;
    }

    public OFFlowAdd toFlowAdd(OFFactory f) {
        Set<OFFlowModFlags> flags = expires() ? EnumSet.of(OFFlowModFlags.SEND_FLOW_REM)
                : EnumSet.noneOf(OFFlowModFlags.class);
        return f.buildFlowAdd()
                .setTableId(table)
                .setPriority(priority)
                .setMatch(match)
                .setInstructions(instructions)
                .setCookie(cookie)
                .setIdleTimeout(idleTimeout)
                .setHardTimeout(hardTimeout)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setFlags(flags)
                .build();
    }

    public OFFlowDeleteStrict toDeleteStrict(OFFactory f) {
        return deleteStrict(f, key(), cookie);
    }

    /** A strict delete of exactly the entry with this key and cookie. */
    public static OFFlowDeleteStrict deleteStrict(OFFactory f, FlowKey key, U64 cookie) {
        return f.buildFlowDeleteStrict()
                .setTableId(key.table())
                .setPriority(key.priority())
                .setMatch(key.match())
                .setCookie(cookie)
                .setCookieMask(U64.NO_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    /** Whether the switch's entry is this one: same cookie, instructions and timeouts. */
    public boolean sameAs(OFFlowStatsEntry s) {
        return cookie.equals(s.getCookie()) && instructions.equals(s.getInstructions())
                && idleTimeout == s.getIdleTimeout() && hardTimeout == s.getHardTimeout();
    }

    /** The key of an entry the switch reported. */
    public static FlowKey keyOf(OFFlowStatsEntry s) {
        return new FlowKey(s.getTableId(), s.getPriority(), s.getMatch());
    }
}
