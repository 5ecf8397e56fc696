package org.netserv.ofc.steering;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.PacketFilter;

/**
 * Decides whether a user may deploy a filter (thesis 6.2.2): a provider may only steer traffic to or
 * from its own addresses and ports. A filter passes when its source or its destination prefix lies
 * inside one of the user's prefixes (a missing prefix means any address), and, for UDP and TCP, its
 * source or destination port lies inside one of the user's port ranges (a missing port means any port).
 */
final class Authorization {
    private record PortRange(int low, int high) {
        boolean contains(Integer port) {
            return port != null && port >= low && port <= high;
        }

        @Override
        public String toString() {
            return low == high ? String.valueOf(low) : low + "-" + high;
        }
    }

    private record Grant(List<Ipv4Prefix> prefixes, List<PortRange> ports) {}

    private static final Ipv4Prefix ANY = Ipv4Prefix.parse("0.0.0.0/0");
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException naming the user and the bad prefix or port range */
    Authorization(List<UserGrant> users) {
        users.forEach(this::put);
    }

    /** Adds or replaces a user's grant. @throws IllegalArgumentException naming the bad prefix or port range */
    void put(UserGrant u) {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        for (String p : u.prefixes()) {
            try {
                prefixes.add(Ipv4Prefix.parse(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("user '" + u.name() + "': " + e.getMessage());
            }
        }
        List<PortRange> ports = new ArrayList<>();
        for (String r : u.ports()) {
            ports.add(parseRange(u.name(), r));
        }
        grants.put(u.name(), new Grant(prefixes, ports));
    }

    /** Forgets a user; their deployed modules stay until they expire or are removed. */
    boolean remove(String user) {
        return grants.remove(user) != null;
    }

    private static PortRange parseRange(String user, String text) {
        String[] parts = text.trim().split("-", -1);
        try {
            int low = Integer.parseInt(parts[0].trim());
            int high = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : low;
            if (parts.length > 2 || low < 1 || high > 65535 || low > high) {
                throw new NumberFormatException();
            }
            return new PortRange(low, high);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("user '" + user + "': port range '" + text
                    + "' must be a port 1-65535 or two ports 'low-high'");
        }
    }

    /** Why {@code user} may not deploy {@code filter}, or empty if it may. */
    Optional<String> refusal(String user, PacketFilter filter) {
        Grant g = grants.get(user);
        if (g == null) {
            return Optional.of("user '" + user + "' is not known to this OFC (operators list users under steering.users)");
        }
        if (!inside(g, filter.srcPrefix()) && !inside(g, filter.dstPrefix())) {
            return Optional.of("user '" + user + "' may only filter traffic from or to "
                    + (g.prefixes().isEmpty() ? "no prefix at all" : join(g.prefixes()))
                    + ", but the filter selects source " + side(filter.srcPrefix()) + " and destination "
                    + side(filter.dstPrefix()));
        }
        if (filter.proto().hasPorts() && g.ports().stream().noneMatch(r -> r.contains(filter.srcPort()))
                && g.ports().stream().noneMatch(r -> r.contains(filter.dstPort()))) {
            return Optional.of("user '" + user + "' may only filter ports "
                    + (g.ports().isEmpty() ? "(none)" : join(g.ports())) + ", but the filter selects source port "
                    + port(filter.srcPort()) + " and destination port " + port(filter.dstPort()));
        }
        return Optional.empty();
    }

    private static boolean inside(Grant g, Ipv4Prefix p) {
        Ipv4Prefix wanted = p == null ? ANY : p;
        return g.prefixes().stream().anyMatch(mine -> mine.covers(wanted));
    }

    private static String side(Ipv4Prefix p) {
        return p == null ? "any address" : p.toString();
    }

    private static String port(Integer p) {
        return p == null ? "any" : p.toString();
    }

    private static String join(List<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
