package org.netserv.sidecar.container;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.netserv.module.api.PacketModule;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.osgi.framework.Bundle;

/**
 * One installed module: its request, bundle, service object, context, state and packet counters. The
 * packet counters have one writer (the packet thread) and are read by others, so they are updated with
 * release stores rather than atomic read-modify-writes.
 */
final class ModuleInstance {
    final ModuleRequest request;
    final Bundle bundle;
    /** The bundle's service object; a new one after a restart. */
    volatile PacketModule module;
    final ModuleContextImpl context;
    final String version;
    final Instant installedAt = Instant.now();
    volatile Instant expiresAt;
    /** The ttl it was last given (at install, or when asked for again). */
    volatile long ttlSeconds;

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private int consecutiveErrors;
    private volatile boolean failed;
    private volatile ModuleState state = ModuleState.ACTIVE;
    private volatile String reason;

    ModuleInstance(ModuleRequest request, Bundle bundle, PacketModule module, ModuleContextImpl context,
                   String version) {
        this.request = request;
        this.bundle = bundle;
        this.module = module;
        this.context = context;
        this.version = version;
        this.expiresAt = installedAt.plusSeconds(request.ttl());
        this.ttlSeconds = request.ttl();
    }

    String id() {
        return request.id();
    }

    /** Lives {@code ttl} seconds from now (the same module was asked for again). */
    void renew(long ttl) {
        expiresAt = Instant.now().plusSeconds(ttl);
        ttlSeconds = ttl;
    }

    /** Packet thread: one frame of {@code length} bytes reaches the module. */
    void counted(int length) {
        packets.lazySet(packets.get() + 1);
        bytes.lazySet(bytes.get() + length);
    }

    /** Packet thread: the module returned normally. */
    void succeeded() {
        consecutiveErrors = 0;
    }

    /** Packet thread: the module threw; returns how many times in a row it has now. */
    int threw() {
        errors.lazySet(errors.get() + 1);
        return ++consecutiveErrors;
    }

    /** Whether the module was stopped for failing: its frames then only follow its failure policy. */
    boolean failed() {
        return failed;
    }

    void markFailed(String why) {
        failed = true;
        reason = why;
        state = ModuleState.FAILED;
    }

    void markStopped() {
        state = ModuleState.STOPPED;
    }

    void markUninstalled() {
        state = ModuleState.UNINSTALLED;
    }

    /** Started again (after a stop or a failure): a fresh service object, failures forgotten. */
    void restarted(PacketModule fresh) {
        module = fresh;
        consecutiveErrors = 0;
        failed = false;
        reason = null;
        state = ModuleState.ACTIVE;
    }

    /** Whether frames reach the module's chain slot: active or failed (whose policy then decides). */
    boolean inChain() {
        return state == ModuleState.ACTIVE || state == ModuleState.FAILED;
    }

    ModuleState state() {
        return state;
    }

    ModuleStatus status() {
        Map<String, Long> counters = context.countersSnapshot();
        Map<String, Object> published = context.publishedSnapshot();
        return new ModuleStatus(request.user(), request.name(), version, state, request.filter(),
                request.failurePolicy(), packets.get(), bytes.get(), errors.get(), reason, installedAt, expiresAt,
                counters.isEmpty() ? null : counters, published.isEmpty() ? null : published);
    }
}
