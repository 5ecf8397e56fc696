package org.netserv.ofc.forwarding;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.netserv.ofc.config.Check;

/** Settings of the L2 learning forwarding module; absent fields take their defaults. */
public record ForwardingConfig(
        @JsonPropertyDescription("seconds an unused learned flow stays on the switch") Integer idleTimeoutSeconds,
        @JsonPropertyDescription("seconds a learned flow stays at most (0 = no limit)") Integer hardTimeoutSeconds,
        @JsonPropertyDescription("priority of learned flows in the forwarding table") Integer priority,
        @JsonPropertyDescription("most MAC addresses learned per switch (guards against MAC flooding)")
        Integer maxMacsPerSwitch) {

    public ForwardingConfig {
        idleTimeoutSeconds = Check.range("idleTimeoutSeconds", idleTimeoutSeconds, 10, 0, 65535);
        hardTimeoutSeconds = Check.range("hardTimeoutSeconds", hardTimeoutSeconds, 0, 0, 65535);
        priority = Check.range("priority", priority, 100, 1, 65535);
        maxMacsPerSwitch = Check.range("maxMacsPerSwitch", maxMacsPerSwitch, 10_000, 1, 10_000_000);
    }

    public static ForwardingConfig defaults() {
        return new ForwardingConfig(null, null, null, null);
    }
}
