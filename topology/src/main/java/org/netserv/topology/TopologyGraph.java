package org.netserv.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The switches, their ports and the directed links between them. Pure state: it does no I/O and reads no
 * clock; every method that needs the time takes it as {@code now} (milliseconds of any monotonic clock the
 * caller chooses, the same one for every call).
 *
 * <p>Invariants: a link joins two ports that exist and are up; a port going down or away, or its switch
 * going away, removes its links; every change to links is returned as {@link LinkEvent}s. {@link #version()}
 * grows on every change of switches, port states or links (not when a link is only seen again), so derived
 * results such as a broadcast tree can be recomputed only when needed.
 *
 * <p>Not thread-safe: confine it to one thread or guard it with one lock.
 *
 * <pre>{@code
 * TopologyGraph g = new TopologyGraph();
 * g.addSwitch(1, List.of(1, 2));
 * g.addSwitch(2, List.of(1, 2));
 * g.putLink(Link.of(1, 2, 2, 1), LinkType.DIRECT, now);   // [ADDED 1/2->2/1]
 * g.putLink(Link.of(2, 1, 1, 2), LinkType.DIRECT, now);   // [ADDED 2/1->1/2]
 * g.portDown(SwitchPort.of(2, 1));                         // both links, PORT_DOWN
 * g.expireLinks(now + 40_000, 35_000);                     // links not seen for 35 s, TIMED_OUT
 * }</pre>
 */
public final class TopologyGraph {
    private static final int MIN_PORT = 0;
    private static final int MAX_PORT = -1; // 0xffffffff unsigned

    /** dpid -> (port -> up). */
    private final NavigableMap<Long, NavigableMap<Integer, Boolean>> switches = new TreeMap<>(Long::compareUnsigned);
    private final NavigableMap<Link, LinkRecord> links = new TreeMap<>();
    /** How many links touch each port (either end). */
    private final Map<SwitchPort, Integer> linkEnds = new HashMap<>();
    private long version;

    /** Grows on every change of switches, ports or links; equal versions mean an unchanged graph. */
    public long version() {
        return version;
    }

    // ---- switches

    /**
     * Adds a switch with its ports, all up (a switch that connected). Adding a known switch again adds
     * the ports it did not have and brings them all up; links stay.
     *
     * @return true when the switch is new
     */
    public boolean addSwitch(long dpid, Iterable<Integer> upPorts) {
        boolean added = !switches.containsKey(dpid);
        if (added) {
            switches.put(dpid, new TreeMap<>(Integer::compareUnsigned));
            version++;
        }
        for (int port : upPorts) {
            portUp(new SwitchPort(dpid, port));
        }
        return added;
    }

    /** Removes a switch (it disconnected), its ports and every link to or from it. */
    public List<LinkEvent> removeSwitch(long dpid) {
        if (switches.remove(dpid) == null) {
            return List.of();
        }
        version++;
        return removeLinksWhere(l -> l.src().dpid() == dpid || l.dst().dpid() == dpid,
                LinkEvent.Type.SWITCH_REMOVED);
    }

    /** True when the switch is known. */
    public boolean hasSwitch(long dpid) {
        return switches.containsKey(dpid);
    }

    /** The known switches, in unsigned order. */
    public SortedSet<Long> switches() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(switches.navigableKeySet()));
    }

    // ---- ports

    /**
     * Marks a port up, adding it when new.
     *
     * @return true when this changed anything; false for an unknown switch or a port already up
     */
    public boolean portUp(SwitchPort port) {
        NavigableMap<Integer, Boolean> ports = switches.get(port.dpid());
        if (ports == null) {
            return false;
        }
        Boolean was = ports.put(port.port(), Boolean.TRUE);
        if (Boolean.TRUE.equals(was)) {
            return false;
        }
        version++;
        return true;
    }

    /** Marks a port down (it stays known) and removes the links that use it. */
    public List<LinkEvent> portDown(SwitchPort port) {
        NavigableMap<Integer, Boolean> ports = switches.get(port.dpid());
        if (ports == null || !ports.containsKey(port.port())) {
            return List.of();
        }
        if (Boolean.TRUE.equals(ports.put(port.port(), Boolean.FALSE))) {
            version++;
        }
        return removeLinksAt(port);
    }

    /** Forgets a port (it was deleted from the switch) and removes the links that use it. */
    public List<LinkEvent> removePort(SwitchPort port) {
        NavigableMap<Integer, Boolean> ports = switches.get(port.dpid());
        if (ports == null || ports.remove(port.port()) == null) {
            return List.of();
        }
        version++;
        return removeLinksAt(port);
    }

    /** True when the port is known and up. */
    public boolean isPortUp(SwitchPort port) {
        NavigableMap<Integer, Boolean> ports = switches.get(port.dpid());
        return ports != null && Boolean.TRUE.equals(ports.get(port.port()));
    }

    /** The ports of a switch that are up, in unsigned order (empty for an unknown switch). */
    public SortedSet<Integer> upPorts(long dpid) {
        NavigableMap<Integer, Boolean> ports = switches.get(dpid);
        TreeSet<Integer> up = new TreeSet<>(Integer::compareUnsigned);
        if (ports != null) {
            ports.forEach((port, isUp) -> {
                if (isUp) {
                    up.add(port);
                }
            });
        }
        return Collections.unmodifiableSortedSet(up);
    }

    /** Every known port of a switch, up or down, in unsigned order (empty for an unknown switch). */
    public SortedSet<Integer> ports(long dpid) {
        NavigableMap<Integer, Boolean> ports = switches.get(dpid);
        TreeSet<Integer> all = new TreeSet<>(Integer::compareUnsigned);
        if (ports != null) {
            all.addAll(ports.keySet());
        }
        return Collections.unmodifiableSortedSet(all);
    }

    /**
     * True when some link starts or ends at this port: an inter-switch port, where no host is attached.
     * Constant time, for use on every packet.
     */
    public boolean isLinkPort(SwitchPort port) {
        return linkEnds.containsKey(port);
    }

    // ---- links

    /**
     * Records that {@code link} was seen at {@code now}: adds it, or refreshes its last-seen time and sets
     * its type. A self loop on one port is refused.
     *
     * @return {@code [ADDED]} for a new link, {@code [UPDATED]} when its type changed, nothing for a refresh
     * @throws IllegalArgumentException when an end is not a port that is up, or both ends are one port
     */
    public List<LinkEvent> putLink(Link link, LinkType type, long now) {
        if (!isPortUp(link.src()) || !isPortUp(link.dst())) {
            throw new IllegalArgumentException("link " + link + " needs both ports known and up");
        }
        if (link.src().equals(link.dst())) {
            throw new IllegalArgumentException("link " + link + " starts and ends at one port");
        }
        LinkRecord old = links.get(link);
        if (old == null) {
            LinkRecord rec = new LinkRecord(link, type, now, now);
            links.put(link, rec);
            linkEnds.merge(link.src(), 1, Integer::sum);
            linkEnds.merge(link.dst(), 1, Integer::sum);
            version++;
            return List.of(new LinkEvent(LinkEvent.Type.ADDED, rec));
        }
        LinkRecord rec = old.seen(type, now);
        links.put(link, rec);
        if (old.type() != type) {
            version++;
            return List.of(new LinkEvent(LinkEvent.Type.UPDATED, rec));
        }
        return List.of();
    }

    /** Removes one link on request. */
    public List<LinkEvent> removeLink(Link link) {
        return links.containsKey(link) ? removeLinksWhere(r -> r.link().equals(link), LinkEvent.Type.REMOVED) : List.of();
    }

    /** Removes every link not seen for more than {@code timeoutMillis} at {@code now}. */
    public List<LinkEvent> expireLinks(long now, long timeoutMillis) {
        return removeLinksWhere(r -> r.isExpired(now, timeoutMillis), LinkEvent.Type.TIMED_OUT);
    }

    /** The record of a link, when known. */
    public Optional<LinkRecord> link(Link link) {
        return Optional.ofNullable(links.get(link));
    }

    /** Every link, sorted by source then destination. */
    public List<LinkRecord> links() {
        return List.copyOf(links.values());
    }

    /** The links leaving a switch, sorted by source port then destination. */
    public List<LinkRecord> linksFrom(long dpid) {
        Link lo = new Link(new SwitchPort(dpid, MIN_PORT), new SwitchPort(0, MIN_PORT));
        Link hi = new Link(new SwitchPort(dpid, MAX_PORT), new SwitchPort(-1, MAX_PORT));
        return List.copyOf(links.subMap(lo, true, hi, true).values());
    }

    /** The links that start or end at a port. */
    public List<LinkRecord> linksAt(SwitchPort port) {
        if (!linkEnds.containsKey(port)) {
            return List.of();
        }
        List<LinkRecord> at = new ArrayList<>();
        for (LinkRecord r : links.values()) {
            if (r.src().equals(port) || r.dst().equals(port)) {
                at.add(r);
            }
        }
        return at;
    }

    private List<LinkEvent> removeLinksAt(SwitchPort port) {
        if (!linkEnds.containsKey(port)) {
            return List.of();
        }
        return removeLinksWhere(l -> l.src().equals(port) || l.dst().equals(port), LinkEvent.Type.PORT_DOWN);
    }

    private List<LinkEvent> removeLinksWhere(Predicate<LinkRecord> doomed, LinkEvent.Type why) {
        List<LinkEvent> events = new ArrayList<>();
        // values, not entries: TreeMap's remove() may move the successor into a removed entry object
        for (Iterator<LinkRecord> it = links.values().iterator(); it.hasNext(); ) {
            LinkRecord r = it.next();
            if (doomed.test(r)) {
                it.remove();
                release(r.src());
                release(r.dst());
                events.add(new LinkEvent(why, r));
            }
        }
        if (!events.isEmpty()) {
            version++;
        }
        return events;
    }

    private void release(SwitchPort end) {
        linkEnds.computeIfPresent(end, (p, n) -> n == 1 ? null : n - 1);
    }

    @Override
    public String toString() {
        return "TopologyGraph{switches=" + switches.size() + ", links=" + links.size() + ", version=" + version
                + "}";
    }
}
