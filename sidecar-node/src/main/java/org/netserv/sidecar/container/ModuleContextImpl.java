package org.netserv.sidecar.container;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.netserv.module.api.Counter;
import org.netserv.module.api.ModuleContext;
import org.netserv.module.api.ModuleLog;
import org.netserv.signaling.model.ModuleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container's {@link ModuleContext}: one per module. */
final class ModuleContextImpl implements ModuleContext {
    private final ModuleRequest request;
    private final Path sandbox;
    private final Set<Integer> allowedPorts;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> published = new ConcurrentHashMap<>();
    private final ModuleLog log;

    ModuleContextImpl(ModuleRequest request, Path sandbox, Set<Integer> allowedPorts) {
        this.request = request;
        this.sandbox = sandbox;
        this.allowedPorts = Set.copyOf(allowedPorts);
        Logger logger = LoggerFactory.getLogger("module." + request.user() + "." + request.name());
        String tag = request.id() + ": ";
        this.log = new ModuleLog() {
            @Override
            public void info(String message) {
                logger.info("{}{}", tag, message);
            }

            @Override
            public void warn(String message) {
                logger.warn("{}{}", tag, message);
            }

            @Override
            public void error(String message, Throwable cause) {
                logger.error("{}{}", tag, message, cause);
            }
        };
    }

    @Override
    public String user() {
        return request.user();
    }

    @Override
    public String name() {
        return request.name();
    }

    @Override
    public Map<String, String> properties() {
        return request.properties();
    }

    @Override
    public ModuleLog log() {
        return log;
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, k -> Counter.atomic());
    }

    @Override
    public void publish(String key, Supplier<?> view) {
        published.put(key, view);
    }

    @Override
    public Path sandbox() {
        return sandbox;
    }

    @Override
    public boolean mayListenOn(int port) {
        return allowedPorts.contains(port);
    }

    Map<String, Long> countersSnapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue().get()));
        return out;
    }

    /** Every published view, evaluated now; a view that throws shows its error instead. */
    Map<String, Object> publishedSnapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        published.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            try {
                out.put(e.getKey(), e.getValue().get());
            } catch (RuntimeException ex) {
                out.put(e.getKey(), Map.of("error", "view failed: " + ex));
            }
        });
        return out;
    }
}
