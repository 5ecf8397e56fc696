package org.netserv.topology;

import java.util.Comparator;
import java.util.Objects;

/**
 * A directed link: frames sent out of {@code src} arrive at {@code dst}. A cable between two switches is
 * two links, one each way, each discovered on its own.
 *
 * <pre>{@code
 * Link l = Link.of(1, 2, 2, 1);    // out of switch 1 port 2, into switch 2 port 1
 * l.reversed();                    // Link.of(2, 1, 1, 2)
 * }</pre>
 *
 * @param src where frames leave
 * @param dst where they arrive
 */
public record Link(SwitchPort src, SwitchPort dst) implements Comparable<Link> {
    private static final Comparator<Link> ORDER = Comparator.comparing(Link::src).thenComparing(Link::dst);

    public Link {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
    }

    /** The link out of {@code srcDpid}/{@code srcPort} into {@code dstDpid}/{@code dstPort}. */
    public static Link of(long srcDpid, int srcPort, long dstDpid, int dstPort) {
        return new Link(new SwitchPort(srcDpid, srcPort), new SwitchPort(dstDpid, dstPort));
    }

    /** The same cable the other way. */
    public Link reversed() {
        return new Link(dst, src);
    }

    /** True when both ends are on one switch (a loop through a non-OpenFlow segment). */
    public boolean isSelfLoop() {
        return src.dpid() == dst.dpid();
    }

    /** This link or its reverse, whichever sorts first: one name for the cable, whatever direction. */
    public Link undirected() {
        return src.compareTo(dst) <= 0 ? this : reversed();
    }

    @Override
    public int compareTo(Link o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return src + "->" + dst;
    }
}
