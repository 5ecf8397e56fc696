package org.netserv.ofc.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.ofc.flow.FlowDeletion;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * L2 learning for one switch, free of I/O: from a frame's ports and addresses to a {@link Decision}
 * (entries to delete, an exact entry to add, where to send the frame). The module applies decisions.
 */
public final class LearningSwitch {
    /** Cookie owner of learned entries. */
    public static final FlowOwner OWNER = ForwardingEntries.OWNER;

    /**
     * What to do with one frame.
     *
     * @param deletions stale entries to remove first (a host moved)
     * @param flow the exact entry to install, if the destination is known
     * @param output where to send the frame: a port, {@link OFPort#FLOOD}, or empty to drop it
     * @param tableFilled true the first time a source could not be learned because the table is full
     */
    public record Decision(List<FlowDeletion> deletions, Optional<FlowEntry> flow, Optional<OFPort> output,
                           boolean tableFilled) {}

    private final ForwardingConfig config;
    private final Map<MacAddress, OFPort> macs = new ConcurrentHashMap<>();
    private boolean refusing;

    public LearningSwitch(ForwardingConfig config) {
        this.config = config;
    }

    public Optional<OFPort> portOf(MacAddress mac) {
        return Optional.ofNullable(macs.get(mac));
    }

    public int size() {
        return macs.size();
    }

    public Decision onFrame(OFFactory f, OFPort inPort, MacAddress src, MacAddress dst) {
        List<FlowDeletion> deletions = new ArrayList<>();
        if (src.isMulticast()) {
            return new Decision(deletions, Optional.empty(), Optional.empty(), false); // bogus source: drop
        }
        boolean filled = false;
        OFPort previous = macs.get(src);
        if (previous == null) {
            boolean room = macs.size() < config.maxMacsPerSwitch();
            filled = !room && !refusing;
            refusing = !room;
            if (room) {
                macs.put(src, inPort);
            }
        } else if (!previous.equals(inPort)) {
            macs.put(src, inPort); // the host moved: entries towards or from it are stale
            deletions.addAll(ForwardingEntries.toOrFrom(f, src));
        }
        return forward(f, inPort, src, dst, deletions, filled);
    }

    /**
     * A frame that came back from an infrastructure port (a sidecar): its source is not behind that port,
     * so nothing is learned; it is forwarded like any frame from that port (an exact entry once the
     * destination is known, else flooded to the network ports).
     */
    public Decision onInfrastructureFrame(OFFactory f, OFPort inPort, MacAddress src, MacAddress dst) {
        return forward(f, inPort, src, dst, List.of(), false);
    }

    /** Where a frame goes once learning is done: an exact entry to a known destination, else a flood. */
    private Decision forward(OFFactory f, OFPort inPort, MacAddress src, MacAddress dst, List<FlowDeletion> deletions,
            boolean filled) {
        OFPort out = dst.isMulticast() ? null : macs.get(dst);
        if (out == null) {
            return new Decision(deletions, Optional.empty(), Optional.of(OFPort.FLOOD), filled);
        }
        if (out.equals(inPort)) {
            return new Decision(deletions, Optional.empty(), Optional.empty(), filled); // already on its segment
        }
        return new Decision(deletions, Optional.of(exactFlow(f, inPort, src, dst, out)), Optional.of(out), filled);
    }

    /** Forgets the hosts behind a port that went down; returns the deletions for entries using it. */
    public List<FlowDeletion> onPortDown(OFFactory f, OFPort port) {
        macs.values().removeIf(port::equals);
        return List.of(ForwardingEntries.entering(f, port), ForwardingEntries.leaving(f, port));
    }

    private FlowEntry exactFlow(OFFactory f, OFPort in, MacAddress src, MacAddress dst, OFPort out) {
        return ForwardingEntries.exact(config, f, in, src, dst, out);
    }
}
