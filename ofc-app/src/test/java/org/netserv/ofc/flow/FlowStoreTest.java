package org.netserv.ofc.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

class FlowStoreTest {
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    private final DatapathId sw = DatapathId.of(1);
    private final FlowOwner mine = new FlowOwner(5, "mine");
    private final FlowOwner theirs = new FlowOwner(6, "theirs");
    private final FlowStore store = new FlowStore();

    private FlowEntry entry(FlowOwner o, int in, long dst, int out) {
        Match m = f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(in))
                .setExact(MatchField.ETH_DST, MacAddress.of(dst)).build();
        return new FlowEntry(TableId.of(1), 10, m,
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.of(out), 0xffff)))),
                o.cookie(), 5, 0);
    }

    @Test
    void nonStrictDeleteRemovesOnlyTheOwnersCoveredEntries() {
        store.put(sw, entry(mine, 1, 0xa, 2));
        store.put(sw, entry(mine, 3, 0xa, 2));
        store.put(sw, entry(mine, 1, 0xb, 2));
        store.put(sw, entry(theirs, 4, 0xa, 2));
        List<FlowEntry> removed = store.remove(sw, FlowDeletion.matching(TableId.of(1),
                f.buildMatch().setExact(MatchField.ETH_DST, MacAddress.of(0xa)).build(), mine));
        assertThat(removed).hasSize(2);
        assertThat(store.entries(sw)).hasSize(2);
    }

    @Test
    void aDeletionWithAnAddressPrefixCoversEntriesWithThatVeryPrefix() {
        var ten = org.projectfloodlight.openflow.types.IPv4AddressWithMask.of("10.0.0.0/8");
        var eleven = org.projectfloodlight.openflow.types.IPv4AddressWithMask.of("11.0.0.0/8");
        for (var prefix : List.of(ten, eleven)) {
            Match m = f.buildMatch().setExact(MatchField.ETH_TYPE, org.projectfloodlight.openflow.types.EthType.IPv4)
                    .setMasked(MatchField.IPV4_DST, prefix).setExact(MatchField.IN_PORT, OFPort.of(2)).build();
            store.put(sw, new FlowEntry(TableId.of(0), 10, m, List.of(), mine.cookie(), 0, 0));
        }
        Match pattern = f.buildMatch().setExact(MatchField.ETH_TYPE, org.projectfloodlight.openflow.types.EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, ten).build();
        assertThat(store.remove(sw, FlowDeletion.matching(TableId.of(0), pattern, mine))).hasSize(1);
        assertThat(store.entries(sw)).extracting(e -> e.match().getMasked(MatchField.IPV4_DST)).containsExactly(eleven);
    }

    @Test
    void deleteByOutputPortMatchesActions() {
        store.put(sw, entry(mine, 1, 0xa, 2));
        store.put(sw, entry(mine, 2, 0xb, 1));
        store.remove(sw, FlowDeletion.outputtingTo(TableId.of(1), OFPort.of(2), f.buildMatch().build(), mine));
        assertThat(store.entries(sw)).extracting(e -> e.match().get(MatchField.ETH_DST))
                .containsExactly(MacAddress.of(0xb));
    }

    @Test
    void flowRemovedFromTheSwitchIsForgottenOnlyIfItIsTheSameEntry() {
        FlowEntry e = entry(mine, 1, 0xa, 2);
        store.put(sw, e);
        var otherCookie = f.buildFlowRemoved().setTableId(e.table()).setPriority(e.priority()).setMatch(e.match())
                .setCookie(theirs.cookie()).setReason(OFFlowRemovedReason.IDLE_TIMEOUT).build();
        assertThat(store.onFlowRemoved(sw, otherCookie)).isFalse();
        var deletedByOperator = otherCookie.createBuilder().setCookie(e.cookie())
                .setReason(OFFlowRemovedReason.DELETE).build();
        assertThat(store.onFlowRemoved(sw, deletedByOperator)).as("still wanted: restored on resync").isFalse();
        assertThat(store.entries(sw)).containsExactly(e);
        var expired = otherCookie.createBuilder().setCookie(e.cookie()).build();
        assertThat(store.onFlowRemoved(sw, expired)).isTrue();
        assertThat(store.entries(sw)).isEmpty();
    }

    @Test
    void deletionSentToTheSwitchUsesTheOwnersCookieMask() {
        var del = FlowDeletion.matching(TableId.of(1), f.buildMatch().build(), mine).toFlowMod(f);
        assertThat(del.getCookie()).isEqualTo(mine.cookie());
        assertThat(del.getCookieMask()).isEqualTo(FlowOwner.OWNER_MASK);
        assertThat(del.getOutPort()).isEqualTo(OFPort.ANY);
    }
}
