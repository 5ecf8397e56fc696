package org.netserv.ofc.core;

import java.util.List;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * The OpenFlow 1.3 tables every switch gets:
 * table 0 (classify) is kept for steering and signaling entries in front of forwarding; its table-miss
 * entry continues to table 1 (forwarding), whose table-miss entry sends the packet to the controller.
 * Table 2 (affinity) holds steering's flow pins and sidecar choice, table 3 (learn) the entries that pin
 * new flows; their misses drop (nothing is sent there that has no entry).
 */
public final class Pipeline {
    private Pipeline() {}

    public static final TableId CLASSIFY_TABLE = TableId.of(0);
    public static final TableId FORWARDING_TABLE = TableId.of(1);
    /**
     * Steering's second stage: per-flow entries the switch learns (which sidecar a flow is pinned to),
     * then per-module entries that pick a sidecar for a new flow. Reached only from classify.
     */
    public static final TableId AFFINITY_TABLE = TableId.of(2);
    /**
     * Steering's learner: a group bucket resubmits here to pin the flow to the sidecar it chose. Its
     * entries hold Open vSwitch actions our OpenFlow codec cannot read back, so the controller never
     * reads this table (see {@link org.netserv.ofc.flow.FlowOwner#FIRST_SWITCH_LEARNED_ID}).
     */
    public static final TableId LEARN_TABLE = TableId.of(3);
    /** Tables the controller reads back (flow stats); everything but the learner. */
    public static final List<TableId> READABLE_TABLES = List.of(CLASSIFY_TABLE, FORWARDING_TABLE, AFFINITY_TABLE);
    /** Cookie owner of the pipeline's own entries. */
    public static final FlowOwner OWNER = new FlowOwner(1, "openflow");
    public static final int TABLE_MISS_PRIORITY = 0;

    /** The two table-miss entries. Whole frames go to the controller (no buffering). */
    public static List<FlowEntry> tableMissEntries(OFFactory f) {
        FlowEntry classifyMiss = new FlowEntry(CLASSIFY_TABLE, TABLE_MISS_PRIORITY, f.buildMatch().build(),
                List.of(f.instructions().gotoTable(FORWARDING_TABLE)), OWNER.cookie(), 0, 0);
        FlowEntry forwardingMiss = new FlowEntry(FORWARDING_TABLE, TABLE_MISS_PRIORITY, f.buildMatch().build(),
                List.of(f.instructions().applyActions(List.of(
                        f.actions().output(OFPort.CONTROLLER, SwitchHandshake.MISS_SEND_LEN)))),
                OWNER.cookie(), 0, 0);
        return List.of(classifyMiss, forwardingMiss);
    }
}
