package org.netserv.topology.path;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TestTopologies;
import org.netserv.topology.TopologyGraph;

/** Independent checks of a broadcast tree, shared by the example and the random-graph tests. */
final class TreeChecks {
    private TreeChecks() {
    }

    /**
     * True when the tree cables are cables of the graph, close no cycle (union-find), and join every pair
     * of switches the graph joins: a spanning forest.
     */
    static boolean spansWithoutCycle(TopologyGraph g, BroadcastTree tree) {
        Set<Link> cables = new HashSet<>();
        g.links().forEach(r -> cables.add(r.link().undirected()));
        Map<Long, Long> parent = new HashMap<>();
        g.switches().forEach(s -> parent.put(s, s));
        for (Link c : tree.treeCables()) {
            if (!cables.contains(c)) {
                return false;
            }
            long a = find(parent, c.src().dpid());
            long b = find(parent, c.dst().dpid());
            if (a == b) {
                return false; // a cycle
            }
            parent.put(a, b);
        }
        for (LinkRecord r : g.links()) {
            if (find(parent, r.src().dpid()) != find(parent, r.dst().dpid())) {
                return false; // connected in the graph, not in the tree
            }
        }
        return cables.size() == tree.treeCables().size() + tree.blockedCables().size();
    }

    private static long find(Map<Long, Long> parent, long x) {
        while (parent.get(x) != x) {
            x = parent.get(x);
        }
        return x;
    }

    /**
     * Floods a broadcast from the host port of every switch, as switches obeying the tree would (flood
     * ports out, every link from a port followed, frames on refused ports dropped), and checks that each
     * switch of the source's piece of the network gets it exactly once: no loop, nothing missed.
     */
    static boolean floodReachesEverySwitchOnce(TopologyGraph g, BroadcastTree tree) {
        for (long source : g.switches()) {
            Map<Long, Integer> received = new HashMap<>();
            ArrayDeque<SwitchPort> arrivals = new ArrayDeque<>();
            arrivals.add(SwitchPort.of(source, TestTopologies.HOST_PORT));
            int budget = 10_000;
            while (!arrivals.isEmpty()) {
                if (--budget == 0) {
                    return false; // a storm
                }
                SwitchPort in = arrivals.poll();
                if (!tree.acceptsBroadcastFrom(in)) {
                    continue;
                }
                received.merge(in.dpid(), 1, Integer::sum);
                for (int out : tree.floodPorts(in)) {
                    for (LinkRecord r : g.linksFrom(in.dpid())) {
                        if (r.src().port() == out) {
                            arrivals.add(r.dst());
                        }
                    }
                }
            }
            for (long s : g.switches()) {
                boolean sameP = tree.root(s) == tree.root(source);
                if (received.getOrDefault(s, 0) != (sameP ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
