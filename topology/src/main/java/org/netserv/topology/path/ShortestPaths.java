package org.netserv.topology.path;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import org.netserv.topology.Dpid;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;

/**
 * Every shortest path from one switch to all others, computed once (BFS for hop count, Dijkstra for link
 * weights) and kept as the DAG of links that lie on some shortest path, so the equal-cost alternatives
 * towards any destination can be counted and listed. An immutable snapshot: recompute when the graph's
 * {@link TopologyGraph#version()} changes.
 *
 * <p>Paths are listed in a fixed order (lexicographic by the out port, then next switch and in port, at
 * each hop), so {@link #path} is deterministic and {@code paths(...).get(hash % n)} spreads flows over
 * equal-cost paths the same way on every run.
 *
 * <pre>{@code
 * ShortestPaths sp = ShortestPaths.bfs(graph, 0x1L);
 * sp.distance(0x4L);                                         // OptionalLong[2]
 * sp.pathCount(0x4L);                                        // 2 on a square 1-2-4-3-1
 * sp.path(SwitchPort.of(1, 10), SwitchPort.of(4, 10));       // the first: via switch 2
 * List<Path> all = sp.paths(SwitchPort.of(1, 10), SwitchPort.of(4, 10), 8);
 * Path forFlow = all.get(Math.floorMod(flowHash, all.size()));
 * }</pre>
 */
public final class ShortestPaths {
    private static final Comparator<Link> LINK_ORDER = Comparator.naturalOrder();

    private final long source;
    private final Map<Long, Long> distance;
    /** Links on a shortest path, by the switch they leave, in {@link Link} order. */
    private final Map<Long, List<Link>> dagOut = new HashMap<>();
    /** Links on a shortest path, by the switch they enter. */
    private final Map<Long, List<Link>> dagIn = new HashMap<>();
    private final Map<Long, Long> pathCount = new HashMap<>();

    private ShortestPaths(long source, Map<Long, Long> distance, Map<Link, Long> weights) {
        this.source = source;
        this.distance = distance;
        weights.forEach((link, w) -> {
            Long du = distance.get(link.src().dpid());
            Long dv = distance.get(link.dst().dpid());
            if (du != null && dv != null && du + w == dv) {
                dagOut.computeIfAbsent(link.src().dpid(), k -> new ArrayList<>()).add(link);
                dagIn.computeIfAbsent(link.dst().dpid(), k -> new ArrayList<>()).add(link);
            }
        });
        dagOut.values().forEach(l -> l.sort(LINK_ORDER));
        countPaths();
    }

    /** Hop-count shortest paths from {@code source} by breadth-first search. */
    public static ShortestPaths bfs(TopologyGraph graph, long source) {
        Map<Long, Long> distance = new HashMap<>();
        Map<Link, Long> weights = new HashMap<>();
        if (graph.hasSwitch(source)) {
            distance.put(source, 0L);
            ArrayDeque<Long> queue = new ArrayDeque<>(List.of(source));
            while (!queue.isEmpty()) {
                long u = queue.poll();
                for (LinkRecord r : graph.linksFrom(u)) {
                    weights.put(r.link(), 1L);
                    long v = r.dst().dpid();
                    if (!distance.containsKey(v)) {
                        distance.put(v, distance.get(u) + 1);
                        queue.add(v);
                    }
                }
            }
        }
        return new ShortestPaths(source, distance, weights);
    }

