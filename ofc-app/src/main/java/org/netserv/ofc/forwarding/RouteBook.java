package org.netserv.ofc.forwarding;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.netserv.topology.Link;
import org.netserv.topology.path.Hop;
import org.netserv.topology.path.Path;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * Which switches hold routed entries for which pair of hosts, and which links those entries send frames
 * over: when a link goes away, the pairs whose paths crossed it are removed from every switch of the path,
 * so the next frame comes to the controller and takes a new path (removing only the broken switch's entry
 * would leave the upstream switches sending frames towards the hole). Bounded: the least recently routed
 * pairs are forgotten first; their entries idle out on the switches, and the link's own ends are cleaned
 * by port anyway. Thread-safe; free of I/O.
 */
final class RouteBook {
    /** Frames from {@code src} to {@code dst}. */
    record Pair(MacAddress src, MacAddress dst) {}

    /** The switches a pair has entries on, and the directed links those entries use. */
    record Route(Set<Long> switches, Set<Link> links) {}

    private final int capacity;
    private final LinkedHashMap<Pair, Route> routes = new LinkedHashMap<>(64, 0.75f, true);

    RouteBook(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Notes that {@code path}'s entries for {@code pair} are installed (adding to what the pair had). */
    synchronized void record(Pair pair, Path path) {
        Route r = routes.computeIfAbsent(pair, p -> new Route(new TreeSet<>(), new HashSet<>()));
        path.hops().stream().map(Hop::dpid).forEach(r.switches()::add);
        r.links().addAll(path.links());
        if (routes.size() > capacity) {
            Iterator<Pair> eldest = routes.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Removes and returns the pairs whose paths cross any of {@code gone} (in either direction). */
    synchronized Map<Pair, Route> takeCrossing(Collection<Link> gone) {
        Set<Link> both = new HashSet<>();
        gone.forEach(l -> {
            both.add(l);
            both.add(l.reversed());
        });
        Map<Pair, Route> taken = new LinkedHashMap<>();
        for (Iterator<Map.Entry<Pair, Route>> it = routes.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Pair, Route> e = it.next();
            if (e.getValue().links().stream().anyMatch(both::contains)) {
                taken.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        return taken;
    }

    /** Forgets every pair to or from {@code mac} (its entries are removed everywhere by address). */
    synchronized void forget(MacAddress mac) {
        routes.keySet().removeIf(p -> p.src().equals(mac) || p.dst().equals(mac));
    }

    synchronized int size() {
        return routes.size();
    }

    /** The pairs recorded now, least recently routed first (for tests). */
    synchronized List<Pair> pairs() {
        return List.copyOf(routes.keySet());
    }
}
