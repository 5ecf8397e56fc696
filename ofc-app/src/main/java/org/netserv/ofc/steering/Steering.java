package org.netserv.ofc.steering;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.sidecars.SidecarState;
import org.netserv.ofc.sidecars.SidecarView;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.netserv.signaling.rest.ApiException;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys modules on the sidecar pool and keeps their steering on the switches in line with the pool:
 * sidecars joining (new flows use them), draining (no new flows), failing or leaving (their pinned flows
 * move to the others), and modules expiring. Every change of state runs on one thread, {@code exec}, so
 * decisions never race; sidecar commands and switch confirmations complete asynchronously and come back
 * to it.
 */
final class Steering {
    private static final Logger log = LoggerFactory.getLogger(Steering.class);

    private final SteeringConfig config;
    private final UserDirectory users;
    private final SidecarService pool;
    private final SteeringWriter writer;
    private final ExecutorService exec;
    private final Clock clock;
    private final Map<String, SteeredModule> modules = new LinkedHashMap<>();
    /** Per module: the sidecars its new flows go to now (to know whose pins to drop when one leaves). */
    private final Map<Integer, Set<String>> liveOn = new HashMap<>();
    /** Per module: the switches it has entries on. */
    private final Map<Integer, Set<DatapathId>> onSwitches = new HashMap<>();
    private final ModuleApproaches approaches;
    /** When each module was last installed on each sidecar, to notice a sidecar that restarted without it. */
    private final Map<String, Instant> installedAt = new HashMap<>();
    /** The last switch port of each sidecar, so its pins can be dropped even after it lost its port. */
    private final Map<String, SidecarView> lastSeen = new HashMap<>();
    private int nextNumber = 1;
    private final Optional<ModuleStore> store;
    /** Sidecars that may hold a module whose install was rolled back (they went DOWN mid-install): "sidecar user/name". */
    private final Set<String> orphans = new HashSet<>();

    Steering(SteeringConfig config, SidecarService pool, SwitchService switches, FlowService flows,
             ExecutorService exec, Clock clock) {
        this.store = Optional.ofNullable(config.stateFile()).map(f -> new ModuleStore(java.nio.file.Path.of(f)));
        this.config = config;
        this.users = new UserDirectory(config.users());
        this.pool = pool;
        this.writer = new SteeringWriter(switches, flows, config.pinIdleTimeoutSeconds());
        this.approaches = new ModuleApproaches(writer);
        this.exec = exec;
        this.clock = clock;
    }

    /** Brings modules' traffic from other switches by the topology's ways; set before start-up. */
    void approachBy(SwitchApproaches ways) {
        approaches.by(ways);
        ways.addListener(new HostRoutes.Listener() {
            @Override
            public void linksRemoved(List<org.netserv.topology.Link> links) {
                try {
                    exec.execute(Steering.this::reapproach);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // shutting down: nothing to keep up to date
                }
            }
        });
    }

    UserDirectory users() {
        return users;
    }

    // --- state file ---

    /**
     * Takes back the modules saved before a restart: steered again as their sidecars reconnect and report
     * them; a sidecar that comes back without one gets it installed again.
     */
    CompletableFuture<Integer> recover() {
        return on(() -> {
            if (store.isEmpty()) {
                return 0;
            }
            List<ModuleStore.Saved> saved;
            try {
                saved = store.get().load();
            } catch (java.io.IOException e) {
                log.error("{}", e.getMessage());
                return 0;
            }
            for (ModuleStore.Saved s : saved) {
                SteeredModule m = new SteeredModule(s.request(), s.number(), s.createdAt(), s.expiresAt(), null);
                m.nodeScoped = s.nodeScoped();
                m.state = SteeringState.NO_SIDECAR; // until its sidecars are back
                m.placement.addAll(s.placement());
                for (String id : s.placement()) {
                    installedAt.put(id + " " + m.key(), Instant.EPOCH); // any reconnection is later
                }
                modules.put(m.key(), m);
                nextNumber = Math.max(nextNumber, s.number() + 1);
                log.info("module {} recovered from {}: waiting for its sidecars {}", m.key(), config.stateFile(),
                        s.placement());
            }
            return saved.size();
        });
    }

    /** Runs on exec. */
    private void persist() {
        store.ifPresent(st -> st.save(modules.values().stream()
                .filter(m -> m.state != SteeringState.INSTALLING && m.state != SteeringState.REMOVING)
                .map(m -> new ModuleStore.Saved(m.request, m.number, m.createdAt, m.expiresAt, List.copyOf(m.placement),
                        m.nodeScoped))
                .toList()));
    }

