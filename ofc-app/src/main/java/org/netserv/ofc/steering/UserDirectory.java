package org.netserv.ofc.steering;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.security.UserKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users who may deploy modules: from the config file ({@code steering.users}) and from
 * {@code POST /api/v1/users}. Answers whether a user may steer a filter, and holds each user's signaling
 * public key.
 */
public final class UserDirectory {
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    private final Map<String, UserGrant> users = new ConcurrentHashMap<>();
    private final Authorization authorization = new Authorization(List.of());

    UserDirectory(List<UserGrant> configured) {
        configured.forEach(this::put);
    }

    /** Adds or replaces a user. @throws IllegalArgumentException naming what is wrong; nothing changes then */
    public synchronized UserGrant put(UserGrant u) {
        checkKey(u);
        authorization.put(u); // validates prefixes and ports first
        UserGrant old = users.put(u.name(), u);
        log.info("user {} {}: prefixes {}, ports {}{}", u.name(), old == null ? "added" : "replaced", u.prefixes(),
                u.ports(), u.publicKey() == null ? ", no signaling key" : ", with a signaling key");
        return u;
    }

    /** @throws IllegalArgumentException if the user's public key is not the text of a {@code .pub} file */
    static void checkKey(UserGrant u) {
        if (u.publicKey() != null) {
            try {
                UserKey.parse(u.publicKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("user '" + u.name() + "': publicKey: " + e.getMessage());
            }
        }
    }

    public synchronized boolean remove(String name) {
        authorization.remove(name);
        boolean removed = users.remove(name) != null;
        if (removed) {
            log.info("user {} removed (their deployed modules stay until removed or expired)", name);
        }
        return removed;
    }

    public Optional<UserGrant> get(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public List<UserGrant> all() {
        return users.values().stream().sorted(Comparator.comparing(UserGrant::name)).toList();
    }

    /** Why {@code user} may not steer {@code filter}, or empty if they may. */
    public Optional<String> refusal(String user, PacketFilter filter) {
        return authorization.refusal(user, filter);
    }
}
