package org.netserv.ofc.topology.picture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where everything goes, the same for the same network: switches on a circle in breadth-first order (so
 * cabled switches sit side by side), each switch's sidecars then hosts fanned out away from the centre, and
 * whatever hangs off no known switch in a row underneath. Coordinates are whole SVG units around (0, 0).
 */
final class PictureLayout {
    /** Something placed at a point. */
    record Spot<T>(T item, int x, int y) {}

    /** Arc length between neighbouring switches on the circle. */
    static final int SWITCH_SPACING = 340;
    /** Distance from a switch to what hangs off it. */
    static final int FAN_DISTANCE = 170;
    /** Arc length wanted between neighbours in a fan; closer than this, every second one moves out. */
    static final int FAN_GAP = 140;
    static final int STAGGER = 80;
    /** Spacing in the row of things attached to no known switch. */
    static final int ROW_GAP = 220;
    /** Height of one line of a sidecar's module list. */
    static final int MODULE_LINE = 14;

    static final Comparator<NetworkPicture.Sidecar> SIDECAR_ORDER = Comparator.comparing(NetworkPicture.Sidecar::name);
    static final Comparator<NetworkPicture.Host> HOST_ORDER = Comparator.comparingLong(NetworkPicture.Host::dpid)
            .thenComparing(h -> Integer.toUnsignedLong(h.port())).thenComparing(NetworkPicture.Host::mac);

    final List<Spot<NetworkPicture.Switch>> switches = new ArrayList<>();
    final Map<Long, Spot<NetworkPicture.Switch>> byDpid = new HashMap<>();
    final List<Spot<NetworkPicture.Sidecar>> sidecars = new ArrayList<>();
    final List<Spot<NetworkPicture.Host>> hosts = new ArrayList<>();
    /** The y below which the row of unattached sidecars and hosts starts (0 when there is none). */
    int rowY;

    PictureLayout(NetworkPicture p) {
        List<NetworkPicture.Switch> order = breadthFirst(p);
        int n = order.size();
        double radius = n < 2 ? 0 : Math.max(220, n * SWITCH_SPACING / (2 * Math.PI));
        for (int i = 0; i < n; i++) {
            double a = Math.PI + 2 * Math.PI * i / n; // first on the left, then clockwise
            Spot<NetworkPicture.Switch> s = new Spot<>(order.get(i), round(radius * Math.cos(a)), round(radius * Math.sin(a)));
            switches.add(s);
            byDpid.put(s.item().dpid(), s);
        }
        Map<Long, List<NetworkPicture.Sidecar>> sidecarsAt = new TreeMap<>();
        List<NetworkPicture.Sidecar> loneSidecars = new ArrayList<>();
        p.sidecars().stream().sorted(SIDECAR_ORDER).forEach(c -> {
            if (c.dpid() != null && byDpid.containsKey(c.dpid())) {
                sidecarsAt.computeIfAbsent(c.dpid(), d -> new ArrayList<>()).add(c);
            } else {
                loneSidecars.add(c);
            }
        });
        Map<Long, List<NetworkPicture.Host>> hostsAt = new TreeMap<>();
        List<NetworkPicture.Host> loneHosts = new ArrayList<>();
        p.hosts().stream().sorted(HOST_ORDER).forEach(h -> {
            if (byDpid.containsKey(h.dpid())) {
                hostsAt.computeIfAbsent(h.dpid(), d -> new ArrayList<>()).add(h);
            } else {
                loneHosts.add(h);
            }
        });
        for (Spot<NetworkPicture.Switch> s : switches) {
            double out = n == 1 ? Math.PI / 2 : Math.atan2(s.y(), s.x());
            fan(s, out, n == 1 ? Math.toRadians(300) : Math.toRadians(160),
                    sidecarsAt.getOrDefault(s.item().dpid(), List.of()), hostsAt.getOrDefault(s.item().dpid(), List.of()));
        }
        row(loneSidecars, loneHosts);
    }

    /** Places a switch's sidecars then hosts on an arc around direction {@code out}. */
    private void fan(Spot<NetworkPicture.Switch> s, double out, double maxSpread, List<NetworkPicture.Sidecar> cs,
                     List<NetworkPicture.Host> hs) {
        int k = cs.size() + hs.size();
        double wanted = (double) FAN_GAP / FAN_DISTANCE;
        double step = k <= 1 ? 0 : Math.min(wanted, maxSpread / (k - 1));
        boolean stagger = k > 1 && step < wanted;
        for (int j = 0; j < k; j++) {
            double a = out + (j - (k - 1) / 2.0) * step;
            int d = FAN_DISTANCE + (stagger && j % 2 == 1 ? STAGGER : 0);
            int x = s.x() + round(d * Math.cos(a));
            int y = s.y() + round(d * Math.sin(a));
            if (j < cs.size()) {
                sidecars.add(new Spot<>(cs.get(j), x, y));
            } else {
                hosts.add(new Spot<>(hs.get(j - cs.size()), x, y));
            }
        }
    }

    /** Sidecars and hosts on no known switch, in a row below the rest. */
    private void row(List<NetworkPicture.Sidecar> cs, List<NetworkPicture.Host> hs) {
        int bottom = 20;
        for (Spot<NetworkPicture.Switch> s : switches) {
            bottom = Math.max(bottom, s.y() + 20);
        }
        for (Spot<NetworkPicture.Host> h : hosts) {
            bottom = Math.max(bottom, h.y() + 40);
        }
        for (Spot<NetworkPicture.Sidecar> c : sidecars) {
            bottom = Math.max(bottom, c.y() + 50 + MODULE_LINE * c.item().modules().size());
        }
        int k = cs.size() + hs.size();
        rowY = k == 0 ? 0 : bottom + 60;
        for (int j = 0; j < k; j++) {
            int x = round((j - (k - 1) / 2.0) * ROW_GAP);
            if (j < cs.size()) {
                sidecars.add(new Spot<>(cs.get(j), x, rowY + 40));
            } else {
                hosts.add(new Spot<>(hs.get(j - cs.size()), x, rowY + 40));
            }
        }
    }

    /** Switches by dpid, in breadth-first order from the lowest dpid of each connected part. */
    static List<NetworkPicture.Switch> breadthFirst(NetworkPicture p) {
        Map<Long, NetworkPicture.Switch> all = new TreeMap<>();
        p.switches().forEach(s -> all.putIfAbsent(s.dpid(), s));
        Map<Long, Set<Long>> next = new LinkedHashMap<>();
        for (NetworkPicture.Cable c : p.cables()) {
            if (all.containsKey(c.aDpid()) && all.containsKey(c.bDpid())) {
                next.computeIfAbsent(c.aDpid(), d -> new TreeSet<>()).add(c.bDpid());
                next.computeIfAbsent(c.bDpid(), d -> new TreeSet<>()).add(c.aDpid());
            }
        }
        List<NetworkPicture.Switch> order = new ArrayList<>();
        Set<Long> seen = new TreeSet<>();
        for (long start : all.keySet()) {
            if (!seen.add(start)) {
                continue;
            }
            Deque<Long> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                long d = queue.poll();
                order.add(all.get(d));
                for (long m : next.getOrDefault(d, Set.of())) {
                    if (seen.add(m)) {
                        queue.add(m);
                    }
                }
            }
        }
        return order;
    }

    private static int round(double v) {
        return (int) Math.round(v);
    }
}
