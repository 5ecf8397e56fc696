package org.netserv.sidecar.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.netserv.module.api.PacketModule;
import org.netserv.sidecar.io.FrameHandler;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's service container: an embedded Felix framework and the user's modules in it. Install,
 * uninstall, TTL expiry and stopping failed modules all run on one lifecycle thread, so they never
 * interleave; the packet thread only sees the module chain through {@link #handler()}.
 *
 * <p>A failed install leaves nothing behind: the bundle is uninstalled, the download deleted and the
 * chain untouched.
 */
public final class ContainerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerRuntime.class);
    /** A libpcap expression no frame matches, for a container without modules. */
    public static final String NOTHING = "less 1";

    private final ContainerConfig config;
    private final ContainerListener listener;
    private final FelixHost felix;
    private final BundleFetcher fetcher;
    private final PacketDispatcher dispatcher;
    private final ScheduledExecutorService lifecycle;
    private final Map<String, ModuleInstance> modules = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new LinkedHashMap<>();
    private volatile LongSupplier packetLoopPasses = () -> -1;

    public ContainerRuntime(ContainerConfig config, ContainerListener listener) {
        this.config = config;
        this.listener = listener;
        this.felix = new FelixHost(config.sandbox().resolve("felix-cache"));
        this.fetcher = new BundleFetcher(config.sandbox().resolve("downloads"), config.signer());
        this.lifecycle = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "container-" + config.user());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new PacketDispatcher(config.failureLimit(), m -> lifecycle.execute(() -> stopFailed(m)));
    }

    public void start() throws BundleException, IOException {
        Files.createDirectories(config.sandbox());
        felix.start();
        log.info("container for user {} started (sandbox {})", config.user(), config.sandbox());
        listener.filterChanged(NOTHING);
    }

    /** The frame handler the packet loop runs. */
    public FrameHandler handler() {
        return dispatcher;
    }

    /**
     * Lets uninstall wait until the packet loop has finished the batch that may still be inside a module
     * (the loop's count of completed polls).
     */
    public void packetLoopPasses(LongSupplier passes) {
        this.packetLoopPasses = passes;
    }

    public String user() {
        return config.user();
    }

    public ModuleStatus install(ModuleRequest request) throws InstallException {
        return onLifecycle(() -> doInstall(request));
    }

    /** Removes a module; empty if there is none of that name. */
    public Optional<ModuleStatus> uninstall(String name, String why) throws InstallException {
        return onLifecycle(() -> Optional.ofNullable(remove(name, why)));
    }

    /** Stops a module but keeps it installed; its frames pass unchanged. Empty if there is none. */
    public Optional<ModuleStatus> stop(String name) throws InstallException {
        return onLifecycle(() -> Optional.ofNullable(doStop(name)));
    }

    /** Starts a stopped (or failed) module again. Empty if there is none. */
    public Optional<ModuleStatus> start(String name) throws InstallException {
        return onLifecycle(() -> Optional.ofNullable(doStart(name)));
    }

    public List<ModuleStatus> modules() throws InstallException {
        return onLifecycle(() -> modules.values().stream().map(ModuleInstance::status).toList());
    }

    /** The libpcap expression for every frame some running module of this container wants. */
    String filterExpression() {
        List<String> wanted = modules.values().stream().filter(ModuleInstance::inChain)
                .map(m -> "(" + m.request.filter().toPcapExpression() + ")").distinct().toList();
        return wanted.isEmpty() ? NOTHING : String.join(" or ", wanted);
    }

    private ModuleStatus doStop(String name) {
        ModuleInstance m = modules.get(name);
        if (m == null) {
            return null;
        }
        if (m.state() == ModuleState.ACTIVE || m.state() == ModuleState.FAILED) {
            boolean wasFailed = m.failed();
            m.markStopped();
            chainChanged();
            awaitPacketLoopPass();
            if (!wasFailed) {
                stopQuietly(m);
            }
            try {
                m.bundle.stop();
            } catch (BundleException | IllegalStateException e) {
                log.warn("module {}: stopping its bundle failed: {}", m.id(), e.getMessage());
            }
            log.info("module {} stopped on request", m.id());
            listener.moduleChanged(m.status());
        }
        return m.status();
    }

    private ModuleStatus doStart(String name) throws InstallException {
        ModuleInstance m = modules.get(name);
        if (m == null) {
            return null;
        }
        if (m.state() == ModuleState.ACTIVE) {
            return m.status();
        }
        try {
            if (m.failed() && m.state() == ModuleState.FAILED) {
                m.bundle.stop(); // a failed module's bundle may still be running; restart it cleanly
            }
            m.bundle.start();
            PacketModule fresh = serviceOf(m.bundle);
            fresh.start(m.context);
            m.restarted(fresh);
        } catch (BundleException | RuntimeException e) {
            throw new InstallException("module " + m.id() + " could not be started: " + BundleErrors.explain(e), e);
        } catch (Exception e) {
            throw new InstallException("module " + m.id() + " start() threw " + e, e);
        }
        chainChanged();
        log.info("module {} started again", m.id());
        ModuleStatus s = m.status();
        listener.moduleChanged(s);
        return s;
    }

    private ModuleStatus doInstall(ModuleRequest r) throws InstallException {
        if (!r.user().equals(config.user())) {
            throw new InstallException("this container runs the modules of user " + config.user() + ", not "
                    + r.user());
        }
        ModuleInstance existing = modules.get(r.name());
        if (existing != null && existing.request.sameModuleAs(r)) {
            return refresh(existing, r.ttl());
        }
        if (existing != null) {
            throw new InstallException("module " + r.id() + " is already installed with another request; remove it first");
        }
        BundleFetcher.Fetched fetched = fetcher.fetch(r.url(), r.sha256());
        Bundle bundle = null;
        PacketModule module = null;
        try {
            try (InputStream in = Files.newInputStream(fetched.file())) {
                bundle = felix.context().installBundle("netserv:" + r.id(), in);
            }
            bundle.start();
            module = serviceOf(bundle);
            ModuleContextImpl context = new ModuleContextImpl(r, config.sandbox(), config.allowedPorts());
            try {
                module.start(context);
            } catch (Exception | LinkageError e) {
                module = null; // start() failed: stop() is not called
                throw new InstallException("module start() threw " + e, e);
            }
            ModuleInstance m = new ModuleInstance(r, bundle, module, context, fetched.version());
            modules.put(r.name(), m);
            chainChanged();
            expiries.put(r.name(), lifecycle.schedule(() -> expire(m), r.ttl(), TimeUnit.SECONDS));
            log.info("module {} ({} {}) active, filter '{}', ttl {} s, {}", r.id(), fetched.symbolicName(),
                    fetched.version(), r.filter(), r.ttl(), r.failurePolicy());
            ModuleStatus s = m.status();
            listener.moduleChanged(s);
            return s;
        } catch (InstallException e) {
            discard(bundle, module);
            log.warn("module {} not installed: {}", r.id(), e.getMessage());
            throw e;
        } catch (BundleException | IOException | RuntimeException e) {
            discard(bundle, module);
            InstallException ie = new InstallException(BundleErrors.explain(e), e);
            log.warn("module {} not installed: {}", r.id(), ie.getMessage());
            throw ie;
        } finally {
            BundleFetcher.deleteQuietly(fetched.file()); // Felix keeps its own copy in the cache
        }
    }

    private static PacketModule serviceOf(Bundle b) throws InstallException {
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                String[] classes = (String[]) ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
                if (java.util.Arrays.asList(classes).contains(PacketModule.class.getName())) {
                    Object service = b.getBundleContext().getService(ref);
                    if (service instanceof PacketModule pm) {
                        return pm;
                    }
                    throw new InstallException("the bundle's PacketModule service is not an "
                            + PacketModule.class.getName() + " the container knows; does the bundle embed "
                            + "its own copy of org.netserv.module.api? It must import it");
                }
            }
        }
        throw new InstallException("bundle " + b.getSymbolicName() + " started but registered no "
                + PacketModule.class.getSimpleName() + " service (register one in its BundleActivator)");
    }

    private void discard(Bundle bundle, PacketModule module) {
        if (module != null) {
            try {
                module.stop();
            } catch (RuntimeException e) {
                log.debug("stop() of a half-installed module threw {}", e.toString());
            }
        }
        if (bundle != null) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                log.warn("could not uninstall bundle {}: {}", bundle.getLocation(), e.getMessage());
            }
            felix.refresh();
        }
    }

    private ModuleStatus remove(String name, String why) {
        ModuleInstance m = modules.remove(name);
        if (m == null) {
            return null;
        }
        ScheduledFuture<?> expiry = expiries.remove(name);
        if (expiry != null) {
            expiry.cancel(false);
        }
        chainChanged();
        awaitPacketLoopPass();
        if (m.state() == ModuleState.ACTIVE) {
            stopQuietly(m);
        }
        try {
            m.bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            log.warn("module {}: bundle uninstall failed: {}", m.id(), e.getMessage());
        }
        felix.refresh();
        m.markUninstalled();
        ModuleStatus last = m.status();
        log.info("module {} removed ({}) after {} packets", m.id(), why, last.packets());
        listener.moduleChanged(withReason(last, why));
        return last;
    }

    /** The same module was asked for again: it lives {@code ttl} seconds from now. */
    private ModuleStatus refresh(ModuleInstance m, long ttl) {
        ScheduledFuture<?> old = expiries.put(m.request.name(), lifecycle.schedule(() -> expire(m), ttl, TimeUnit.SECONDS));
        if (old != null) {
            old.cancel(false);
        }
        m.renew(ttl);
        log.info("module {} asked for again: ttl renewed, {} s from now", m.id(), ttl);
        ModuleStatus s = m.status();
        listener.moduleChanged(s);
        return s;
    }

    private void expire(ModuleInstance m) {
        if (modules.get(m.request.name()) == m) {
            remove(m.request.name(), "TTL of " + m.ttlSeconds + " s expired");
        }
    }

    private void stopFailed(ModuleInstance m) {
        if (modules.get(m.request.name()) != m || m.state() != ModuleState.FAILED) {
            return;
        }
        awaitPacketLoopPass();
        stopQuietly(m);
        try {
            m.bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            log.debug("stopping the bundle of failed module {}: {}", m.id(), e.getMessage());
        }
        listener.moduleChanged(m.status());
    }

    private static void stopQuietly(ModuleInstance m) {
        try {
            m.module.stop();
        } catch (RuntimeException e) {
            log.warn("module {} threw in stop(): {}", m.id(), e.toString());
        }
    }

    private void chainChanged() {
        dispatcher.setChain(modules.values().stream().filter(ModuleInstance::inChain).toList());
        listener.filterChanged(filterExpression());
    }

    /** Waits (briefly) until the packet loop has completed a poll after the chain changed. */
    private void awaitPacketLoopPass() {
        long start = packetLoopPasses.getAsLong();
        if (start < 0) {
            return; // no packet loop
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (packetLoopPasses.getAsLong() < start + 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ModuleStatus withReason(ModuleStatus s, String why) {
        return new ModuleStatus(s.user(), s.name(), s.version(), ModuleState.UNINSTALLED, s.filter(), s.failurePolicy(),
                s.packets(), s.bytes(), s.errors(), why, s.installedAt(), s.expiresAt(), s.counters(), s.published());
    }

    private <T> T onLifecycle(Callable<T> task) throws InstallException {
        try {
            return lifecycle.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InstallException ie) {
                throw ie;
            }
            throw new InstallException("container error: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException("interrupted");
        }
    }

    /** Uninstalls every module and stops Felix. */
    @Override
    public void close() {
        try {
            onLifecycle(() -> {
                for (String name : new ArrayList<>(modules.keySet())) {
                    remove(name, "container stopping");
                }
                return null;
            });
        } catch (InstallException e) {
            log.warn("stopping container of {}: {}", config.user(), e.getMessage());
        }
        lifecycle.shutdownNow();
        felix.stop();
        log.info("container for user {} stopped", config.user());
    }
}
