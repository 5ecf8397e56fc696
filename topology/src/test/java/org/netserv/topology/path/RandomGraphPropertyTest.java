package org.netserv.topology.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netserv.topology.TestTopologies.HOST_PORT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TestTopologies;
import org.netserv.topology.TopologyGraph;

/**
 * Properties on seeded random connected graphs, checked against independent computations: Floyd-Warshall
 * distances, a brute-force count of shortest simple paths, a hop-by-hop walk of every path over the graph's
 * links, and a simulated flood over the broadcast tree.
 */
class RandomGraphPropertyTest {
    private static final long SEED = 0x6_0417L;
    private static final long INF = Long.MAX_VALUE / 4;

    @Test
    void everyShortestPathIsValidMinimalAndCountedAndTheTreeSpansLoopFree() {
        Random rnd = new Random(SEED);
        int pairs = 0;
        for (int round = 0; round < 150; round++) {
            int n = 2 + rnd.nextInt(9);
            TopologyGraph g = TestTopologies.randomConnected(rnd, n, rnd.nextInt(2 * n));
            Map<Link, Long> w = new HashMap<>();
            for (LinkRecord r : g.links()) {
                w.put(r.link(), 1L + rnd.nextInt(4));
            }
            LinkWeigher weigher = LinkWeigher.of(w, 1);
            String graph = "round " + round + ", " + g.links().size() + " links: " + g.links();
            for (boolean weighted : new boolean[] {false, true}) {
                Map<Long, Map<Long, Long>> fw = floydWarshall(g, weighted ? w : null);
                for (long s : g.switches()) {
                    ShortestPaths sp = weighted ? ShortestPaths.dijkstra(g, s, weigher) : ShortestPaths.bfs(g, s);
                    if (!weighted) {
                        ShortestPaths same = ShortestPaths.dijkstra(g, s, LinkWeigher.HOPS);
                        for (long t : g.switches()) {
                            assertThat(same.pathCount(t)).as(graph).isEqualTo(sp.pathCount(t));
                            assertThat(same.distance(t)).as(graph).isEqualTo(sp.distance(t));
                        }
                    }
                    for (long t : g.switches()) {
                        long d = fw.get(s).get(t);
                        assertThat(sp.distance(t)).as("%s: %x->%x", graph, s, t).hasValue(d);
                        SwitchPort from = SwitchPort.of(s, HOST_PORT);
                        SwitchPort to = SwitchPort.of(t, HOST_PORT);
                        List<Path> paths = sp.paths(from, to, 10_000);
                        assertThat(paths).as(graph).isNotEmpty().doesNotHaveDuplicates();
                        assertThat((long) paths.size()).as(graph).isEqualTo(sp.pathCount(t));
                        for (Path p : paths) {
                            assertThat(walk(g, p, weighted ? w : null)).as("%s: %s", graph, p).isEqualTo(d);
                            assertThat(p.cost()).isEqualTo(d);
                            assertThat(new HashSet<>(p.switches())).as("simple").hasSize(p.hops().size());
                        }
                        assertThat(sp.path(from, to)).contains(paths.get(0));
                        if (n <= 7) {
                            assertThat(bruteForceCount(g, s, t, d, weighted ? w : null)).as(graph)
                                    .isEqualTo(sp.pathCount(t));
                        }
                        pairs++;
                    }
                }
            }
            BroadcastTree tree = BroadcastTree.compute(g);
            assertThat(tree.treeCables()).as(graph).hasSize(n - 1);
            assertThat(TreeChecks.spansWithoutCycle(g, tree)).as(graph).isTrue();
            assertThat(TreeChecks.floodReachesEverySwitchOnce(g, tree)).as(graph).isTrue();
            assertThat(BroadcastTree.compute(g).treeCables()).as("deterministic").isEqualTo(tree.treeCables());
        }
        assertThat(pairs).isGreaterThan(1000);
    }

