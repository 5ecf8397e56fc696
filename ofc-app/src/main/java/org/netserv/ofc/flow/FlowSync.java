package org.netserv.ofc.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;

/**
 * Plans how to bring a switch's NetServ entries to the controller's view: entries the controller does
 * not know are deleted, missing or different ones are (re)added, equal ones are left alone so their
 * counters and timers survive. Entries without the NetServ cookie marker, and entries the switch learned by
 * itself ({@link FlowOwner#isSwitchLearned}), are never touched.
 */
public final class FlowSync {
    private FlowSync() {}

    /** The FlowMods to send (deletes first), and counts for the log. */
    public record Plan(List<OFFlowMod> messages, int kept, int added, int replaced, int removed) {
        public String summary() {
            return kept + " kept, " + added + " added, " + replaced + " replaced, " + removed + " stale removed";
        }
    }

    public static Plan plan(OFFactory f, Collection<FlowEntry> desired, List<OFFlowStatsEntry> actual) {
        Map<FlowKey, FlowEntry> want = new HashMap<>();
        for (FlowEntry e : desired) {
            want.put(e.key(), e);
        }
        List<OFFlowMod> deletes = new ArrayList<>();
        List<OFFlowMod> adds = new ArrayList<>();
        Map<FlowKey, OFFlowStatsEntry> seen = new HashMap<>();
        int kept = 0;
        int replaced = 0;
        for (OFFlowStatsEntry s : actual) {
            if (!FlowOwner.isNetServ(s.getCookie()) || FlowOwner.isSwitchLearned(s.getCookie())) {
                continue;
            }
            FlowKey key = FlowEntry.keyOf(s);
            seen.put(key, s);
            FlowEntry wanted = want.get(key);
            if (wanted == null) {
                deletes.add(FlowEntry.deleteStrict(f, key, s.getCookie()));
            } else if (wanted.sameAs(s)) {
                kept++;
            } else {
                adds.add(wanted.toFlowAdd(f)); // ADD over an entry with the same key replaces it
                replaced++;
            }
        }
        int added = 0;
        for (FlowEntry e : want.values()) {
            if (!seen.containsKey(e.key())) {
                adds.add(e.toFlowAdd(f));
                added++;
            }
        }
        List<OFFlowMod> all = new ArrayList<>(deletes);
        all.addAll(adds);
        return new Plan(List.copyOf(all), kept, added, replaced, deletes.size());
    }
}
