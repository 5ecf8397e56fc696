package org.netserv.sidecar.agent;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netserv.signaling.model.ModelJson;

/**
 * The sidecar's config file (YAML); every key optional. Limits apply per user container; a user listed
 * under {@code users} gets its own, others the defaults (or are refused when {@code allowUnknownUsers} is
 * false).
 *
 * <pre>
 * containers:
 *   heapMb: 64
 *   cpuShares: 1024
 *   users:
 *     acme: {heapMb: 128, cpuShares: 512, ports: [8080]}
 *   allowUnknownUsers: true
 * signerCertificate: /etc/netserv/module-signer.pem
 * </pre>
 */
public record SidecarConfig(
        @JsonPropertyDescription("where each container gets its sandbox directory") String sandboxRoot,
        @JsonPropertyDescription("X.509 certificate module bundles must be signed with") String signerCertificate,
        Containers containers) {

    public SidecarConfig {
        containers = containers == null ? Containers.defaults() : containers;
    }

    public static SidecarConfig defaults() {
        return new SidecarConfig(null, null, null);
    }

    public Optional<Path> signer() {
        return Optional.ofNullable(signerCertificate).map(Path::of);
    }

    /** Container limits. */
    public record Containers(Integer heapMb, Integer cpuShares, List<Integer> ports, Integer failureLimit,
                             List<String> jvmOptions, Boolean allowUnknownUsers, Map<String, UserLimits> users) {
        public Containers {
            heapMb = range("containers.heapMb", heapMb, 64, 16, 65536);
            cpuShares = range("containers.cpuShares", cpuShares, 1024, 2, 262144);
            ports = ports == null ? List.of() : List.copyOf(ports);
            ports.forEach(p -> range("containers.ports", p, 0, 1, 65535));
            failureLimit = range("containers.failureLimit", failureLimit, 100, 1, 1_000_000);
            jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
            allowUnknownUsers = allowUnknownUsers == null || allowUnknownUsers;
            users = users == null ? Map.of() : Map.copyOf(users);
        }

        static Containers defaults() {
            return new Containers(null, null, null, null, null, null, null);
        }

        /** The limits of one user, or empty if the user may not run modules here. */
        public Optional<UserLimits> limitsOf(String user) {
            UserLimits own = users.get(user);
            if (own != null) {
                return Optional.of(new UserLimits(own.heapMb() != null ? own.heapMb() : heapMb,
                        own.cpuShares() != null ? own.cpuShares() : cpuShares,
                        own.ports() != null ? own.ports() : ports));
            }
            return allowUnknownUsers ? Optional.of(new UserLimits(heapMb, cpuShares, ports)) : Optional.empty();
        }
    }

    /** One user's limits; absent fields take the container defaults. */
    public record UserLimits(Integer heapMb, Integer cpuShares, List<Integer> ports) {
        public UserLimits {
            if (heapMb != null) {
                range("heapMb", heapMb, 0, 16, 65536);
            }
            if (cpuShares != null) {
                range("cpuShares", cpuShares, 0, 2, 262144);
            }
            ports = ports == null ? null : List.copyOf(ports);
        }
    }

    static int range(String key, Integer value, int dflt, int min, int max) {
        int v = value == null ? dflt : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** Reads and checks a config file; the message of any failure names the file and the key. */
    public static SidecarConfig load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist");
        }
        if (text.isBlank()) {
            return defaults();
        }
        try {
            return ModelJson.read(YAML, text, SidecarConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("config file " + file + ": " + e.getMessage());
        }
    }
}
