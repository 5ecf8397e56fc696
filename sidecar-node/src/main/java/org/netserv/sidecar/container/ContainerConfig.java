package org.netserv.sidecar.container;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * One user's container.
 *
 * @param user whose modules run here
 * @param sandbox the container's own directory: Felix cache, downloads, module files
 * @param allowedPorts ports the user's server modules may listen on
 * @param signer if present, every module bundle must be signed with this key
 * @param failureLimit errors in a row after which a module is stopped
 */
public record ContainerConfig(String user, Path sandbox, Set<Integer> allowedPorts, Optional<PublicKey> signer,
                              int failureLimit) {
    public static final int DEFAULT_FAILURE_LIMIT = 100;

    public ContainerConfig {
        allowedPorts = Set.copyOf(allowedPorts);
        if (failureLimit < 1) {
            throw new IllegalArgumentException("failureLimit must be at least 1");
        }
    }
}
