package org.netserv.ofc.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class FlowSyncTest {
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    private final FlowOwner owner = new FlowOwner(3, "test");

    private FlowEntry entry(long mac, int outPort) {
        return new FlowEntry(TableId.of(1), 100, f.buildMatch().setExact(MatchField.ETH_DST, MacAddress.of(mac)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.of(outPort), 0xffff)))),
                owner.cookie(), 10, 0);
    }

    private OFFlowStatsEntry onSwitch(FlowEntry e, U64 cookie) {
        return f.buildFlowStatsEntry().setTableId(e.table()).setPriority(e.priority()).setMatch(e.match())
                .setInstructions(e.instructions()).setCookie(cookie).setIdleTimeout(e.idleTimeout()).build();
    }

    @Test
    void equalEntriesAreKeptStaleRemovedMissingAddedChangedReplaced() {
        FlowEntry same = entry(1, 2);
        FlowEntry missing = entry(2, 3);
        FlowEntry changed = entry(3, 4);
        FlowEntry stale = entry(4, 5);
        FlowSync.Plan plan = FlowSync.plan(f, List.of(same, missing, changed),
                List.of(onSwitch(same, same.cookie()), onSwitch(entry(3, 9), changed.cookie()),
                        onSwitch(stale, stale.cookie())));

        assertThat(plan.summary()).isEqualTo("1 kept, 1 added, 1 replaced, 1 stale removed");
        assertThat(plan.messages().get(0)).isInstanceOf(OFFlowDeleteStrict.class);
        assertThat(plan.messages().get(0).getMatch().get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(4));
        assertThat(plan.messages().subList(1, 3)).allMatch(m -> m instanceof OFFlowAdd)
                .extracting(m -> m.getMatch().get(MatchField.ETH_DST))
                .containsExactlyInAnyOrder(MacAddress.of(2), MacAddress.of(3));
    }

    @Test
    void entriesWithoutTheNetServMarkerAreNeverTouched() {
        FlowEntry operators = entry(7, 1);
        FlowSync.Plan plan = FlowSync.plan(f, List.of(), List.of(onSwitch(operators, U64.of(0x1234))));
        assertThat(plan.messages()).isEmpty();
    }

    @Test
    void entriesWithTimeoutsAskTheSwitchToReportTheirRemoval() {
        assertThat(entry(1, 1).toFlowAdd(f).getFlags())
                .containsExactly(org.projectfloodlight.openflow.protocol.OFFlowModFlags.SEND_FLOW_REM);
        FlowEntry permanent = new FlowEntry(TableId.of(0), 0, f.buildMatch().build(), List.of(), owner.cookie(), 0, 0);
        assertThat(permanent.toFlowAdd(f).getFlags()).isEmpty();
    }

    @Test
    void cookiesCarryMarkerOwnerAndOwnBits() {
        U64 c = owner.cookie(0xabcd);
        assertThat(c.getValue()).isEqualTo(0x4E530003_0000ABCDL);
        assertThat(FlowOwner.isNetServ(c)).isTrue();
        assertThat(FlowOwner.ownerId(c)).isEqualTo(3);
        assertThat(FlowOwner.ownerId(U64.of(0x1234))).isZero();
        assertThat(owner.owns(c)).isTrue();
        assertThat(new FlowOwner(4, "x").owns(c)).isFalse();
    }
}
