package org.netserv.ofc.sidecars;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.netserv.ofc.config.Check;

/** Settings of the sidecar pool: where sidecars connect and how fast a dead one is noticed. */
public record SidecarsConfig(
        @JsonPropertyDescription("address sidecars connect to") String bindAddress,
        @JsonPropertyDescription("TCP port of the sidecar control channel (0: any free port)") Integer port,
        @JsonPropertyDescription("heartbeat interval asked of sidecars") Integer heartbeatIntervalMs,
        @JsonPropertyDescription("a sidecar silent this long is DOWN") Integer deadAfterMs,
        @JsonPropertyDescription("how long to wait for a sidecar to install or remove a module") Integer commandTimeoutSeconds,
        @JsonPropertyDescription("how often to look for the switch port of sidecars not yet found") Integer probeIntervalMs) {

    public static final int DEFAULT_PORT = 7000;

    public SidecarsConfig {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        port = Check.range("port", port, DEFAULT_PORT, 0, 65535);
        heartbeatIntervalMs = Check.range("heartbeatIntervalMs", heartbeatIntervalMs, 100, 10, 60_000);
        deadAfterMs = Check.range("deadAfterMs", deadAfterMs, 500, 30, 600_000);
        commandTimeoutSeconds = Check.range("commandTimeoutSeconds", commandTimeoutSeconds, 120, 1, 3600);
        probeIntervalMs = Check.range("probeIntervalMs", probeIntervalMs, 1000, 100, 600_000);
        if (deadAfterMs < 2 * heartbeatIntervalMs) {
            throw new IllegalArgumentException("deadAfterMs (" + deadAfterMs + ") must be at least twice heartbeatIntervalMs ("
                    + heartbeatIntervalMs + ")");
        }
    }

    public static SidecarsConfig defaults() {
        return new SidecarsConfig(null, null, null, null, null, null);
    }

    public SidecarsConfig withPort(int newPort) {
        return new SidecarsConfig(bindAddress, newPort, heartbeatIntervalMs, deadAfterMs, commandTimeoutSeconds,
                probeIntervalMs);
    }
}