    @Test
    void afterRandomFailuresTheRecomputedTreeStillSpansEachPiece() {
        Random rnd = new Random(SEED + 1);
        for (int round = 0; round < 100; round++) {
            int n = 3 + rnd.nextInt(8);
            TopologyGraph g = TestTopologies.randomConnected(rnd, n, rnd.nextInt(2 * n));
            BroadcastTree tree = BroadcastTree.compute(g);
            for (int failures = 0; failures < 3 && !g.links().isEmpty(); failures++) {
                List<LinkRecord> links = g.links();
                g.portDown(links.get(rnd.nextInt(links.size())).src());
                tree = BroadcastTree.upToDate(tree, g);
                assertThat(tree.graphVersion()).isEqualTo(g.version());
                assertThat(TreeChecks.spansWithoutCycle(g, tree)).as("round %d: %s", round, g.links()).isTrue();
                assertThat(TreeChecks.floodReachesEverySwitchOnce(g, tree)).isTrue();
                for (long s : g.switches()) {
                    ShortestPaths sp = ShortestPaths.bfs(g, s);
                    for (long t : g.switches()) {
                        assertThat(sp.reaches(t)).as("reachable iff in one tree")
                                .isEqualTo(tree.root(s) == tree.root(t));
                    }
                }
            }
        }
    }

    /** All-pairs distances by Floyd-Warshall; null weights mean hop count. */
    private static Map<Long, Map<Long, Long>> floydWarshall(TopologyGraph g, Map<Link, Long> weights) {
        List<Long> v = new ArrayList<>(g.switches());
        Map<Long, Map<Long, Long>> d = new HashMap<>();
        for (long a : v) {
            Map<Long, Long> row = new HashMap<>();
            for (long b : v) {
                row.put(b, a == b ? 0 : INF);
            }
            d.put(a, row);
        }
        for (LinkRecord r : g.links()) {
            long w = weights == null ? 1 : weights.get(r.link());
            d.get(r.src().dpid()).merge(r.dst().dpid(), w, Math::min);
        }
        for (long k : v) {
            for (long a : v) {
                for (long b : v) {
                    long via = d.get(a).get(k) + d.get(k).get(b);
                    if (via < d.get(a).get(b)) {
                        d.get(a).put(b, via);
                    }
                }
            }
        }
        return d;
    }

    /** Follows a path hop by hop over the graph's links and returns its cost; fails on any inconsistency. */
    private static long walk(TopologyGraph g, Path p, Map<Link, Long> weights) {
        List<Hop> hops = p.hops();
        assertThat(hops.get(0).dpid()).isEqualTo(p.from().dpid());
        assertThat(hops.get(0).inPort()).isEqualTo(p.from().port());
        assertThat(hops.get(hops.size() - 1).dpid()).isEqualTo(p.to().dpid());
        assertThat(hops.get(hops.size() - 1).outPort()).isEqualTo(p.to().port());
        long cost = 0;
        for (int i = 0; i + 1 < hops.size(); i++) {
            Link l = Link.of(hops.get(i).dpid(), hops.get(i).outPort(), hops.get(i + 1).dpid(), hops.get(i + 1).inPort());
            assertThat(g.link(l)).as("hop %d crosses a real link", i).isPresent();
            assertThat(p.links().get(i)).isEqualTo(l);
            cost += weights == null ? 1 : weights.get(l);
        }
        assertThat(p.links()).hasSize(hops.size() - 1);
        return cost;
    }

    /** Counts the simple paths (as link sequences) from s to t of cost d, by exhaustive search. */
    private static long bruteForceCount(TopologyGraph g, long s, long t, long d, Map<Link, Long> weights) {
        return count(g, s, t, d, weights, new HashSet<>(Set.of(s)));
    }

    private static long count(TopologyGraph g, long at, long t, long left, Map<Link, Long> weights, Set<Long> seen) {
        if (at == t) {
            return left == 0 ? 1 : 0;
        }
        long n = 0;
        for (LinkRecord r : g.linksFrom(at)) {
            long w = weights == null ? 1 : weights.get(r.link());
            long next = r.dst().dpid();
            if (w <= left && seen.add(next)) {
                n += count(g, next, t, left - w, weights, seen);
                seen.remove(next);
            }
        }
        return n;
    }
}
