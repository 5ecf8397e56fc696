package org.netserv.topology.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.netserv.topology.MacAddresses;
import org.netserv.topology.SwitchPort;

/**
 * Where hosts are attached, learnt from the source addresses of the frames the switches send to the
 * controller. Pure state: the caller passes the time and a test telling inter-switch ports apart
 * (usually {@code graph::isLinkPort}).
 *
 * <p>Rules: a frame seen on an inter-switch port teaches nothing (its sender is elsewhere, and it has
 * already been learnt where it entered the network); nor do group, broadcast or zero source addresses, or
 * the IPv4 address 0.0.0.0. A host seen on another host port has moved ({@code MOVED}, with the old port).
 * A host silent for longer than the idle timeout is forgotten by {@link #expire}.
 *
 * <p>Not thread-safe: confine it to one thread or guard it with one lock.
 *
 * <pre>{@code
 * HostTracker hosts = new HostTracker(graph::isLinkPort, 300_000);
 * hosts.learn(srcMac, OptionalInt.of(srcIp), SwitchPort.of(dpid, inPort), now);   // [ADDED ...] the first time
 * hosts.host(dstMac).map(Host::attachment);                                      // where to route to
 * hosts.removeWhere(h -> h.attachment().equals(downPort));                       // port went down
 * hosts.expire(now);                                                             // idle hosts, EXPIRED
 * }</pre>
 */
public final class HostTracker {
    private final Predicate<SwitchPort> isInterSwitchPort;
    private final long idleTimeoutMillis;
    private final Map<Long, Host> byMac = new TreeMap<>();
    private final Map<Integer, Set<Long>> macsByIp = new HashMap<>();

    /**
     * @param isInterSwitchPort true for ports where switches, not hosts, are attached
     * @param idleTimeoutMillis how long a silent host is kept
     */
    public HostTracker(Predicate<SwitchPort> isInterSwitchPort, long idleTimeoutMillis) {
        if (idleTimeoutMillis <= 0) {
            throw new IllegalArgumentException("idleTimeoutMillis must be positive, got " + idleTimeoutMillis);
        }
        this.isInterSwitchPort = Objects.requireNonNull(isInterSwitchPort, "isInterSwitchPort");
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Learns from a frame without an IPv4 source; see {@link #learn(long, OptionalInt, SwitchPort, long)}. */
    public List<HostEvent> learn(long mac, SwitchPort seenAt, long now) {
        return learn(mac, OptionalInt.empty(), seenAt, now);
    }

    /**
     * Learns from a frame from {@code mac} (and {@code ipv4}, when the frame is IPv4 or ARP) that entered the
     * network at {@code seenAt} at {@code now}.
     *
     * @return {@code ADDED}, {@code MOVED}, {@code IP_CHANGED}, or nothing for a refresh or an ignored frame
     */
    public List<HostEvent> learn(long mac, OptionalInt ipv4, SwitchPort seenAt, long now) {
        if (!MacAddresses.isUnicast(mac) || isInterSwitchPort.test(seenAt)) {
            return List.of();
        }
        OptionalInt ip = ipv4.isPresent() && ipv4.getAsInt() == 0 ? OptionalInt.empty() : ipv4;
        Host old = byMac.get(mac);
        if (old == null) {
            Host h = new Host(mac, seenAt, ip, now, now);
            put(h);
            return List.of(HostEvent.of(HostEvent.Type.ADDED, h));
        }
        Host h = new Host(mac, seenAt, ip.isPresent() ? ip : old.ipv4(), old.firstSeen(),
                Math.max(old.lastSeen(), now));
        unindex(old);
        put(h);
        if (!old.attachment().equals(seenAt)) {
            return List.of(new HostEvent(HostEvent.Type.MOVED, h, Optional.of(old.attachment())));
        }
        if (!old.ipv4().equals(h.ipv4())) {
            return List.of(HostEvent.of(HostEvent.Type.IP_CHANGED, h));
        }
        return List.of();
    }

    /** Forgets the hosts silent for longer than the idle timeout at {@code now}. */
    public List<HostEvent> expire(long now) {
        return remove(h -> now - h.lastSeen() > idleTimeoutMillis, HostEvent.Type.EXPIRED);
    }

    /** Forgets the hosts that match, e.g. those on a port that went down. */
    public List<HostEvent> removeWhere(Predicate<Host> doomed) {
        return remove(doomed, HostEvent.Type.REMOVED);
    }

    /** Forgets the hosts learnt on ports that have since turned out to be inter-switch ports. */
    public List<HostEvent> forgetHostsOnLinkPorts() {
        return removeWhere(h -> isInterSwitchPort.test(h.attachment()));
    }

    /** The host with this MAC address, when known. */
    public Optional<Host> host(long mac) {
        return Optional.ofNullable(byMac.get(mac));
    }

    /** The hosts last seen with this IPv4 address, by MAC (usually one). */
    public List<Host> hostsWithIp(int ipv4) {
        return macsByIp.getOrDefault(ipv4, Set.of()).stream().map(byMac::get).toList();
    }

    /** The hosts attached to a port, by MAC. */
    public List<Host> hostsAt(SwitchPort port) {
        return byMac.values().stream().filter(h -> h.attachment().equals(port)).toList();
    }

    /** Every known host, by MAC. */
    public List<Host> hosts() {
        return List.copyOf(byMac.values());
    }

    /** How many hosts are known. */
    public int size() {
        return byMac.size();
    }

    private List<HostEvent> remove(Predicate<Host> doomed, HostEvent.Type why) {
        List<HostEvent> events = new ArrayList<>();
        for (Iterator<Host> it = byMac.values().iterator(); it.hasNext(); ) {
            Host h = it.next();
            if (doomed.test(h)) {
                it.remove();
                unindex(h);
                events.add(HostEvent.of(why, h));
            }
        }
        return events;
    }

    private void put(Host h) {
        byMac.put(h.mac(), h);
        h.ipv4().ifPresent(ip -> macsByIp.computeIfAbsent(ip, k -> new TreeSet<>())
                .add(h.mac()));
    }

    private void unindex(Host h) {
        h.ipv4().ifPresent(ip -> macsByIp.computeIfPresent(ip, (k, macs) -> {
            macs.remove(h.mac());
            return macs.isEmpty() ? null : macs;
        }));
    }
}
