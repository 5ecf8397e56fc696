package org.netserv.topology.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.netserv.topology.Link;
import org.netserv.topology.SwitchPort;

/**
 * A path between two attachment points, as the links it crosses and as one {@link Hop} per switch.
 *
 * <pre>{@code
 * // host A on 1/1, host B on 3/1, links 1/2->2/1 and 2/3->3/2
 * Path p = Path.of(SwitchPort.of(1, 1), SwitchPort.of(3, 1), List.of(Link.of(1, 2, 2, 1), Link.of(2, 3, 3, 2)), 2);
 * p.hops();   // [1[1->2], 2[1->3], 3[2->1]]
 * }</pre>
 *
 * @param from where frames enter the network (switch and port of the sender)
 * @param to where they leave it (switch and port of the receiver)
 * @param links the links crossed, in order; empty when both ends are on one switch
 * @param hops one per switch, in order: {@code links.size() + 1} of them
 * @param cost the sum of the link weights the path was chosen by
 */
public record Path(SwitchPort from, SwitchPort to, List<Link> links, List<Hop> hops, long cost) {
    public Path {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        links = List.copyOf(links);
        hops = List.copyOf(hops);
    }

    /**
     * The path from {@code from} to {@code to} over {@code links}, with its hops.
     *
     * @throws IllegalArgumentException when the links do not chain from {@code from}'s switch to {@code to}'s
     */
    public static Path of(SwitchPort from, SwitchPort to, List<Link> links, long cost) {
        List<Hop> hops = new ArrayList<>(links.size() + 1);
        long at = from.dpid();
        int in = from.port();
        for (Link l : links) {
            if (l.src().dpid() != at) {
                throw new IllegalArgumentException("link " + l + " does not start where the path is: " + links);
            }
            hops.add(new Hop(at, in, l.src().port()));
            at = l.dst().dpid();
            in = l.dst().port();
        }
        if (at != to.dpid()) {
            throw new IllegalArgumentException("links " + links + " do not end at " + to);
        }
        hops.add(new Hop(at, in, to.port()));
        return new Path(from, to, links, hops, cost);
    }

    /** The switches crossed, in order. */
    public List<Long> switches() {
        return hops.stream().map(Hop::dpid).toList();
    }

    /** True when the path crosses this directed link. */
    public boolean uses(Link link) {
        return links.contains(link);
    }

    @Override
    public String toString() {
        return from + " => " + to + " via " + hops + " (cost " + cost + ")";
    }
}
