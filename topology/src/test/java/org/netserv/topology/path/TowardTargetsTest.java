package org.netserv.topology.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;

class TowardTargetsTest {
    private final TopologyGraph graph = new TopologyGraph();

    private void cable(long a, int pa, long b, int pb) {
        for (long d : new long[] {a, b}) {
            if (!graph.hasSwitch(d)) {
                graph.addSwitch(d, List.of(1, 2, 3, 4, 5, 6, 7, 8));
            }
        }
        graph.putLink(Link.of(a, pa, b, pb), LinkType.DIRECT, 0);
        graph.putLink(Link.of(b, pb, a, pa), LinkType.DIRECT, 0);
    }

    @Test
    void aChainLeadsTowardsItsEnd() {
        cable(1, 2, 2, 1);
        cable(2, 3, 3, 2);
        assertThat(TowardTargets.compute(graph, Set.of(3L))).containsExactly(Map.entry(1L, 2), Map.entry(2L, 3));
    }

    @Test
    void eachSwitchHeadsForTheNearestTargetAndTiesTakeTheLowestPort() {
        // ring 1-2-3-4-1; targets 1 and 3: 2 and 4 are one hop from both
        cable(1, 2, 2, 1);
        cable(2, 3, 3, 2);
        cable(3, 4, 4, 3);
        cable(4, 1, 1, 4);
        assertThat(TowardTargets.compute(graph, Set.of(1L, 3L))).containsExactly(Map.entry(2L, 1), Map.entry(4L, 1));
    }

    @Test
    void unknownTargetsAndUnreachableSwitchesGiveNothing() {
        cable(1, 2, 2, 1);
        graph.addSwitch(9, List.of(1));
        assertThat(TowardTargets.compute(graph, Set.of(7L))).isEmpty();
        assertThat(TowardTargets.compute(graph, Set.of(1L))).containsOnlyKeys(2L);
    }

    @Test
    void followingTheFirstHopsFromAnySwitchReachesATargetByAShortestPath() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            TopologyGraph g = new TopologyGraph();
            int n = 3 + random.nextInt(10);
            for (long d = 1; d <= n; d++) {
                g.addSwitch(d, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13));
            }
            for (long d = 2; d <= n; d++) { // a random tree plus random extra cables
                long p = 1 + random.nextInt((int) d - 1);
                g.putLink(Link.of(d, (int) p, p, (int) d), LinkType.DIRECT, 0);
                g.putLink(Link.of(p, (int) d, d, (int) p), LinkType.DIRECT, 0);
            }
            for (int extra = 0; extra < n / 2; extra++) {
                long a = 1 + random.nextInt(n);
                long b = 1 + random.nextInt(n);
                if (a != b && g.link(Link.of(a, (int) b, b, (int) a)).isEmpty()) {
                    g.putLink(Link.of(a, (int) b, b, (int) a), LinkType.DIRECT, 0);
                    g.putLink(Link.of(b, (int) a, a, (int) b), LinkType.DIRECT, 0);
                }
            }
            Set<Long> targets = new java.util.HashSet<>(List.of(1L + random.nextInt(n), 1L + random.nextInt(n)));
            var hops = TowardTargets.compute(g, targets);
            assertThat(hops).hasSize(n - targets.size());
            for (long s = 1; s <= n; s++) {
                if (targets.contains(s)) {
                    continue;
                }
                long at = s;
                int steps = 0;
                while (!targets.contains(at)) {
                    int port = hops.get(at);
                    long from = at;
                    at = g.linksFrom(from).stream().filter(r -> r.src().port() == port).findFirst().orElseThrow()
                            .dst().dpid();
                    steps++;
                }
                final long start = s;
                long shortest = targets.stream().mapToLong(t -> ShortestPaths.bfs(g, start).distance(t).orElseThrow())
                        .min().orElseThrow();
                assertThat(steps).as("steps from %d", s).isEqualTo(shortest);
            }
        }
    }

    @Test
    void theFirstHopIsALinkThatExists() {
        cable(1, 5, 2, 6);
        assertThat(graph.isLinkPort(SwitchPort.of(1, TowardTargets.compute(graph, Set.of(2L)).get(1L)))).isTrue();
    }
}
