package org.netserv.topology.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netserv.topology.TestTopologies.T0;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TestTopologies;
import org.netserv.topology.TopologyGraph;

class BroadcastTreeTest {
    @Test
    void aRingOfFourBlocksExactlyOneCable() {
        TopologyGraph g = TestTopologies.ring(4);
        BroadcastTree tree = BroadcastTree.compute(g);
        assertThat(tree.treeCables()).containsExactly(Link.of(1, 2, 2, 3), Link.of(1, 3, 4, 2), Link.of(2, 2, 3, 3));
        assertThat(tree.blockedCables()).containsExactly(Link.of(3, 2, 4, 3));
        assertThat(TreeChecks.spansWithoutCycle(g, tree)).isTrue();
        assertThat(tree.isTreeLink(Link.of(2, 3, 1, 2))).as("either direction").isTrue();
        assertThat(tree.isTreeLink(Link.of(4, 3, 3, 2))).isFalse();
        assertThat(tree.broadcastPorts(1)).containsExactly(1, 2, 3);
        assertThat(tree.broadcastPorts(3)).as("host port and the tree cable to 2").containsExactly(1, 3);
        assertThat(tree.broadcastPorts(4)).containsExactly(1, 2);
        assertThat(tree.acceptsBroadcastFrom(SwitchPort.of(3, 2))).isFalse();
        assertThat(tree.acceptsBroadcastFrom(SwitchPort.of(3, 1))).isTrue();
        assertThat(tree.floodPorts(SwitchPort.of(3, 2))).as("came round the loop: dropped").isEmpty();
        assertThat(tree.floodPorts(SwitchPort.of(1, 1))).containsExactly(2, 3);
        assertThat(tree.floodPorts(SwitchPort.of(2, 3))).containsExactly(1, 2);
        assertThat(tree.root(4)).isEqualTo(1);
    }

    @Test
    void ringWithDiagonalAndFatTreeSpanWithoutCycles() {
        TopologyGraph ring = TestTopologies.ringWithDiagonal();
        BroadcastTree t = BroadcastTree.compute(ring);
        assertThat(t.treeCables()).hasSize(3);
        assertThat(t.blockedCables()).hasSize(2);
        assertThat(TreeChecks.spansWithoutCycle(ring, t)).isTrue();
        assertThat(TreeChecks.floodReachesEverySwitchOnce(ring, t)).isTrue();

        TopologyGraph fat = TestTopologies.leafSpine(4, 2);
        BroadcastTree f = BroadcastTree.compute(fat);
        assertThat(f.treeCables()).hasSize(5);
        assertThat(f.blockedCables()).hasSize(3);
        assertThat(TreeChecks.spansWithoutCycle(fat, f)).isTrue();
        assertThat(TreeChecks.floodReachesEverySwitchOnce(fat, f)).isTrue();
        assertThat(f.broadcastPorts(TestTopologies.spine(2))).as("spine 2: its host port and leaf 1")
                .containsExactly(1, 2);
    }

    @Test
    void theTreeIsRecomputedOnlyWhenTheGraphChangesAndHealsAfterAFailure() {
        TopologyGraph g = TestTopologies.ring(4);
        BroadcastTree tree = BroadcastTree.upToDate(null, g);
        g.putLink(Link.of(1, 2, 2, 3), LinkType.DIRECT, T0 + 1);
        assertThat(BroadcastTree.upToDate(tree, g)).as("a refresh is no change").isSameAs(tree);
        assertThat(BroadcastTree.upToDate(tree, TestTopologies.ring(4))).as("another graph").isNotSameAs(tree);

        g.portDown(SwitchPort.of(2, 2));   // the tree cable 2/2 - 3/3 is pulled: both ends go down
        g.portDown(SwitchPort.of(3, 3));
        BroadcastTree healed = BroadcastTree.upToDate(tree, g);
        assertThat(healed).isNotSameAs(tree);
        assertThat(healed.graphVersion()).isEqualTo(g.version());
        assertThat(healed.treeCables()).containsExactly(Link.of(1, 2, 2, 3), Link.of(1, 3, 4, 2), Link.of(3, 2, 4, 3));
        assertThat(healed.blockedCables()).as("a line has no loop left").isEmpty();
        assertThat(healed.broadcastPorts(3)).as("the formerly blocked port now carries broadcasts")
                .containsExactly(1, 2);
        assertThat(healed.broadcastPorts(2)).as("the down port is gone").containsExactly(1, 3);
        assertThat(TreeChecks.spansWithoutCycle(g, healed)).isTrue();
    }

    @Test
    void piecesOfANetworkGetOneTreeEachAndLoneSwitchesFloodToHosts() {
        TopologyGraph g = TestTopologies.ring(3);
        TestTopologies.cable(g, 7, 2, 8, 2);
        g.addSwitch(9, List.of(1, 2));
        BroadcastTree t = BroadcastTree.compute(g);
        assertThat(t.root(3)).isEqualTo(1);
        assertThat(t.root(8)).isEqualTo(7);
        assertThat(t.root(9)).isEqualTo(9);
        assertThat(t.treeCables()).hasSize(2 + 1);
        assertThat(t.broadcastPorts(9)).containsExactly(1, 2);
        assertThat(t.broadcastPorts(42)).isEmpty();
        assertThatThrownBy(() -> t.root(42)).hasMessageContaining("unknown switch");
        assertThat(TreeChecks.spansWithoutCycle(g, t)).isTrue();
    }

    @Test
    void aSwitchLoopedThroughALegacySegmentFloodsOutOfOnlyOneOfThosePorts() {
        TopologyGraph g = new TopologyGraph();
        g.addSwitch(1, List.of(1, 2, 3));
        g.putLink(Link.of(1, 2, 1, 3), LinkType.BROADCAST_DOMAIN, T0);
        BroadcastTree t = BroadcastTree.compute(g);
        assertThat(t.treeCables()).isEmpty();
        assertThat(t.blockedCables()).containsExactly(Link.of(1, 2, 1, 3));
        assertThat(t.broadcastPorts(1)).containsExactly(1);
    }
}
