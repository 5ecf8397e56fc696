package org.netserv.ofc.flow;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Writes flow entries to switches and remembers them as the controller's view, so a switch that
 * reconnects gets them back and stale ones are removed. Every entry carries its owner's cookie.
 *
 * <pre>{@code
 * FlowOwner me = new FlowOwner(7, "my-module");
 * flows.registerOwner(me);
 * Match m = sw.factory().buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build();
 * FlowEntry e = new FlowEntry(TableId.of(1), 100, m, instructions, me.cookie(), 0, 0);
 * flows.addConfirmed(sw.id(), List.of(e)).join(); // applied by the switch
 * }</pre>
 */
public interface FlowService {
    /** Registers a cookie owner; ids and names must be unique. */
    void registerOwner(FlowOwner owner);

    /** The owner's name for a cookie, {@code "foreign"} for entries the OFC did not write. */
    String ownerName(U64 cookie);

    /**
     * Records the entries and sends them if the switch is connected (otherwise they are installed when it
     * connects). Rejections by the switch are logged.
     */
    void add(DatapathId id, List<FlowEntry> entries);

    /** Like {@link #add} but completes once the switch confirmed them (BARRIER), or fails. */
    CompletableFuture<Void> addConfirmed(DatapathId id, List<FlowEntry> entries);

    /** Forgets the covered entries and sends the matching non-strict delete. */
    void delete(DatapathId id, FlowDeletion deletion);

    /** The controller's view of a switch's entries. */
    Collection<FlowEntry> flows(DatapathId id);

    /** The entries the switch actually holds, read with a flow-stats request. */
    CompletableFuture<List<OFFlowStatsEntry>> readFromSwitch(DatapathId id);
}