    // --- deploy ---

    /** Installs the module on its sidecars and steers its filter; completes once packets are steered. */
    CompletableFuture<SteeredModule> deploy(DeployRequest r) {
        Optional<String> refusal = users.refusal(r.user(), r.filter());
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new ApiException(403, refusal.get()));
        }
        return on(() -> reserve(r)).thenCompose(m -> installAll(m, List.copyOf(m.installing))
                .thenComposeAsync(ok -> activate(m), exec));
    }

    /** See {@link SteeringService#deployAt}; completes on exec. */
    CompletableFuture<SteeredModule> deployAt(DeployRequest r, DatapathId node) {
        Optional<String> refusal = users.refusal(r.user(), r.filter());
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new ApiException(403, refusal.get()));
        }
        return on(() -> {
            SteeredModule existing = modules.get(SteeredModule.key(r.user(), r.name()));
            if (existing == null) {
                SteeredModule m = reserve(r, Optional.of(node));
                m.activation = installAll(m, List.copyOf(m.installing)).thenComposeAsync(ok -> activate(m), exec);
                return m.activation;
            }
            if (existing.state == SteeringState.INSTALLING && existing.activation != null) {
                // Another node of the path asked for it a moment ago: once that settles, extend or deploy.
                return existing.activation.handle((x, t) -> null).thenCompose(x -> deployAt(r, node));
            }
            return extendOrRenew(existing, r, node);
        }).thenCompose(f -> f);
    }

    /** Runs on exec: the module exists; the same request renews it here or extends it to this switch. */
    private CompletableFuture<SteeredModule> extendOrRenew(SteeredModule m, DeployRequest r, DatapathId node) {
        if (!m.request.moduleRequest().sameModuleAs(r.moduleRequest())) {
            throw ApiException.conflict("module " + m.key() + " is deployed with another request; remove it first");
        }
        if (m.state == SteeringState.INSTALLING || m.state == SteeringState.REMOVING) {
            throw ApiException.conflict("module " + m.key() + " is " + m.state + "; try again in a moment");
        }
        Instant renewed = clock.instant().plusSeconds(r.ttl());
        if (renewed.isAfter(m.expiresAt)) {
            m.expiresAt = renewed;
        }
        List<String> here = m.placement.stream().filter(id -> onSwitch(id, node)).toList();
        List<String> targets = here.isEmpty() ? usableOn(node) : here;
        if (targets.isEmpty()) {
            throw new ApiException(503, "no sidecar of switch " + node + " is UP");
        }
        log.info("module {}: {} on switch {} (sidecars {}), now expires at {}", m.key(),
                here.isEmpty() ? "extended" : "renewed", node, targets, m.expiresAt);
        return installOn(m, targets).thenApply(failures -> {
            if (!failures.isEmpty()) {
                throw new ApiException(failures.get(0).contains("cannot fetch") ? 404 : 502,
                        "module " + m.key() + " could not be installed on switch " + node + ": " + String.join("; ", failures));
            }
            apply(m).exceptionally(t -> logRefused(m, t));
            persist();
            return m;
        });
    }

    /** See {@link SteeringService#removeAt}; completes on exec. */
    CompletableFuture<SteeredModule> removeAt(String user, String name, DatapathId node) {
        // One task decides and updates the placement: two nodes' REMOVEs arriving together must not both
        // see the other's sidecars still placed and leave the module with none, never undeployed.
        CompletableFuture<CompletableFuture<SteeredModule>> decided = on(() -> {
            SteeredModule m = modules.get(SteeredModule.key(user, name));
            if (m == null) {
                throw ApiException.notFound("no module " + SteeredModule.key(user, name) + " is deployed");
            }
            List<String> here = m.placement.stream().filter(id -> onSwitch(id, node)).toList();
            if (here.isEmpty()) {
                throw ApiException.notFound("module " + m.key() + " does not run on switch " + node);
            }
            if (here.size() == m.placement.size()) {
                return undeploy(m, "removed at switch " + node).thenApply(x -> m);
            }
            here.forEach(m.placement::remove);
            apply(m).exceptionally(t -> logRefused(m, t));
            persist();
            log.info("module {} removed from switch {}; it stays on {}", m.key(), node, m.placement);
            return CompletableFuture.allOf(here.stream().map(id -> pool.remove(id, user, name)
                    .handle((st, t) -> null)).toArray(CompletableFuture[]::new)).thenApply(x -> m);
        });
        return decided.thenCompose(f -> f);
    }

    private boolean onSwitch(String sidecarId, DatapathId node) {
        return pool.sidecar(sidecarId).map(v -> node.toString().equals(v.dpid())).orElse(false);
    }

    private List<String> usableOn(DatapathId node) {
        return pool.sidecars().stream().filter(SidecarView::takesNewFlows).filter(v -> node.toString().equals(v.dpid()))
                .map(SidecarView::id).toList();
    }

    private SteeredModule reserve(DeployRequest r) {
        return reserve(r, Optional.empty());
    }

    private SteeredModule reserve(DeployRequest r, Optional<DatapathId> node) {
        String key = SteeredModule.key(r.user(), r.name());
        if (modules.containsKey(key)) {
            throw ApiException.conflict("module " + key + " is already deployed; DELETE it first");
        }
        SteeredModule chain = null;
        for (SteeredModule other : modules.values()) {
            if (other.overlaps(r)) {
                if (!other.request.user().equals(r.user())) {
                    throw ApiException.conflict("the filter " + r.filter() + " overlaps the filter " + other.filter()
                            + " of module " + other.key() + " of another user; a frame can be steered for one user only");
                }
                chain = other; // the latest overlapping module of the same user
            }
        }
        List<String> chosen = chain != null ? chainPlacement(chain) : choose(r, node);
        SteeredModule m = new SteeredModule(r, nextNumber++, clock.instant(), chain == null ? null : chain.key());
        m.nodeScoped = node.isPresent();
        m.installing.addAll(chosen);
        modules.put(key, m);
        log.info("module {}: installing on {}{}", key, chosen, chain == null ? ""
                : " (same sidecars as " + chain.key() + ", whose filter it overlaps: chained after it)");
        return m;
    }

    private List<String> chainPlacement(SteeredModule chain) {
        List<String> usable = chain.placement.stream()
                .filter(id -> pool.sidecar(id).map(SidecarView::takesNewFlows).orElse(false)).toList();
        if (usable.isEmpty()) {
            throw new ApiException(503, "the filter overlaps module " + chain.key()
                    + ", so it must run on the same sidecars, and none of them is UP");
        }
        return usable;
    }

    private List<String> choose(DeployRequest r, Optional<DatapathId> node) {
        List<SidecarView> usable = pool.sidecars().stream().filter(SidecarView::takesNewFlows)
                .filter(v -> node.isEmpty() || node.get().toString().equals(v.dpid()))
                .sorted(Comparator.comparingInt((SidecarView v) -> v.modules() == null ? 0 : v.modules().size())
                        .thenComparing(SidecarView::id))
                .toList();
        if (usable.isEmpty()) {
            throw new ApiException(503, node.map(n -> "no sidecar of switch " + n + " is UP")
                    .orElse("no sidecar is UP with a known switch port (GET /api/v1/sidecars)"));
        }
        if (r.replicas() != null && r.replicas() > usable.size()) {
            throw new ApiException(503, "replicas=" + r.replicas() + " asked, but only " + usable.size()
                    + " sidecar(s) are UP");
        }
        int n = r.replicas() == null ? usable.size() : r.replicas();
        return usable.subList(0, n).stream().map(SidecarView::id).toList();
    }

    /** Seconds the module has left: a sidecar that gets it late (scale-out, reinstall) lets it expire on time. */
    private long remainingTtl(SteeredModule m) {
        return Math.max(1, java.time.Duration.between(clock.instant(), m.expiresAt).toSeconds());
    }

    /**
     * Installs on the sidecars at once; completes (on exec) with the failures, the successes recorded in the
     * module's placement. A sidecar that failed because it went away may have installed it: remembered.
     */
    private CompletableFuture<List<String>> installOn(SteeredModule m, List<String> sidecars) {
        Map<String, CompletableFuture<ModuleStatus>> installs = new LinkedHashMap<>();
        for (String id : sidecars) {
            installs.put(id, pool.install(id, m.request.moduleRequest(remainingTtl(m))));
        }
        return CompletableFuture.allOf(installs.values().stream()
                        .map(f -> f.handle((s, t) -> null)).toArray(CompletableFuture[]::new))
                .thenApplyAsync(x -> {
                    List<String> failures = new ArrayList<>();
                    installs.forEach((id, f) -> {
                        m.installing.remove(id);
                        if (!f.isCompletedExceptionally()) {
                            m.placement.add(id);
                            installedAt.put(id + " " + m.key(), clock.instant());
                            return;
                        }
                        failures.add("sidecar " + id + ": " + cause(f).getMessage());
                        if (!pool.sidecar(id).map(SidecarView::takesNewFlows).orElse(false)) {
                            orphans.add(id + " " + m.key()); // it may have installed it before it went away
                        }
                    });
                    return failures;
                }, exec);
    }

    /** The first install: all or nothing. On any failure the module is removed from the others. */
    private CompletableFuture<Void> installAll(SteeredModule m, List<String> sidecars) {
        return installOn(m, sidecars).thenApply(failures -> {
            if (!failures.isEmpty()) {
                log.warn("module {}: install failed ({}); removing it from {}", m.key(), failures, m.placement);
                undeploy(m, "install failed");
                String reasons = String.join("; ", failures);
                throw new ApiException(reasons.contains("cannot fetch") ? 404 : 502,
                        "module " + m.key() + " could not be installed: " + reasons);
            }
            return null;
        });
    }

    private CompletableFuture<SteeredModule> activate(SteeredModule m) {
        if (m.state == SteeringState.REMOVING) {
            throw ApiException.conflict("module " + m.key() + " was removed while it was being installed");
        }
        m.state = SteeringState.ACTIVE;
        return apply(m).handleAsync((ok, t) -> {
            if (t != null) {
                log.warn("module {}: the switch refused its steering entries ({}); removing it", m.key(), cause(t).getMessage());
                undeploy(m, "steering entries refused");
                throw new ApiException(502, "module " + m.key() + ": the switch refused its steering entries: "
                        + cause(t).getMessage());
            }
            log.info("module {} is {}: filter {} steered to {} (cookie {})", m.key(), m.state, m.filter(),
                    liveOn.getOrDefault(m.number, Set.of()), SteeringRules.cookie(m.number));
            persist();
            return m;
        }, exec);
    }

    // --- keeping the switches in line ---

    /**
     * Writes the module's entries on every switch its sidecars hang off, from the pool as it is
     * now; drops the pins of sidecars that stopped taking its flows other than by draining.
     */
    private CompletableFuture<Void> apply(SteeredModule m) {
        Map<DatapathId, List<SteeringRules.Member>> members = new HashMap<>();
        Set<String> live = new HashSet<>();
        Set<String> draining = new HashSet<>();
        for (String id : m.placement) {
            Optional<SidecarView> v = pool.sidecar(id);
            if (v.isEmpty() || v.get().dpid() == null) {
                continue;
            }
            DatapathId dpid = DatapathId.of(v.get().dpid());
            members.computeIfAbsent(dpid, d -> new ArrayList<>());
            if (!runsIt(v.get(), m)) {
                continue;
            }
            if (v.get().state() == SidecarState.UP) {
                members.get(dpid).add(new SteeringRules.Member(OFPort.of(v.get().port()), v.get().weight()));
                live.add(id);
            } else if (v.get().state() == SidecarState.DRAINING) {
                draining.add(id);
            }
        }
        Set<String> before = liveOn.getOrDefault(m.number, Set.of());
        liveOn.put(m.number, live);
        SteeringState next = live.isEmpty() ? SteeringState.NO_SIDECAR : SteeringState.ACTIVE;
        if (next != m.state && m.state != SteeringState.INSTALLING) {
            if (next == SteeringState.NO_SIDECAR) {
                log.warn("module {}: no sidecar can take its traffic; {}", m.key(),
                        m.request.failurePolicy() == FailurePolicy.FAIL_OPEN
                                ? "fail-open: its traffic is forwarded untouched" : "fail-closed: its traffic is dropped");
            } else {
                log.info("module {}: steered again, to {}", m.key(), live);
            }
        }
        m.state = next;
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Set<DatapathId> previous = onSwitches.getOrDefault(m.number, Set.of());
        for (DatapathId dpid : previous) {
            if (!members.containsKey(dpid)) {
                writer.remove(dpid, m.number);
            }
        }
        onSwitches.put(m.number, new HashSet<>(members.keySet()));
        members.forEach((dpid, list) -> writes.add(writer.write(dpid, m, list)));
        approaches.update(m, members.keySet());
        for (String gone : before) {
            if (!live.contains(gone) && !draining.contains(gone)) {
                dropPins(m, gone);
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** Follows topology changes: the ways to every module's sidecars again; run it every second. */
    void reapproach() {
        for (SteeredModule m : List.copyOf(modules.values())) {
            if (m.state == SteeringState.ACTIVE || m.state == SteeringState.NO_SIDECAR) {
                approaches.update(m, onSwitches.getOrDefault(m.number, Set.of()));
            }
        }
    }

    /** Whether the sidecar runs the module as far as it last reported (missing counts: just installed). */
    private static boolean runsIt(SidecarView v, SteeredModule m) {
        if (v.modules() == null) {
            return true;
        }
        for (ModuleStatus s : v.modules()) {
            if (s.user().equals(m.request.user()) && s.name().equals(m.request.name())) {
                return s.state() == ModuleState.ACTIVE || s.state() == ModuleState.INSTALLING;
            }
        }
        return true;
    }

    /** Drops the flow pins of a module towards a sidecar: those flows pick a sidecar afresh. */
    private void dropPins(SteeredModule m, String sidecarId) {
        SidecarView v = pool.sidecar(sidecarId).filter(x -> x.dpid() != null).orElse(lastSeen.get(sidecarId));
        if (v == null || v.dpid() == null) {
            return;
        }
        writer.dropPins(DatapathId.of(v.dpid()), m.number, OFPort.of(v.port()));
        log.info("module {}: flows pinned to sidecar {} (port {}) move to the others", m.key(), sidecarId, v.port());
    }

    /** A sidecar changed (health, port, drain, weight, its modules): re-steer, scale out, reinstall. */
    void sidecarChanged(SidecarView v) {
        try {
            exec.execute(() -> {
                try {
                    onSidecar(v);
                } catch (RuntimeException e) {
                    log.error("re-steering after a change of sidecar {} failed", v.id(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("sidecar {} changed while steering stops: ignored", v.id());
        }
    }

    private void onSidecar(SidecarView event) {
        SidecarView v = pool.sidecar(event.id()).orElse(event); // the newest view, events may queue up
        if (v.dpid() != null) {
            lastSeen.put(v.id(), v);
        }
        removeOrphans(v);
        for (SteeredModule m : List.copyOf(modules.values())) {
            if (m.state == SteeringState.INSTALLING || m.state == SteeringState.REMOVING) {
                continue;
            }
            if (m.placement.contains(v.id())) {
                apply(m).exceptionally(t -> logRefused(m, t));
                if (v.takesNewFlows() && lostIt(v, m) && !m.installing.contains(v.id())) {
                    log.warn("sidecar {} came back without module {}; installing it again", v.id(), m.key());
                    m.placement.remove(v.id());
                    scaleOut(m, v.id());
                }
            } else if (m.request.replicas() == null && m.chainedAfter == null && v.takesNewFlows()
                    && !m.installing.contains(v.id()) && (!m.nodeScoped
                    || onSwitches.getOrDefault(m.number, Set.of()).contains(DatapathId.of(v.dpid())))) {
                scaleOut(m, v.id()); // a signaled module grows only on the switches that asked for it
            }
        }
    }

    /** A sidecar back from the dead with a module whose install we rolled back: remove it there. */
    private void removeOrphans(SidecarView v) {
        if (v.modules() == null || v.state() == SidecarState.DOWN) {
            return;
        }
        for (ModuleStatus s : v.modules()) {
            String key = SteeredModule.key(s.user(), s.name());
            if (orphans.remove(v.id() + " " + key) && !modules.containsKey(key)) {
                log.info("sidecar {} still has {} from a rolled-back install; removing it", v.id(), key);
                pool.remove(v.id(), s.user(), s.name()).exceptionally(t -> {
                    log.warn("sidecar {} could not remove {}: {}", v.id(), key, cause(t).getMessage());
                    return null;
                });
            }
        }
    }

    /** Whether a sidecar reconnected after we installed the module there and no longer reports it. */
    private boolean lostIt(SidecarView v, SteeredModule m) {
        Instant at = installedAt.get(v.id() + " " + m.key());
        if (at == null || v.connectedAt() == null || !v.connectedAt().isAfter(at) || v.modules() == null) {
            return false;
        }
        return v.modules().stream().noneMatch(s -> s.user().equals(m.request.user()) && s.name().equals(m.request.name()));
    }

    /** A new sidecar takes a module deployed on every sidecar (and the modules chained behind it). */
    private void scaleOut(SteeredModule m, String sidecarId) {
        m.installing.add(sidecarId);
        log.info("module {}: installing on sidecar {}", m.key(), sidecarId);
        installOn(m, List.of(sidecarId)).thenAccept(failures -> {
            if (!failures.isEmpty()) {
                log.warn("module {}: sidecar {} could not take it ({}); it runs on {} as before", m.key(), sidecarId,
                        failures.get(0), m.placement);
                return;
            }
            if (modules.get(m.key()) != m) {
                // Removed meanwhile: the newcomer must not keep it, unless the module was deployed again
                // (then the sidecar's copy is the new module's, installed or renewed by its own install).
                if (modules.get(m.key()) == null) {
                    pool.remove(sidecarId, m.request.user(), m.request.name());
                }
                return;
            }
            for (SteeredModule chained : modules.values()) {
                if (m.key().equals(chained.chainedAfter) && !chained.placement.contains(sidecarId)) {
                    scaleOut(chained, sidecarId);
                }
            }
            apply(m).exceptionally(x -> logRefused(m, x));
            persist();
        });
    }

    private Void logRefused(SteeredModule m, Throwable t) {
        log.error("module {}: switch refused its steering update: {}", m.key(), cause(t).getMessage());
        return null;
    }

    // --- remove ---

    /** Removes a module: its steering first (so no packet goes to a sidecar without it), then the module. */
    CompletableFuture<SteeredModule> remove(String user, String name, String why) {
        return on(() -> {
            SteeredModule m = modules.get(SteeredModule.key(user, name));
            if (m == null) {
                throw ApiException.notFound("no module " + SteeredModule.key(user, name) + " is deployed");
            }
            if (m.state == SteeringState.INSTALLING) {
                throw ApiException.conflict("module " + m.key() + " is still being installed; try again when it is ACTIVE");
            }
            return m;
        }).thenCompose(m -> {
            log.info("module {}: removing ({})", m.key(), why);
            return undeploy(m, why).thenApply(x -> m);
        });
    }

    /** Runs on exec. */
    private CompletableFuture<Void> undeploy(SteeredModule m, String why) {
        m.state = SteeringState.REMOVING;
        for (DatapathId dpid : onSwitches.getOrDefault(m.number, Set.of())) {
            writer.remove(dpid, m.number);
        }
        onSwitches.remove(m.number);
        approaches.remove(m.number);
        liveOn.remove(m.number);
        List<CompletableFuture<?>> removals = new ArrayList<>();
        for (String id : m.placement) {
            installedAt.remove(id + " " + m.key());
            removals.add(pool.remove(id, m.request.user(), m.request.name()).handle((s, t) -> {
                if (t != null && String.valueOf(cause(t).getMessage()).startsWith("no module")) {
                    log.info("module {}: sidecar {} had already removed it (its own ttl)", m.key(), id);
                } else if (t != null) {
                    log.warn("module {}: sidecar {} could not remove it: {}", m.key(), id, cause(t).getMessage());
                }
                return null;
            }));
        }
        modules.remove(m.key(), m);
        persist();
        log.info("module {} removed ({}): steering entries, pins and learner {} deleted", m.key(), why, m.number);
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    /** Removes modules whose ttl has passed; run it every second. */
    void expire() {
        Instant now = clock.instant();
        for (SteeredModule m : List.copyOf(modules.values())) {
            if (m.state != SteeringState.INSTALLING && m.state != SteeringState.REMOVING && !now.isBefore(m.expiresAt)) {
                undeploy(m, "ttl of " + m.request.ttl() + " s expired");
            }
        }
    }

    // --- views ---

    /** Snapshots of the modules (taken on the steering thread). */
    CompletableFuture<List<SteeredModuleSnapshot>> snapshot() {
        return on(() -> modules.values().stream().map(m -> new SteeredModuleSnapshot(m.request, m.number, m.state,
                m.createdAt, m.expiresAt, m.chainedAfter, List.copyOf(m.placement),
                Set.copyOf(liveOn.getOrDefault(m.number, Set.of())),
                Set.copyOf(onSwitches.getOrDefault(m.number, Set.of())), approaches.switchesOf(m.number))).toList());
    }

    /** A module as it was when the snapshot was taken. */
    record SteeredModuleSnapshot(DeployRequest request, int number, SteeringState state, Instant createdAt,
                                 Instant expiresAt, String chainedAfter, List<String> placement, Set<String> liveOn,
                                 Set<DatapathId> switches, Set<DatapathId> broughtFrom) {}

    private <T> CompletableFuture<T> on(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, exec);
    }

    static Throwable cause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.join();
            return new IllegalStateException("no failure");
        } catch (CompletionException e) {
            return cause(e);
        }
    }
}
