package org.netserv.topology.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netserv.topology.TestTopologies.HOST_PORT;
import static org.netserv.topology.TestTopologies.T0;
import static org.netserv.topology.TestTopologies.spine;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TestTopologies;
import org.netserv.topology.TopologyGraph;

class ShortestPathsTest {
    private static SwitchPort host(long dpid) {
        return SwitchPort.of(dpid, HOST_PORT);
    }

    private static List<List<Hop>> hops(List<Path> paths) {
        return paths.stream().map(Path::hops).toList();
    }

    @Test
    void ringWithDiagonalTakesTheDiagonalAndListsBothWaysRoundTheOtherPair() {
        TopologyGraph g = TestTopologies.ringWithDiagonal();
        ShortestPaths from1 = ShortestPaths.bfs(g, 1);
        assertThat(from1.distance(3)).hasValue(1);
        assertThat(from1.pathCount(3)).isEqualTo(1);
        Path diagonal = from1.path(host(1), host(3)).orElseThrow();
        assertThat(diagonal.hops()).containsExactly(new Hop(1, 1, 4), new Hop(3, 4, 1));
        assertThat(diagonal.links()).containsExactly(Link.of(1, 4, 3, 4));
        assertThat(diagonal.cost()).isEqualTo(1);

        ShortestPaths from2 = ShortestPaths.bfs(g, 2);
        assertThat(from2.distance(4)).hasValue(2);
        assertThat(from2.pathCount(4)).isEqualTo(2);
        List<Path> both = from2.paths(host(2), host(4), 10);
        assertThat(hops(both)).containsExactly(
                List.of(new Hop(2, 1, 2), new Hop(3, 3, 2), new Hop(4, 3, 1)),
                List.of(new Hop(2, 1, 3), new Hop(1, 2, 3), new Hop(4, 2, 1)));
        assertThat(both).extracting(Path::cost).containsOnly(2L);
        assertThat(both.get(0).switches()).containsExactly(2L, 3L, 4L);
        assertThat(from2.path(host(2), host(4))).contains(both.get(0));
        assertThat(from2.paths(host(2), host(4), 1)).containsExactly(both.get(0));
    }

    @Test
    void weightsSteerAroundAHeavyDiagonal() {
        TopologyGraph g = TestTopologies.ringWithDiagonal();
        LinkWeigher heavyDiagonal = LinkWeigher.of(Map.of(Link.of(1, 4, 3, 4), 5L, Link.of(3, 4, 1, 4), 5L), 1);
        ShortestPaths sp = ShortestPaths.dijkstra(g, 1, heavyDiagonal);
        assertThat(sp.distance(3)).hasValue(2);
        assertThat(sp.pathCount(3)).isEqualTo(2);
        assertThat(hops(sp.paths(host(1), host(3), 10))).containsExactly(
                List.of(new Hop(1, 1, 2), new Hop(2, 3, 2), new Hop(3, 3, 1)),
                List.of(new Hop(1, 1, 3), new Hop(4, 2, 3), new Hop(3, 2, 1)));
        LinkWeigher heavier = LinkWeigher.of(Map.of(Link.of(1, 4, 3, 4), 2L), 1);
        assertThat(ShortestPaths.dijkstra(g, 1, heavier).pathCount(3)).as("a tie with the diagonal: 3 ways")
                .isEqualTo(3);
    }

    @Test
    void aLeafSpineFatTreeHasOneEqualCostPathPerSpine() {
        TopologyGraph g = TestTopologies.leafSpine(4, 2);
        ShortestPaths sp = ShortestPaths.bfs(g, 1);
        assertThat(sp.distance(4)).hasValue(2);
        assertThat(sp.distance(spine(2))).hasValue(1);
        assertThat(sp.pathCount(4)).isEqualTo(2);
        assertThat(hops(sp.paths(host(1), host(4), 10))).containsExactly(
                List.of(new Hop(1, 1, 2), new Hop(spine(1), 2, 5), new Hop(4, 2, 1)),
                List.of(new Hop(1, 1, 3), new Hop(spine(2), 2, 5), new Hop(4, 3, 1)));

        TopologyGraph wide = TestTopologies.leafSpine(6, 4);
        ShortestPaths w = ShortestPaths.dijkstra(wide, 3, LinkWeigher.HOPS);
        for (long leaf = 1; leaf <= 6; leaf++) {
            if (leaf != 3) {
                assertThat(w.pathCount(leaf)).isEqualTo(4);
                List<Path> paths = w.paths(host(3), host(leaf), 100);
                assertThat(paths).hasSize(4).doesNotHaveDuplicates();
                assertThat(paths).extracting(p -> p.switches().get(1))
                        .containsExactly(spine(1), spine(2), spine(3), spine(4));
            }
        }
        assertThat(w.paths(host(3), host(5), 3)).as("limited").hasSize(3);
        assertThat(ShortestPaths.bfs(wide, spine(1)).pathCount(spine(2))).as("spine to spine via any leaf")
                .isEqualTo(6);
    }

