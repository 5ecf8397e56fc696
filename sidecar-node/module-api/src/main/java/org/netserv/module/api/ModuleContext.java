package org.netserv.module.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** What the container gives a module: its identity, properties, log, counters and a place for files. */
public interface ModuleContext {
    /** The user (content provider) the module runs for. */
    String user();

    /** The module's name as installed. */
    String name();

    /** The {@code properties} given when the module was installed; never null. */
    Map<String, String> properties();

    ModuleLog log();

    /** The counter of this name, created at zero on first use. */
    Counter counter(String name);

    /**
     * Publishes a view of the module's state under {@code key}, read when someone asks the admin API. The
     * supplier is called from another thread; it must return a snapshot made of maps, lists, strings,
     * numbers and booleans.
     */
    void publish(String key, Supplier<?> view);

    /** A directory only this user's modules write to. */
    Path sandbox();

    /**
     * Whether a server module may listen on this TCP/UDP port. The container's configuration lists the
     * ports per user; a module should check before binding.
     */
    boolean mayListenOn(int port);
}
