package org.netserv.topology;

import java.util.Objects;

/**
 * A change to the set of links, returned by every {@link TopologyGraph} method that makes one, in the
 * order the changes were made. A controller reacts to removals by removing the flows that used the link
 * and recomputing paths and the broadcast tree.
 *
 * @param type what happened
 * @param link the link after the change (for a removal: as it was last)
 */
public record LinkEvent(Type type, LinkRecord link) {
    /** What happened to a link. */
    public enum Type {
        /** A new link. */
        ADDED,
        /** A known link changed type (a broadcast-domain link seen directly by LLDP). */
        UPDATED,
        /** Removed: not seen for longer than the timeout. */
        TIMED_OUT,
        /** Removed: one of its ports went down or was removed. */
        PORT_DOWN,
        /** Removed: one of its switches was removed (disconnected). */
        SWITCH_REMOVED,
        /** Removed on request ({@link TopologyGraph#removeLink}). */
        REMOVED;

        /** True for every type that removes the link. */
        public boolean isRemoval() {
            return this != ADDED && this != UPDATED;
        }
    }

    public LinkEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(link, "link");
    }

    /** True when the link is gone. */
    public boolean isRemoval() {
        return type.isRemoval();
    }

    @Override
    public String toString() {
        return type + " " + link.link() + " (" + link.type() + ")";
    }
}
