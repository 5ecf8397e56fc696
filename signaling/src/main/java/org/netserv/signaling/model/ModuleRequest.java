package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request to run a module: who, what, where to get it, which packets it wants and for how long. The same
 * record is the body of {@code POST /api/v1/modules} on a sidecar (and later on the OFC) and the payload
 * of the OFC's install command.
 *
 * @param user the content provider the module runs for; its modules share one container
 * @param name unique per user
 * @param url where the bundle is: http, https or file
 * @param sha256 optional hex SHA-256 the bundle must have
 * @param filter the packets the module processes
 * @param ttl seconds until the module uninstalls itself
 * @param properties optional module settings, given to it through its context
 * @param failurePolicy optional, {@code fail-open} by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModuleRequest(String user, String name, String url, String sha256, PacketFilter filter, Long ttl,
                            Map<String, String> properties, FailurePolicy failurePolicy) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    public static final long MAX_TTL = 366L * 24 * 3600;

    public ModuleRequest {
        require("user", user);
        require("name", name);
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("user '" + user + "' must be 1-63 of a-z, 0-9, '.', '_', '-'");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must be 1-63 of a-z, 0-9, '.', '_', '-'");
        }
        require("url", url);
        checkUrl(url);
        if (sha256 != null) {
            sha256 = sha256.trim().toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits");
            }
        }
        if (filter == null) {
            throw new IllegalArgumentException("filter is required, e.g. {\"proto\": \"udp\", \"dstPort\": 5060}");
        }
        if (ttl == null || ttl < 1 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("ttl must be 1-" + MAX_TTL + " seconds, got " + ttl);
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        failurePolicy = failurePolicy == null ? FailurePolicy.FAIL_OPEN : failurePolicy;
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new IllegalArgumentException("url must be http, https or file, got " + url);
        }
    }

    /**
     * Whether {@code o} asks for the same module (everything but the ttl equal): installing it again then
     * only refreshes the ttl, which is how soft state is kept alive.
     */
    public boolean sameModuleAs(ModuleRequest o) {
        return equals(o.withTtl(ttl));
    }

    /** The same request with another ttl. */
    public ModuleRequest withTtl(Long seconds) {
        return new ModuleRequest(user, name, url, sha256, filter, seconds, properties, failurePolicy);
    }

    /** {@code user/name}, how modules are named in logs and URLs. */
    public String id() {
        return user + "/" + name;
    }
}
