package org.netserv.ofc.steering;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A content provider allowed to deploy modules, and the traffic its filters may select: a filter must
 * name, on its source or destination side, a prefix inside one of {@code prefixes} and (for UDP and TCP)
 * a port inside one of {@code ports} ("5060" or "5060-5069"). {@code publicKey} (the text of the
 * {@code .pub} file {@code netserv-signal keygen} writes) verifies the user's signed signaling requests.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserGrant(
        @JsonPropertyDescription("user name as in module requests") String name,
        @JsonPropertyDescription("IPv4 prefixes the user's filters may select, e.g. 192.0.2.0/24") List<String> prefixes,
        @JsonPropertyDescription("ports or port ranges the user's filters may select, e.g. \"5060\", \"8000-8099\"") List<String> ports,
        @JsonPropertyDescription("the user's signaling public key: the text of the .pub file") String publicKey) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public UserGrant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every user needs a name");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' must be 1-63 of a-z, 0-9, '.', '_', '-'");
        }
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        ports = ports == null ? List.of() : List.copyOf(ports);
        publicKey = publicKey == null || publicKey.isBlank() ? null : publicKey.trim();
    }

    public UserGrant(String name, List<String> prefixes, List<String> ports) {
        this(name, prefixes, ports, null);
    }
}
