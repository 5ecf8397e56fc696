package org.netserv.module.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link ModuleContext} for unit tests of modules, outside any container: counters and published views
 * are kept in maps the test can read, the log goes to standard error.
 *
 * <pre>{@code
 * TestModuleContext ctx = new TestModuleContext(Map.of("top", "5"));
 * module.start(ctx);
 * module.process(ParsedPacket.of(frame), emitted::add);
 * assertEquals(1, ctx.count("keepalives-answered"));
 * }</pre>
 */
public final class TestModuleContext implements ModuleContext {
    private final Map<String, String> properties;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> published = new ConcurrentHashMap<>();
    private final Set<Integer> ports;

    public TestModuleContext(Map<String, String> properties) {
        this(properties, Set.of());
    }

    public TestModuleContext(Map<String, String> properties, Set<Integer> allowedPorts) {
        this.properties = Map.copyOf(properties);
        this.ports = Set.copyOf(allowedPorts);
    }

    /** A counter's value (0 if never used). */
    public long count(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** What the module published under {@code key}, evaluated now. */
    public Object view(String key) {
        Supplier<?> s = published.get(key);
        return s == null ? null : s.get();
    }

    @Override
    public String user() {
        return "test";
    }

    @Override
    public String name() {
        return "module-under-test";
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public ModuleLog log() {
        return new ModuleLog() {
            @Override
            public void info(String message) {
                System.err.println("INFO  " + message);
            }

            @Override
            public void warn(String message) {
                System.err.println("WARN  " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                System.err.println("ERROR " + message + ": " + cause);
            }
        };
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
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public boolean mayListenOn(int port) {
        return ports.contains(port);
    }
}