    /**
     * Least-weight paths from {@code source} by Dijkstra's algorithm.
     *
     * @throws IllegalArgumentException when the weigher gives some link a weight of zero
     */
    public static ShortestPaths dijkstra(TopologyGraph graph, long source, LinkWeigher weigher) {
        Map<Long, Long> distance = new HashMap<>();
        Map<Link, Long> weights = new HashMap<>();
        if (graph.hasSwitch(source)) {
            Set<Long> settled = new HashSet<>();
            PriorityQueue<long[]> queue = new PriorityQueue<>(
                    Comparator.<long[]>comparingLong(e -> e[0]).thenComparing(e -> e[1], Long::compareUnsigned));
            distance.put(source, 0L);
            queue.add(new long[] {0, source});
            while (!queue.isEmpty()) {
                long[] top = queue.poll();
                long u = top[1];
                if (!settled.add(u)) {
                    continue;
                }
                for (LinkRecord r : graph.linksFrom(u)) {
                    long w = weigher.weight(r);
                    if (w == 0) {
                        throw new IllegalArgumentException("link " + r.link() + " weighs 0; weights must be positive");
                    }
                    if (w < 0) {
                        continue;
                    }
                    weights.put(r.link(), w);
                    long v = r.dst().dpid();
                    long dv = Math.addExact(top[0], w);
                    Long known = distance.get(v);
                    if (known == null || dv < known) {
                        distance.put(v, dv);
                        queue.add(new long[] {dv, v});
                    }
                }
            }
        }
        return new ShortestPaths(source, distance, weights);
    }

    /** The switch the paths start from. */
    public long source() {
        return source;
    }

    /** True when some path leads to {@code dpid}. */
    public boolean reaches(long dpid) {
        return distance.containsKey(dpid);
    }

    /** The cost of the shortest path to {@code dpid} (0 for the source), empty when unreachable. */
    public OptionalLong distance(long dpid) {
        Long d = distance.get(dpid);
        return d == null ? OptionalLong.empty() : OptionalLong.of(d);
    }

    /** How many distinct shortest paths lead to {@code dpid} (0 when unreachable; capped at Long.MAX_VALUE). */
    public long pathCount(long dpid) {
        return pathCount.getOrDefault(dpid, 0L);
    }

    /** The first of {@link #paths}: the deterministic choice among equal-cost paths. */
    public Optional<Path> path(SwitchPort from, SwitchPort to) {
        List<Path> one = paths(from, to, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * Up to {@code limit} shortest paths from the attachment point {@code from} (on the source switch) to
     * {@code to}, all of equal cost, in the fixed order; empty when {@code to} is unreachable.
     *
     * @throws IllegalArgumentException when {@code from} is not on the source switch, or limit is below 1
     */
    public List<Path> paths(SwitchPort from, SwitchPort to, int limit) {
        if (from.dpid() != source) {
            throw new IllegalArgumentException("these paths start at " + Dpid.toString(source) + ", not at " + from);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (!reaches(to.dpid())) {
            return List.of();
        }
        Set<Long> leadsThere = ancestors(to.dpid());
        List<Path> found = new ArrayList<>();
        walk(source, to, leadsThere, new ArrayList<>(), found, limit, from);
        return Collections.unmodifiableList(found);
    }

    /** Every switch from which the DAG leads to {@code target} (including it). */
    private Set<Long> ancestors(long target) {
        Set<Long> seen = new HashSet<>(List.of(target));
        ArrayDeque<Long> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            for (Link l : dagIn.getOrDefault(todo.poll(), List.of())) {
                if (seen.add(l.src().dpid())) {
                    todo.add(l.src().dpid());
                }
            }
        }
        return seen;
    }

    private void walk(long at, SwitchPort to, Set<Long> leadsThere, List<Link> sofar, List<Path> found, int limit,
            SwitchPort from) {
        if (at == to.dpid()) {
            found.add(Path.of(from, to, sofar, distance.get(at)));
            return;
        }
        for (Link l : dagOut.getOrDefault(at, List.of())) {
            if (found.size() >= limit) {
                return;
            }
            if (leadsThere.contains(l.dst().dpid())) {
                sofar.add(l);
                walk(l.dst().dpid(), to, leadsThere, sofar, found, limit, from);
                sofar.remove(sofar.size() - 1);
            }
        }
    }

    /** Counts paths in order of distance, which is a topological order of the DAG since weights are positive. */
    private void countPaths() {
        List<Long> byDistance = new ArrayList<>(distance.keySet());
        byDistance.sort(Comparator.comparingLong(distance::get));
        for (long v : byDistance) {
            long n = v == source ? 1 : 0;
            for (Link l : dagIn.getOrDefault(v, List.of())) {
                long add = pathCount.getOrDefault(l.src().dpid(), 0L);
                n = n > Long.MAX_VALUE - add ? Long.MAX_VALUE : n + add;
            }
            pathCount.put(v, n);
        }
    }
}
