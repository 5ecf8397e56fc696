package org.netserv.ofc.module;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that every required service is provided, orders modules so that providers start before their
 * users, and runs the lifecycle: init all, start all, open all; shut down in reverse.
 *
 * <p>If any step fails, the modules already started are shut down again before the failure is reported,
 * so a failed start leaves nothing half-running.
 */
public final class ModuleLoader {
    private static final Logger log = LoggerFactory.getLogger(ModuleLoader.class);

    /** The loader's own lifecycle. */
    public enum State { CREATED, RUNNING, STOPPED, FAILED }

    private final List<OfcModule> ordered;
    private final Map<Class<?>, OfcModule> providers;
    private final List<OfcModule> started = new ArrayList<>();
    private State state = State.CREATED;

    /**
     * Validates the module set and computes the start order.
     *
     * @throws ModuleException for duplicate names, duplicate providers, missing services or cycles
     */
    public ModuleLoader(List<? extends OfcModule> modules) {
        this.providers = indexProviders(modules);
        this.ordered = dependencyOrder(modules, providers);
    }

    /** Module names in start order. */
    public List<String> startOrder() {
        return ordered.stream().map(OfcModule::name).toList();
    }

    public synchronized State state() {
        return state;
    }

    /** Runs init, startUp and open on every module; on failure undoes what was done and rethrows. */
    public synchronized void start() {
        if (state != State.CREATED) {
            throw new IllegalStateException("modules already started once (state " + state + ")");
        }
        try {
            for (OfcModule m : ordered) {
                step(m, "init", m::init);
            }
            for (OfcModule m : ordered) {
                step(m, "start", () -> m.startUp(new ScopedDirectory(m)));
                started.add(m);
            }
            for (OfcModule m : ordered) {
                step(m, "open", m::open);
            }
            state = State.RUNNING;
            log.info("modules running: {}", startOrder());
        } catch (ModuleException e) {
            state = State.FAILED;
            shutDownStarted();
            throw e;
        }
    }

    /** Shuts every started module down, last started first. Safe to call more than once. */
    public synchronized void stop() {
        if (state == State.RUNNING) {
            shutDownStarted();
            state = State.STOPPED;
        }
    }

    private void shutDownStarted() {
        for (int i = started.size() - 1; i >= 0; i--) {
            OfcModule m = started.get(i);
            try {
                m.shutDown();
            } catch (Exception e) {
                log.warn("module '{}' failed to shut down cleanly: {}", m.name(), e.toString());
            }
        }
        started.clear();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(OfcModule m, String what, Step step) {
        try {
            step.run();
        } catch (ModuleException e) {
            throw e;
        } catch (Exception e) {
            throw new ModuleException("module '" + m.name() + "' failed to " + what + ": " + e.getMessage(), e);
        }
    }

    private static Map<Class<?>, OfcModule> indexProviders(List<? extends OfcModule> modules) {
        Set<String> names = new LinkedHashSet<>();
        Map<Class<?>, OfcModule> providers = new LinkedHashMap<>();
        for (OfcModule m : modules) {
            if (!names.add(m.name())) {
                throw new ModuleException("two modules are named '" + m.name() + "'");
            }
            for (Map.Entry<Class<?>, Object> e : m.provides().entrySet()) {
                if (!e.getKey().isInstance(e.getValue())) {
                    throw new ModuleException("module '" + m.name() + "' says it provides "
                            + e.getKey().getSimpleName() + " with an object that does not implement it");
                }
                OfcModule other = providers.putIfAbsent(e.getKey(), m);
                if (other != null) {
                    throw new ModuleException("service " + e.getKey().getSimpleName() + " is provided by both '"
                            + other.name() + "' and '" + m.name() + "'");
                }
            }
        }
        return providers;
    }

    /** Depth-first topological order that keeps the given order among independent modules. */
    private static List<OfcModule> dependencyOrder(List<? extends OfcModule> modules,
                                                   Map<Class<?>, OfcModule> providers) {
        for (OfcModule m : modules) {
            for (Class<?> need : m.requires()) {
                if (!providers.containsKey(need)) {
                    throw new ModuleException("module '" + m.name() + "' requires " + need.getSimpleName()
                            + ", which no enabled module provides");
                }
            }
        }
        List<OfcModule> order = new ArrayList<>();
        Map<OfcModule, Boolean> done = new HashMap<>(); // false = on the current path, true = placed
        for (OfcModule m : modules) {
            visit(m, providers, done, order, new ArrayDeque<>());
        }
        return List.copyOf(order);
    }

    private static void visit(OfcModule m, Map<Class<?>, OfcModule> providers, Map<OfcModule, Boolean> done,
                              List<OfcModule> order, Deque<String> path) {
        Boolean mark = done.get(m);
        if (Boolean.TRUE.equals(mark)) {
            return;
        }
        path.addLast(m.name());
        if (Boolean.FALSE.equals(mark)) {
            throw new ModuleException("modules depend on each other in a cycle: " + String.join(" -> ", path));
        }
        done.put(m, false);
        for (Class<?> need : m.requires()) {
            OfcModule provider = providers.get(need);
            if (provider != m) {
                visit(provider, providers, done, order, path);
            }
        }
        done.put(m, true);
        order.add(m);
        path.removeLast();
    }

    /** The directory a module sees: only what it declared, so ordering can be trusted. */
    private final class ScopedDirectory implements ServiceDirectory {
        private final OfcModule module;

        ScopedDirectory(OfcModule module) {
            this.module = module;
        }

        @Override
        public <T> T get(Class<T> service) {
            if (!module.requires().contains(service)) {
                throw new ModuleException("module '" + module.name() + "' asked for " + service.getSimpleName()
                        + " without declaring it in requires()");
            }
            return service.cast(providers.get(service).provides().get(service));
        }
    }
}
