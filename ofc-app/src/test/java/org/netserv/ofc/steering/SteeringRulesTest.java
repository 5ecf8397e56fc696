package org.netserv.ofc.steering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.steering.nx.NxBundleLoad;
import org.netserv.ofc.steering.nx.NxLearn;
import org.netserv.ofc.steering.nx.NxOutputReg;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;

class SteeringRulesTest {
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    private final PacketFilter sip = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"), null, 5060);

    @Test
    void filterBecomesAClassifyEntryThatTagsAndContinuesInTheAffinityTable() {
        FlowEntry e = SteeringRules.classify(f, 7, List.of(sip), false).get(0);
        assertThat(e.table()).isEqualTo(Pipeline.CLASSIFY_TABLE);
        assertThat(e.cookie()).isEqualTo(SteeringRules.cookie(7));
        assertThat(e.match().get(MatchField.UDP_DST)).isEqualTo(TransportPort.of(5060));
        assertThat(e.match().getMasked(MatchField.IPV4_DST).getValue()).isEqualTo(IPv4Address.of("10.0.0.0"));
        assertThat(e.match().isExact(MatchField.UDP_SRC)).isFalse();
        assertThat(e.instructions()).hasSize(2);
        assertThat(((OFInstructionGotoTable) e.instructions().get(1)).getTableId()).isEqualTo(Pipeline.AFFINITY_TABLE);
    }

    @Test
    void failOpenWithoutSidecarsGoesStraightToForwarding() {
        FlowEntry e = SteeringRules.classify(f, 7, List.of(sip), true).get(0);
        assertThat(e.instructions()).containsExactly(f.instructions().gotoTable(Pipeline.FORWARDING_TABLE));
    }

    @Test
    void symmetricModeAddsTheReverseFilter() {
        DeployRequest r = new DeployRequest("alice", "mon", "file:///m.jar", null, sip, 60L, null, null, null, true);
        List<FlowEntry> e = SteeringRules.classify(f, 1, r.steeredFilters(), false);
        assertThat(e).hasSize(2);
        assertThat(e.get(1).match().get(MatchField.UDP_SRC)).isEqualTo(TransportPort.of(5060));
        assertThat(e.get(1).match().getMasked(MatchField.IPV4_SRC).getValue()).isEqualTo(IPv4Address.of("10.0.0.0"));
    }

    @Test
    void narrowerFiltersWin() {
        PacketFilter host = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.2/32"), null, 5060);
        assertThat(SteeringRules.priority(host)).isGreaterThan(SteeringRules.priority(sip));
        assertThat(SteeringRules.priority(sip)).isLessThan(sidecarReturnPriority());
    }

    private static int sidecarReturnPriority() {
        return org.netserv.ofc.sidecars.SidecarsModule.RETURN_PRIORITY;
    }

    @Test
    void learnerPicksAmongTheSidecarsByWeightPinsBothDirectionsAndOutputs() {
        List<SteeringRules.Member> members = List.of(new SteeringRules.Member(OFPort.of(4), 2),
                new SteeringRules.Member(OFPort.of(5), 6));
        FlowEntry l = SteeringRules.learner(f, 3, Protocol.TCP, true, members, 30);
        assertThat(l.table()).isEqualTo(Pipeline.LEARN_TABLE);
        assertThat(l.cookie()).isEqualTo(SteeringRules.learnerCookie(3));
        var actions = ((OFInstructionApplyActions) l.instructions().get(0)).getActions();
        assertThat(actions).hasSize(4);
        assertThat(((NxBundleLoad) actions.get(0)).members()).as("weights 2:6 reduced to 1:3").containsExactly(4, 5, 5, 5);
        NxLearn fwd = (NxLearn) actions.get(1);
        NxLearn rev = (NxLearn) actions.get(2);
        assertThat(fwd.cookie()).isEqualTo(SteeringRules.pinCookie(3));
        assertThat(fwd.tableId()).isEqualTo(Pipeline.AFFINITY_TABLE.getValue());
        assertThat(fwd.idleTimeout()).isEqualTo(30);
        assertThat(fwd.toString()).contains("NXM_OF_TCP_SRC[],NXM_OF_TCP_DST[]");
        assertThat(rev.toString()).contains("NXM_OF_IP_SRC[]=NXM_OF_IP_DST[]").contains("NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[]");
        assertThat(actions.get(3)).isEqualTo(NxOutputReg.reg0Port());
        var oneWay = ((OFInstructionApplyActions) SteeringRules.learner(f, 3, Protocol.UDP, false, members, 30)
                .instructions().get(0)).getActions();
        assertThat(oneWay).hasSize(3);
    }

