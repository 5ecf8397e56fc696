package org.netserv.ofc.steering;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * A content provider allowed to deploy modules, and the traffic its filters may select: a filter must
 * name, on its source or destination side, a prefix inside one of {@code prefixes} and (for UDP and TCP)
 * a port inside one of {@code ports} ("5060" or "5060-5069").
 */
public record UserGrant(
        @JsonPropertyDescription("user name as in module requests") String name,
        @JsonPropertyDescription("IPv4 prefixes the user's filters may select, e.g. 192.0.2.0/24") List<String> prefixes,
        @JsonPropertyDescription("ports or port ranges the user's filters may select, e.g. \"5060\", \"8000-8099\"") List<String> ports) {

    public UserGrant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every user needs a name");
        }
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
