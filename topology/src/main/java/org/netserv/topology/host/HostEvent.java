package org.netserv.topology.host;

import java.util.Objects;
import java.util.Optional;
import org.netserv.topology.SwitchPort;

/**
 * A change to the known hosts. On {@code MOVED} a controller removes the flows towards the old attachment
 * point; on a removal, all flows towards the host.
 *
 * @param type what happened
 * @param host the host after the change (for a removal: as it was last)
 * @param previous the old attachment point, for {@code MOVED} only
 */
public record HostEvent(Type type, Host host, Optional<SwitchPort> previous) {
    /** What happened to a host. */
    public enum Type {
        /** First seen. */
        ADDED,
        /** Seen on another host port than before. */
        MOVED,
        /** Seen at the same place with another IPv4 address. */
        IP_CHANGED,
        /** Removed: silent for longer than the idle timeout. */
        EXPIRED,
        /** Removed on request (its port went down, its switch went away, its port turned out to be a link). */
        REMOVED
    }

    public HostEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(previous, "previous");
    }

    static HostEvent of(Type type, Host host) {
        return new HostEvent(type, host, Optional.empty());
    }
}
