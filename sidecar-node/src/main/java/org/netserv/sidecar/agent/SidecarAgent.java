package org.netserv.sidecar.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.netserv.sidecar.container.ContainerProcess;
import org.netserv.sidecar.control.ModuleHost;
import org.netserv.sidecar.io.FrameTransport;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar node agent: one container process per user, started with the user's first module and
 * stopped after its last, and the bump-in-the-wire duty for frames no module wants.
 *
 * <p>Each container reads the data interface through its own raw socket, filtered in the kernel to its
 * modules' filters; so a frame may belong to one user's container only, and filters that overlap another
 * user's are refused. The agent's own socket takes everything else ({@code not (...)}) and sends it back
 * unchanged. Frames of a fail-closed module whose container died stay claimed by nobody, i.e. dropped.
 */
public final class SidecarAgent implements ModuleHost, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SidecarAgent.class);
    private static final long STATUS_SECONDS = 10;

    /** One user's container and modules. Guarded by the agent for bookkeeping, by itself for starting. */
    private static final class UserSlot {
        ContainerProcess process;
        Optional<Path> cgroup = Optional.empty();
        final Map<String, ModuleRequest> active = new LinkedHashMap<>();
        /** Installed modules stopped on request: their frames pass through the agent unchanged. */
        final java.util.Set<String> stopped = new java.util.HashSet<>();
        /** Modules whose container died: FAILED until removed. */
        final Map<String, ModuleStatus> dead = new LinkedHashMap<>();
    }

    private final SidecarConfig config;
    private final ContainerLauncher launcher;
    private final CpuShares cpu;
    private final FrameTransport unclaimed;
    private final Map<String, UserSlot> users = new LinkedHashMap<>();
    private final List<Consumer<ModuleStatus>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param unclaimed the agent's own transport on the data interface, or null (tests, lifecycle only)
     */
    public SidecarAgent(String sidecarId, SidecarConfig config, ContainerLauncher launcher, FrameTransport unclaimed) {
        this.config = config;
        this.launcher = launcher;
        this.cpu = new CpuShares(sidecarId);
        this.unclaimed = unclaimed;
        updateUnclaimedFilter();
    }

    /** Told about every module state change (for the OFC control channel). */
    @Override
    public void addListener(Consumer<ModuleStatus> l) {
        listeners.add(l);
    }

    @Override
    public ModuleStatus install(ModuleRequest r) throws AgentException {
        SidecarConfig.UserLimits limits = config.containers().limitsOf(r.user())
                .orElseThrow(() -> AgentException.forbidden("user " + r.user() + " may not run modules on this sidecar"));
        UserSlot slot;
        boolean refresh;
        synchronized (this) {
            slot = users.computeIfAbsent(r.user(), u -> new UserSlot());
            ModuleRequest existing = slot.active.get(r.name());
            refresh = existing != null && existing.sameModuleAs(r); // the same module again: renew its ttl
            if (!refresh && (existing != null || slot.dead.containsKey(r.name()))) {
                throw AgentException.conflict("module " + r.id() + " is already installed with another request; "
                        + "remove it first (installing the very same request again renews its ttl)");
            }
            if (!refresh) {
                for (Map.Entry<String, UserSlot> other : users.entrySet()) {
                    if (other.getKey().equals(r.user())) {
                        continue;
                    }
                    for (ModuleRequest m : other.getValue().active.values()) {
                        if (m.filter().overlaps(r.filter())) {
                            throw AgentException.conflict("filter '" + r.filter() + "' overlaps module " + m.id() + " ('"
                                    + m.filter() + "') of another user; a frame can go to one user's container only");
                        }
                    }
                }
                slot.active.put(r.name(), r); // reserved: a concurrent install sees it
            }
        }
        try {
            ModuleStatus s;
            synchronized (slot) {
                ContainerProcess p = running(slot, r.user(), limits);
                s = await(p.install(r));
            }
            if (refresh) {
                synchronized (this) {
                    slot.active.replace(r.name(), r);
                }
            } else {
                updateUnclaimedFilter();
            }
            return s;
        } catch (AgentException e) {
            if (!refresh) {
                synchronized (this) {
                    slot.active.remove(r.name());
                }
                stopIfIdle(r.user());
            }
            throw e;
        }
    }

    @Override
    public Optional<ModuleStatus> uninstall(String user, String name) throws AgentException {
        UserSlot slot;
        synchronized (this) {
            slot = users.get(user);
            if (slot == null || !(slot.active.containsKey(name) || slot.dead.containsKey(name))) {
                return Optional.empty();
            }
            ModuleStatus dead = slot.dead.remove(name);
            if (dead != null) {
                updateUnclaimedFilter();
                stopIfIdle(user);
                return Optional.of(dead);
            }
        }
        ModuleStatus last;
        synchronized (slot) {
            if (slot.process == null) {
                return Optional.empty();
            }
            last = await(slot.process.uninstall(name, "removed on request"));
        }
        forget(user, name);
        return Optional.of(last);
    }

    /** Stops a module but keeps it installed; empty if there is none. */
    public Optional<ModuleStatus> stop(String user, String name) throws AgentException {
        return onRunning(user, name, p -> p.stop(name));
    }

    /** Starts a stopped or failed module again; empty if there is none. */
    public Optional<ModuleStatus> start(String user, String name) throws AgentException {
        return onRunning(user, name, p -> p.start(name));
    }

    private Optional<ModuleStatus> onRunning(String user, String name,
            java.util.function.Function<ContainerProcess, java.util.concurrent.CompletableFuture<ModuleStatus>> op)
            throws AgentException {
        UserSlot slot;
        synchronized (this) {
            slot = users.get(user);
            if (slot == null || !slot.active.containsKey(name)) {
                return Optional.empty();
            }
        }
        synchronized (slot) {
            if (slot.process == null) {
                return Optional.empty();
            }
            return Optional.of(await(op.apply(slot.process)));
        }
    }

    /** Every module on this sidecar, live from the containers. */
    @Override
    public List<ModuleStatus> modules() {
        List<ModuleStatus> out = new ArrayList<>();
        Map<String, ContainerProcess> running = new LinkedHashMap<>();
        synchronized (this) {
            users.forEach((u, slot) -> {
                out.addAll(slot.dead.values());
                if (slot.process != null) {
                    running.put(u, slot.process);
                }
            });
        }
        running.forEach((u, p) -> {
            try {
                out.addAll(p.status().get(STATUS_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("container of {} did not report its modules: {}", u, e.getMessage());
            }
        });
        out.sort(Comparator.comparing(ModuleStatus::user).thenComparing(ModuleStatus::name));
        return out;
    }

    public Optional<ModuleStatus> module(String user, String name) {
        return modules().stream().filter(m -> m.user().equals(user) && m.name().equals(name)).findFirst();
    }

    /** Users with a running container, and their process ids. */
    @Override
    public synchronized Map<String, Long> containers() {
        Map<String, Long> out = new LinkedHashMap<>();
        users.forEach((u, s) -> {
            if (s.process != null && s.process.alive()) {
                out.put(u, s.process.pid());
            }
        });
        return out;
    }

    private ContainerProcess running(UserSlot slot, String user, SidecarConfig.UserLimits limits) throws AgentException {
        if (slot.process != null && slot.process.alive()) {
            return slot.process;
        }
        try {
            slot.process = launcher.start(user, limits, new Events(user));
        } catch (IOException e) {
            throw AgentException.unavailable("cannot start a container for " + user + ": " + e.getMessage());
        }
        slot.cgroup = cpu.apply(user, slot.process.pid(), limits.cpuShares());
        return slot.process;
    }

    private static ModuleStatus await(java.util.concurrent.CompletableFuture<ModuleStatus> f) throws AgentException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.unavailable("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ContainerProcess.ContainerException) {
                throw AgentException.unprocessable(c.getMessage());
            }
            throw AgentException.unavailable(String.valueOf(c.getMessage()));
        }
    }

    /** A module left its container (removed, TTL): forget it; stop the container once it is empty. */
    private void forget(String user, String name) {
        synchronized (this) {
            UserSlot slot = users.get(user);
            if (slot == null || slot.active.remove(name) == null) {
                return;
            }
            slot.stopped.remove(name);
        }
        updateUnclaimedFilter();
        stopIfIdle(user);
    }

    private void stopIfIdle(String user) {
        background.execute(() -> {
            UserSlot idle = null;
            synchronized (this) {
                UserSlot slot = users.get(user);
                if (slot != null && slot.active.isEmpty() && slot.dead.isEmpty()) {
                    users.remove(user);
                    idle = slot;
                }
            }
            if (idle != null) {
                if (idle.process != null) {
                    idle.process.close(); // returns once the process has exited...
                }
                idle.cgroup.ifPresent(cpu::release); // ...so its cgroup is empty and can go
            }
        });
    }

    private synchronized void updateUnclaimedFilter() {
        if (unclaimed == null) {
            return;
        }
        List<String> claimed = new ArrayList<>();
        for (UserSlot s : users.values()) {
            s.active.values().stream().filter(m -> !s.stopped.contains(m.name()))
                    .forEach(m -> claimed.add(m.filter().toPcapExpression()));
            s.dead.values().stream().filter(m -> m.failurePolicy() == FailurePolicy.FAIL_CLOSED)
                    .forEach(m -> claimed.add(m.filter().toPcapExpression()));
        }
        String expr = claimed.isEmpty() ? null
                : "not (" + claimed.stream().distinct().map(e -> "(" + e + ")").collect(Collectors.joining(" or ")) + ")";
        try {
            unclaimed.setFilter(expr);
            log.debug("frames for no module: {}", expr == null ? "all" : expr);
        } catch (IOException | RuntimeException e) {
            log.error("cannot set the filter for unclaimed frames '{}': {}", expr, e.getMessage());
        }
    }

    /** What one user's container reports. */
    private final class Events implements ContainerProcess.Events {
        private final String user;

        Events(String user) {
            this.user = user;
        }

        @Override
        public void moduleChanged(ModuleStatus s) {
            if (s.state() == ModuleState.UNINSTALLED) {
                forget(user, s.name());
            } else {
                synchronized (SidecarAgent.this) {
                    UserSlot slot = users.get(user);
                    if (slot != null && (s.state() == ModuleState.STOPPED ? slot.stopped.add(s.name())
                            : slot.stopped.remove(s.name()))) {
                        updateUnclaimedFilter();
                    }
                }
            }
            listeners.forEach(l -> l.accept(s));
        }

        @Override
        public void died(String u, int exitCode, String logTail) {
            List<ModuleStatus> failed = new ArrayList<>();
            synchronized (SidecarAgent.this) {
                UserSlot slot = users.get(u);
                if (slot == null) {
                    return;
                }
                String reason = "container exited (code " + exitCode + "): " + logTail;
                for (ModuleRequest r : slot.active.values()) {
                    ModuleStatus s = new ModuleStatus(r.user(), r.name(), null, ModuleState.FAILED, r.filter(),
                            r.failurePolicy(), 0, 0, 0, reason, null, null, null, null);
                    slot.dead.put(r.name(), s);
                    failed.add(s);
                }
                slot.active.clear();
                slot.stopped.clear();
                slot.process = null;
                slot.cgroup.ifPresent(cpu::release);
                slot.cgroup = Optional.empty();
            }
            updateUnclaimedFilter();
            failed.forEach(s -> listeners.forEach(l -> l.accept(s)));
        }
    }

    /** Stops every container (their modules are uninstalled). */
    @Override
    public void close() {
        List<UserSlot> slots;
        synchronized (this) {
            slots = new ArrayList<>(users.values());
            users.clear();
        }
        for (UserSlot s : slots) {
            if (s.process != null) {
                s.process.close();
            }
            s.cgroup.ifPresent(cpu::release);
        }
        background.shutdown();
        try {
            background.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS); // containers stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cpu.close();
    }
}
