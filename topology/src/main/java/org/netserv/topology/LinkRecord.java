package org.netserv.topology;

import java.util.Objects;

/**
 * A link as the graph knows it: how it was discovered and when it was first and last seen (milliseconds of
 * the caller's clock, see {@link TopologyGraph}).
 *
 * @param link the directed link
 * @param type how it was discovered
 * @param firstSeen when it was added
 * @param lastSeen when a probe last confirmed it
 */
public record LinkRecord(Link link, LinkType type, long firstSeen, long lastSeen) {
    public LinkRecord {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(type, "type");
    }

    /** Where frames leave. */
    public SwitchPort src() {
        return link.src();
    }

    /** Where frames arrive. */
    public SwitchPort dst() {
        return link.dst();
    }

    /** True when not seen for more than {@code timeoutMillis} at {@code now}. */
    public boolean isExpired(long now, long timeoutMillis) {
        return now - lastSeen > timeoutMillis;
    }

    LinkRecord seen(LinkType newType, long now) {
        return new LinkRecord(link, newType, firstSeen, Math.max(lastSeen, now));
    }
}
