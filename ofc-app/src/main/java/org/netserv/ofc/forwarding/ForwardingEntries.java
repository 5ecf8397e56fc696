package org.netserv.ofc.forwarding;

import java.util.List;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowDeletion;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The forwarding table entries of the forwarding module, learned or routed alike: one exact entry per
 * (in port, source, destination), and the deletions that remove them by address or port. Free of I/O.
 */
final class ForwardingEntries {
    /** Cookie owner of forwarding's entries. */
    static final FlowOwner OWNER = new FlowOwner(2, "forwarding");

    private ForwardingEntries() {}

    /** Frames from {@code src} to {@code dst} entering on {@code in} leave by {@code out}. */
    static FlowEntry exact(ForwardingConfig config, OFFactory f, OFPort in, MacAddress src, MacAddress dst,
            OFPort out) {
        Match match = f.buildMatch()
                .setExact(MatchField.IN_PORT, in)
                .setExact(MatchField.ETH_SRC, src)
                .setExact(MatchField.ETH_DST, dst)
                .build();
        return new FlowEntry(Pipeline.FORWARDING_TABLE, config.priority(), match,
                List.of(f.instructions().applyActions(List.of(f.actions().output(out, 0xFFFF)))),
                OWNER.cookie(), config.idleTimeoutSeconds(), config.hardTimeoutSeconds());
    }

    /** Every entry towards {@code mac} and every entry from it. */
    static List<FlowDeletion> toOrFrom(OFFactory f, MacAddress mac) {
        return List.of(
                FlowDeletion.matching(Pipeline.FORWARDING_TABLE, f.buildMatch().setExact(MatchField.ETH_DST, mac).build(), OWNER),
                FlowDeletion.matching(Pipeline.FORWARDING_TABLE, f.buildMatch().setExact(MatchField.ETH_SRC, mac).build(), OWNER));
    }

    /** Every entry for frames from {@code src} to {@code dst}, whatever their in port. */
    static FlowDeletion between(OFFactory f, MacAddress src, MacAddress dst) {
        return FlowDeletion.matching(Pipeline.FORWARDING_TABLE,
                f.buildMatch().setExact(MatchField.ETH_SRC, src).setExact(MatchField.ETH_DST, dst).build(), OWNER);
    }

    /** Every entry for frames entering on {@code port}. */
    static FlowDeletion entering(OFFactory f, OFPort port) {
        return FlowDeletion.matching(Pipeline.FORWARDING_TABLE, f.buildMatch().setExact(MatchField.IN_PORT, port).build(),
                OWNER);
    }

    /** Every entry that sends frames out of {@code port}. */
    static FlowDeletion leaving(OFFactory f, OFPort port) {
        return FlowDeletion.outputtingTo(Pipeline.FORWARDING_TABLE, port, f.buildMatch().build(), OWNER);
    }
}
