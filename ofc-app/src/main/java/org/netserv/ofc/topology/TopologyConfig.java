package org.netserv.ofc.topology;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.netserv.ofc.config.Check;

/** Settings of link discovery and the broadcast tree; absent fields take their defaults. */
public record TopologyConfig(
        @JsonPropertyDescription("how often an LLDP probe goes out of every switch port") Integer probeIntervalMs,
        @JsonPropertyDescription("a link not confirmed by a probe for this long is removed") Integer linkTimeoutMs,
        @JsonPropertyDescription("a newly up switch or port is not flooded to for this long (its links are being found)")
        Integer floodHoldMs,
        @JsonPropertyDescription("seconds a silent host stays in GET /hosts") Integer hostIdleSeconds) {

    public TopologyConfig {
        probeIntervalMs = Check.range("probeIntervalMs", probeIntervalMs, 1000, 50, 600_000);
        linkTimeoutMs = Check.range("linkTimeoutMs", linkTimeoutMs, 3500, 100, 3_600_000);
        floodHoldMs = Check.range("floodHoldMs", floodHoldMs, 500, 0, 60_000);
        hostIdleSeconds = Check.range("hostIdleSeconds", hostIdleSeconds, 300, 1, 86_400);
        if (linkTimeoutMs <= 2 * probeIntervalMs) {
            throw new IllegalArgumentException("linkTimeoutMs (" + linkTimeoutMs
                    + ") must be more than twice probeIntervalMs (" + probeIntervalMs + ")");
        }
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(null, null, null, null);
    }
}
