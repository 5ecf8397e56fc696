package org.netserv.ofc.flow;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchDisconnectedException;
import org.netserv.ofc.switches.SwitchService;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** {@link FlowService} on top of the switch registry and the {@link FlowStore}. */
public final class FlowManager implements FlowService {
    private final SwitchService switches;
    private final FlowStore store;
    private final Map<Integer, FlowOwner> owners = new ConcurrentHashMap<>();

    public FlowManager(SwitchService switches, FlowStore store) {
        this.switches = switches;
        this.store = store;
    }

    @Override
    public synchronized void registerOwner(FlowOwner owner) {
        for (FlowOwner o : owners.values()) {
            if (o.id() == owner.id() || o.name().equals(owner.name())) {
                throw new IllegalArgumentException("flow owner " + owner + " clashes with " + o);
            }
        }
        owners.put(owner.id(), owner);
    }

    @Override
    public String ownerName(U64 cookie) {
        if (!FlowOwner.isNetServ(cookie)) {
            return "foreign";
        }
        FlowOwner o = owners.get(FlowOwner.ownerId(cookie));
        return o != null ? o.name() : "unknown-owner-" + FlowOwner.ownerId(cookie);
    }

    @Override
    public void add(DatapathId id, List<FlowEntry> entries) {
        record(id, entries);
        switches.get(id).ifPresent(sw -> sw.write(toFlowAdds(sw.factory(), entries)));
    }

    @Override
    public CompletableFuture<Void> addConfirmed(DatapathId id, List<FlowEntry> entries) {
        record(id, entries);
        Optional<OfSwitch> sw = switches.get(id);
        if (sw.isEmpty()) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(
                    "switch " + id + " is not connected; its entries will be installed when it connects"));
        }
        return sw.get().writeAndConfirm(toFlowAdds(sw.get().factory(), entries));
    }

    @Override
    public void delete(DatapathId id, FlowDeletion deletion) {
        store.remove(id, deletion);
        switches.get(id).ifPresent(sw -> sw.write(deletion.toFlowMod(sw.factory())));
    }

    @Override
    public Collection<FlowEntry> flows(DatapathId id) {
        return store.entries(id);
    }

    @Override
    public CompletableFuture<List<OFFlowStatsEntry>> readFromSwitch(DatapathId id) {
        Optional<OfSwitch> sw = switches.get(id);
        if (sw.isEmpty()) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException("switch " + id + " is not connected"));
        }
        OFFactory f = sw.get().factory();
        // Table by table: the learner table holds actions our codec cannot decode (Pipeline.LEARN_TABLE).
        List<CompletableFuture<List<OFFlowStatsReply>>> reads = Pipeline.READABLE_TABLES.stream()
                .map(t -> sw.get().requestStats(f.buildFlowStatsRequest()
                        .setTableId(t)
                        .setOutPort(OFPort.ANY)
                        .setOutGroup(OFGroup.ANY)
                        .setCookieMask(U64.ZERO)
                        .setMatch(f.buildMatch().build())
                        .build()))
                .toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(x -> reads.stream()
                        .flatMap(r -> r.join().stream())
                        .map(OFFlowStatsReply::getEntries)
                        .flatMap(List::stream)
                        .toList());
    }

    private void record(DatapathId id, List<FlowEntry> entries) {
        for (FlowEntry e : entries) {
            if (!owners.containsKey(FlowOwner.ownerId(e.cookie()))) {
                throw new IllegalArgumentException("flow entry cookie " + e.cookie()
                        + " has no registered NetServ owner; use FlowOwner.cookie()");
            }
        }
        entries.forEach(e -> store.put(id, e));
    }

    private static List<OFMessage> toFlowAdds(OFFactory f, List<FlowEntry> entries) {
        return entries.stream().map(e -> (OFMessage) e.toFlowAdd(f)).toList();
    }
}
