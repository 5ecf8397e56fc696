package org.netserv.ofc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.netserv.ofc.config.ModuleSpec;
import org.netserv.ofc.config.OfcConfig;
import org.netserv.ofc.module.ModuleLoader;
import org.netserv.ofc.module.OfcModule;

/** A running controller: the enabled modules, started in dependency order and stopped in reverse. */
public final class OfcApplication implements AutoCloseable {
    private final List<OfcModule> modules;
    private final ModuleLoader loader;

    public OfcApplication(OfcConfig config) {
        AtomicReference<ModuleLoader> ref = new AtomicReference<>();
        this.modules = OfcModules.create(config, new ModuleSpec.Env(OfcModules.LISTENER_ORDER,
                () -> ref.get() == null ? List.of() : ref.get().startOrder()));
        this.loader = new ModuleLoader(modules);
        ref.set(loader);
    }

    /** Starts every module; on failure nothing is left running and the exception says why. */
    public OfcApplication start() {
        loader.start();
        return this;
    }

    public List<String> moduleOrder() {
        return loader.startOrder();
    }

    /** The running module of a type, e.g. to ask a test-bound port. */
    public <T extends OfcModule> Optional<T> module(Class<T> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public void close() {
        loader.stop();
    }
}
