package org.netserv.ofc.steering;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.netserv.ofc.config.Check;

/** Settings of module steering: who may deploy what, and how long an idle flow stays pinned to a sidecar. */
public record SteeringConfig(
        @JsonPropertyDescription("seconds an idle flow stays pinned to its sidecar") Integer pinIdleTimeoutSeconds,
        @JsonPropertyDescription("users allowed to deploy modules, with the prefixes and ports they may filter")
        List<UserGrant> users,
        @JsonPropertyDescription("file keeping the deployed modules across OFC restarts (none: they are forgotten)")
        String stateFile) {

    public SteeringConfig {
        pinIdleTimeoutSeconds = Check.range("pinIdleTimeoutSeconds", pinIdleTimeoutSeconds, 30, 1, 65535);
        users = users == null ? List.of() : List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (UserGrant u : users) {
            if (!names.add(u.name())) {
                throw new IllegalArgumentException("user '" + u.name() + "' is listed twice");
            }
        }
        new Authorization(users); // refuses bad prefixes and port ranges at load time
        for (UserGrant u : users) {
            UserDirectory.checkKey(u);
        }
    }

    public static SteeringConfig defaults() {
        return new SteeringConfig(null, null, null);
    }
}
