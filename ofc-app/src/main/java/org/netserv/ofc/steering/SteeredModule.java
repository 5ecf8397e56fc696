package org.netserv.ofc.steering;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.netserv.signaling.model.PacketFilter;

/** A module the OFC deployed: its request, its number (cookie and group id), and where it runs. Mutated only on the steering thread. */
final class SteeredModule {
    final DeployRequest request;
    final int number;
    final Instant createdAt;
    /** Later when the module is asked for again (signaling refreshes). */
    Instant expiresAt;
    SteeringState state = SteeringState.INSTALLING;
    /** Sidecars the module is installed on. */
    final Set<String> placement = new LinkedHashSet<>();
    /** Sidecars an install is under way on (scale-out, reinstall after a sidecar restart). */
    final Set<String> installing = new LinkedHashSet<>();
    /** Completes when the first install and its steering are done (or failed); null for recovered modules. */
    java.util.concurrent.CompletableFuture<SteeredModule> activation;
    /** Deployed by signaling at given switches: it grows only there, not onto every new sidecar. */
    boolean nodeScoped;
    /** The module it is chained behind (same user, overlapping filter), if any. */
    final String chainedAfter;

    SteeredModule(DeployRequest request, int number, Instant now, String chainedAfter) {
        this(request, number, now, now.plusSeconds(request.ttl()), chainedAfter);
    }

    SteeredModule(DeployRequest request, int number, Instant createdAt, Instant expiresAt, String chainedAfter) {
        this.request = request;
        this.number = number;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.chainedAfter = chainedAfter;
    }

    String key() {
        return key(request.user(), request.name());
    }

    static String key(String user, String name) {
        return user + "/" + name;
    }

    PacketFilter filter() {
        return request.filter();
    }

    /** Whether a frame could match both modules' steered filters (either direction in symmetric mode). */
    boolean overlaps(DeployRequest other) {
        for (PacketFilter a : request.steeredFilters()) {
            for (PacketFilter b : other.steeredFilters()) {
                if (a.overlaps(b)) {
                    return true;
                }
            }
        }
        return false;
    }
}