    @Test
    void withoutSidecarsTheLearnerDrops() {
        FlowEntry l = SteeringRules.learner(f, 3, Protocol.UDP, false, List.of(), 30);
        assertThat(((OFInstructionApplyActions) l.instructions().get(0)).getActions()).isEmpty();
    }

    @Test
    void theChooserHandsUnpinnedFlowsToTheLearner() {
        FlowEntry c = SteeringRules.chooser(f, 3);
        assertThat(c.table()).isEqualTo(Pipeline.AFFINITY_TABLE);
        assertThat(c.instructions()).containsExactly(f.instructions().gotoTable(Pipeline.LEARN_TABLE));
        assertThat(c.priority()).isLessThan(SteeringRules.PIN_PRIORITY);
    }

    @Test
    void pinCookiesAreNotReadBackButShareTheModulesLowBits() {
        assertThat(org.netserv.ofc.flow.FlowOwner.isSwitchLearned(SteeringRules.pinCookie(9))).isTrue();
        assertThat(org.netserv.ofc.flow.FlowOwner.isSwitchLearned(SteeringRules.cookie(9))).isFalse();
        assertThat(SteeringRules.pinCookie(9).getValue() & 0xFFFFFFFFL).isEqualTo(9);
    }

    @Test
    void onAnotherSwitchEdgePortsTagTheModulesTrafficAndTaggedFramesPassTowardTheSidecarsSwitch() {
        var way = new org.netserv.ofc.switches.SwitchApproaches.Approach(OFPort.of(9), List.of(OFPort.of(1), OFPort.of(2)));
        List<FlowEntry> entries = SteeringRules.approach(f, 7, List.of(sip), way);
        assertThat(entries).hasSize(3).allMatch(e -> e.cookie().equals(SteeringRules.approachCookie(7)));
        FlowEntry edge = entries.get(0);
        assertThat(edge.match().get(MatchField.IN_PORT)).isEqualTo(OFPort.of(1));
        assertThat(edge.match().get(MatchField.UDP_DST)).isEqualTo(TransportPort.of(5060));
        assertThat(edge.match().get(MatchField.VLAN_VID)).isEqualTo(org.projectfloodlight.openflow.types.OFVlanVidMatch.UNTAGGED);
        assertThat(edge.priority()).isEqualTo(SteeringRules.priority(sip));
        assertThat(edge.instructions()).containsExactly(f.instructions().applyActions(List.of(
                f.actions().pushVlan(org.projectfloodlight.openflow.types.EthType.VLAN_FRAME),
                f.actions().setField(f.oxms().vlanVid(org.projectfloodlight.openflow.types.OFVlanVidMatch.ofVlan(7))),
                f.actions().output(OFPort.of(9), 0xFFFF))));
        FlowEntry transit = entries.get(2);
        assertThat(transit.priority()).isGreaterThan(SteeringRules.priority(sip));
        assertThat(transit.match().get(MatchField.VLAN_VID)).isEqualTo(org.projectfloodlight.openflow.types.OFVlanVidMatch.ofVlan(7));
        assertThat(transit.match().get(MatchField.IN_PORT)).isNull();
    }

    @Test
    void onTheSidecarsSwitchTaggedFramesAreUntaggedAndSteeredOrForwardedWhenBypassing() {
        FlowEntry steered = SteeringRules.arrival(f, 7, false).get(0);
        assertThat(steered.cookie()).isEqualTo(SteeringRules.cookie(7));
        assertThat(steered.instructions()).hasSize(3);
        assertThat(steered.instructions().get(0)).isEqualTo(f.instructions().applyActions(List.of(f.actions().popVlan())));
        assertThat(((OFInstructionGotoTable) steered.instructions().get(2)).getTableId()).isEqualTo(Pipeline.AFFINITY_TABLE);
        FlowEntry bypass = SteeringRules.arrival(f, 7, true).get(0);
        assertThat(((OFInstructionGotoTable) bypass.instructions().get(1)).getTableId()).isEqualTo(Pipeline.FORWARDING_TABLE);
    }

    @Test
    void moduleNumbersBeyondVlanIdsGetNoWayFromOtherSwitches() {
        var way = new org.netserv.ofc.switches.SwitchApproaches.Approach(OFPort.of(9), List.of(OFPort.of(1)));
        assertThat(SteeringRules.approach(f, 4095, List.of(sip), way)).isEmpty();
        assertThat(SteeringRules.arrival(f, 4095, false)).isEmpty();
    }
}
