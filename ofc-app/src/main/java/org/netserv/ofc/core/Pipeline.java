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
 */
public final class Pipeline {
    private Pipeline() {}

    public static final TableId CLASSIFY_TABLE = TableId.of(0);
    public static final TableId FORWARDING_TABLE = TableId.of(1);
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
