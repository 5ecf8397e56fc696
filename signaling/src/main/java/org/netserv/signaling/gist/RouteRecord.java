package org.netserv.signaling.gist;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request has been, in order: the origin (the requester) first, then every NetServ node that
 * passed it on. A private GIST object (see {@link GistCodec}); the response carries the request's record
 * back, so each node knows the hop before it and the last one knows where the requester listens.
 *
 * @param hops at most {@link #MAX_HOPS}, the origin first
 */
public record RouteRecord(List<RouteHop> hops) {
    public static final int MAX_HOPS = 32;

    public RouteRecord {
        hops = List.copyOf(Objects.requireNonNull(hops, "hops"));
        if (hops.isEmpty() || hops.size() > MAX_HOPS) {
            throw new IllegalArgumentException("a route record has 1-" + MAX_HOPS + " hops (the origin first), got "
                    + hops.size());
        }
    }

    /** A record holding only the origin. */
    public static RouteRecord origin(RouteHop origin) {
        return new RouteRecord(List.of(origin));
    }

    /** The requester. */
    public RouteHop origin() {
        return hops.get(0);
    }

    /** The most recent hop (the origin if no node has passed the request on yet). */
    public RouteHop last() {
        return hops.get(hops.size() - 1);
    }

    /** This record with {@code hop} appended. */
    public RouteRecord with(RouteHop hop) {
        List<RouteHop> all = new ArrayList<>(hops);
        all.add(hop);
        return new RouteRecord(all);
    }

    /** The hop before the node with {@code id}: where that node sends the response next. */
    public Optional<RouteHop> before(String id) {
        for (int i = 1; i < hops.size(); i++) {
            if (hops.get(i).id().equals(id)) {
                return Optional.of(hops.get(i - 1));
            }
        }
        return Optional.empty();
    }

    /** Whether a node with {@code id} has passed the request on already (a routing loop). */
    public boolean contains(String id) {
        return hops.stream().skip(1).anyMatch(h -> h.id().equals(id));
    }
}