    @Test
    void pathsAreRecomputedAfterALinkFailure() {
        TopologyGraph g = TestTopologies.ringWithDiagonal();
        long before = g.version();
        assertThat(ShortestPaths.bfs(g, 1).distance(3)).hasValue(1);
        g.portDown(SwitchPort.of(3, 4));
        assertThat(g.version()).isNotEqualTo(before);
        ShortestPaths after = ShortestPaths.bfs(g, 1);
        assertThat(after.distance(3)).hasValue(2);
        assertThat(after.pathCount(3)).isEqualTo(2);
        assertThat(after.paths(host(1), host(3), 10)).noneMatch(p -> p.uses(Link.of(1, 4, 3, 4)));
        g.portDown(SwitchPort.of(1, 2));
        ShortestPaths twice = ShortestPaths.bfs(g, 1);
        assertThat(hops(twice.paths(host(1), host(2), 10))).containsExactly(
                List.of(new Hop(1, 1, 3), new Hop(4, 2, 3), new Hop(3, 2, 3), new Hop(2, 2, 1)));
    }

    @Test
    void bothEndsOnOneSwitchGiveOneHop() {
        TopologyGraph g = TestTopologies.ring(3);
        ShortestPaths sp = ShortestPaths.bfs(g, 2);
        assertThat(sp.distance(2)).hasValue(0);
        assertThat(sp.pathCount(2)).isEqualTo(1);
        Path local = sp.path(host(2), SwitchPort.of(2, 7)).orElseThrow();
        assertThat(local.hops()).containsExactly(new Hop(2, 1, 7));
        assertThat(local.links()).isEmpty();
        assertThat(local.cost()).isZero();
    }

    @Test
    void unreachableSwitchesAndOneWayLinks() {
        TopologyGraph g = new TopologyGraph();
        g.addSwitch(1, List.of(1, 2));
        g.addSwitch(2, List.of(1, 2));
        g.addSwitch(3, List.of(1));
        g.putLink(Link.of(1, 2, 2, 2), LinkType.DIRECT, T0);
        ShortestPaths from1 = ShortestPaths.bfs(g, 1);
        assertThat(from1.reaches(2)).isTrue();
        assertThat(from1.reaches(3)).isFalse();
        assertThat(from1.distance(3)).isEmpty();
        assertThat(from1.pathCount(3)).isZero();
        assertThat(from1.paths(host(1), host(3), 5)).isEmpty();
        assertThat(from1.path(host(1), host(3))).isEmpty();
        assertThat(ShortestPaths.bfs(g, 2).reaches(1)).as("only 1->2 is known").isFalse();
        assertThat(ShortestPaths.bfs(g, 99).reaches(99)).as("unknown source").isFalse();
        assertThatThrownBy(() -> from1.paths(host(2), host(3), 5))
                .hasMessageContaining("start at 00:00:00:00:00:00:00:01");
        assertThatThrownBy(() -> from1.paths(host(1), host(2), 0)).hasMessageContaining("at least 1");
    }

    @Test
    void parallelCablesAreAlternativesAndNegativeWeightsLeaveLinksOut() {
        TopologyGraph g = new TopologyGraph();
        TestTopologies.cable(g, 1, 2, 2, 2);
        TestTopologies.cable(g, 1, 3, 2, 3);
        ShortestPaths sp = ShortestPaths.bfs(g, 1);
        assertThat(sp.pathCount(2)).isEqualTo(2);
        assertThat(hops(sp.paths(host(1), host(2), 5))).containsExactly(
                List.of(new Hop(1, 1, 2), new Hop(2, 2, 1)), List.of(new Hop(1, 1, 3), new Hop(2, 3, 1)));
        LinkWeigher avoid = l -> l.link().equals(Link.of(1, 2, 2, 2)) ? -1 : 1;
        ShortestPaths avoiding = ShortestPaths.dijkstra(g, 1, avoid);
        assertThat(avoiding.pathCount(2)).isEqualTo(1);
        assertThat(avoiding.path(host(1), host(2)).orElseThrow().links()).containsExactly(Link.of(1, 3, 2, 3));
        assertThatThrownBy(() -> ShortestPaths.dijkstra(g, 1, l -> 0)).hasMessageContaining("weighs 0");
    }

    @Test
    void broadcastDomainLinksCostMoreWithPreferDirect() {
        TopologyGraph g = TestTopologies.ring(4);
        g.addSwitch(1, List.of(9));
        g.addSwitch(3, List.of(9));
        g.putLink(Link.of(1, 9, 3, 9), LinkType.BROADCAST_DOMAIN, T0);
        assertThat(ShortestPaths.bfs(g, 1).distance(3)).hasValue(1);
        ShortestPaths direct = ShortestPaths.dijkstra(g, 1, LinkWeigher.PREFER_DIRECT);
        assertThat(direct.distance(3)).hasValue(2);
        assertThat(direct.paths(host(1), host(3), 5)).noneMatch(p -> p.uses(Link.of(1, 9, 3, 9)));
    }

    @Test
    void aPathRefusesLinksThatDoNotChain() {
        assertThatThrownBy(() -> Path.of(host(1), host(3), List.of(Link.of(2, 2, 3, 3)), 1))
                .hasMessageContaining("does not start where the path is");
        assertThatThrownBy(() -> Path.of(host(1), host(3), List.of(Link.of(1, 2, 2, 3)), 1))
                .hasMessageContaining("do not end at");
    }
}
