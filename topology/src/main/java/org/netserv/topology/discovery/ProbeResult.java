package org.netserv.topology.discovery;

import java.util.List;
import java.util.Objects;
import org.netserv.topology.LinkEvent;

/**
 * The outcome of one received probe.
 *
 * @param verdict what became of it
 * @param events the link changes it made, possibly none (a refresh makes none)
 */
public record ProbeResult(ProbeVerdict verdict, List<LinkEvent> events) {
    public ProbeResult {
        Objects.requireNonNull(verdict, "verdict");
        events = List.copyOf(events);
    }

    static ProbeResult of(ProbeVerdict verdict) {
        return new ProbeResult(verdict, List.of());
    }
}
