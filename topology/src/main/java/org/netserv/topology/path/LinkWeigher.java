package org.netserv.topology.path;

import java.util.Map;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.LinkType;

/**
 * The cost of crossing a link, for {@link ShortestPaths#dijkstra}. A weight is positive; a negative weight
 * leaves the link out of every path; zero is refused (it would make equal-cost paths endless).
 *
 * <pre>{@code
 * LinkWeigher w = LinkWeigher.of(Map.of(Link.of(1, 2, 2, 1), 10L), 1);   // one slow link
 * LinkWeigher avoid = l -> l.link().equals(broken) ? -1 : 1;               // one link left out
 * }</pre>
 */
@FunctionalInterface
public interface LinkWeigher {
    /** Every link costs 1: hop count. */
    LinkWeigher HOPS = link -> 1;

    /** Direct links cost 1, broadcast-domain links (through switches we do not control) 10. */
    LinkWeigher PREFER_DIRECT = link -> link.type() == LinkType.DIRECT ? 1 : 10;

    /** The cost of crossing {@code link}: positive, or negative to leave it out. */
    long weight(LinkRecord link);

    /** Weights from a table, {@code otherwise} for links not in it. */
    static LinkWeigher of(Map<Link, Long> weights, long otherwise) {
        Map<Link, Long> copy = Map.copyOf(weights);
        return link -> copy.getOrDefault(link.link(), otherwise);
    }
}
