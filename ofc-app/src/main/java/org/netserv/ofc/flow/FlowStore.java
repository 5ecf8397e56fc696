package org.netserv.ofc.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The controller's view of the flow entries each switch should hold. It outlives switch connections:
 * when a switch reconnects, this is what its table is brought back to.
 */
public final class FlowStore {
    private final Map<DatapathId, Map<FlowKey, FlowEntry>> bySwitch = new ConcurrentHashMap<>();

    private Map<FlowKey, FlowEntry> table(DatapathId id) {
        return bySwitch.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
    }

    /** Records an entry, replacing any with the same key (as FlowMod ADD does on the switch). */
    public void put(DatapathId id, FlowEntry e) {
        table(id).put(e.key(), e);
    }

    public Collection<FlowEntry> entries(DatapathId id) {
        Map<FlowKey, FlowEntry> t = bySwitch.get(id);
        return t == null ? List.of() : List.copyOf(t.values());
    }

    /** Removes the entries a non-strict delete covers and returns them. */
    public List<FlowEntry> remove(DatapathId id, FlowDeletion d) {
        Map<FlowKey, FlowEntry> t = bySwitch.get(id);
        List<FlowEntry> removed = new ArrayList<>();
        if (t != null) {
            t.values().removeIf(e -> {
                boolean hit = d.covers(e);
                if (hit) {
                    removed.add(e);
                }
                return hit;
            });
        }
        return removed;
    }

    /**
     * Forgets an entry the switch expired or evicted, if it is still the same entry. An entry someone
     * else deleted (reason DELETE) stays wanted: the controller's view is the truth, and the next resync
     * restores it. (Our own deletes leave the view before they are sent.)
     */
    public boolean onFlowRemoved(DatapathId id, OFFlowRemoved r) {
        Map<FlowKey, FlowEntry> t = bySwitch.get(id);
        if (t == null || r.getReason() == OFFlowRemovedReason.DELETE) {
            return false;
        }
        FlowKey key = new FlowKey(r.getTableId(), r.getPriority(), r.getMatch());
        FlowEntry e = t.get(key);
        return e != null && e.cookie().equals(r.getCookie()) && t.remove(key, e);
    }

    /** Removes every entry an owner has on any switch; returns how many. */
    public int removeOwner(FlowOwner owner) {
        int n = 0;
        for (Map<FlowKey, FlowEntry> t : bySwitch.values()) {
            int before = t.size();
            t.values().removeIf(e -> owner.owns(e.cookie()));
            n += before - t.size();
        }
        return n;
    }
}
