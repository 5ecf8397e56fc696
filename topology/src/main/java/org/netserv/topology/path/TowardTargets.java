package org.netserv.topology.path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.TopologyGraph;

/**
 * The way from every switch to the nearest of a set of target switches (those a service hangs off): for
 * each switch that reaches a target and is not one, the port of its first hop on a shortest path (by hop
 * count) to the nearest target. Ties go to the lowest port, so the answer is the same every time. The
 * next hops form a forest rooted at the targets: following them never loops.
 *
 * <pre>{@code
 * // 1 - 2 - 3 by links 1/2<->2/1 and 2/3<->3/2; a service on switch 3
 * TowardTargets.compute(graph, Set.of(3L));   // {1=2, 2=3}: switch 1 leaves by port 2, switch 2 by port 3
 * }</pre>
 */
public final class TowardTargets {
    private TowardTargets() {}

    /** First-hop ports by switch, sorted by dpid; empty when no target is in the graph. */
    public static SortedMap<Long, Integer> compute(TopologyGraph graph, Set<Long> targets) {
        Map<Long, List<LinkRecord>> into = new HashMap<>();
        for (LinkRecord r : graph.links()) {
            into.computeIfAbsent(r.dst().dpid(), d -> new ArrayList<>()).add(r);
        }
        Map<Long, Integer> distance = new HashMap<>();
        List<Long> frontier = new ArrayList<>();
        for (long t : targets) {
            if (graph.hasSwitch(t)) {
                distance.put(t, 0);
                frontier.add(t);
            }
        }
        SortedMap<Long, Integer> firstHop = new TreeMap<>(Long::compareUnsigned);
        while (!frontier.isEmpty()) {
            // every switch one hop further out, with the lowest port towards this ring
            Map<Long, Integer> next = new TreeMap<>(Long::compareUnsigned);
            for (long at : frontier) {
                for (LinkRecord r : into.getOrDefault(at, List.of())) {
                    long from = r.src().dpid();
                    if (!distance.containsKey(from)) {
                        next.merge(from, r.src().port(), (a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
                    }
                }
            }
            int d = distance.get(frontier.get(0)) + 1;
            next.keySet().forEach(s -> distance.put(s, d));
            firstHop.putAll(next);
            frontier = new ArrayList<>(next.keySet());
        }
        return Collections.unmodifiableSortedMap(firstHop);
    }
}
