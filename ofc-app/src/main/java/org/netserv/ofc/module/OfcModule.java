package org.netserv.ofc.module;

import java.util.Map;
import java.util.Set;

/**
 * A unit of controller functionality in the shape of Floodlight's {@code IFloodlightModule}.
 *
 * <p>A module declares the services it provides (interface to implementation) and the services it needs.
 * The {@link ModuleLoader} starts modules in dependency order and stops them in reverse:
 *
 * <ol>
 *   <li>{@link #init()} touches only the module's own state; no other module may be called yet.</li>
 *   <li>{@link #startUp(ServiceDirectory)} wires the module to the services it declared in
 *       {@link #requires()} (registering listeners, REST routes, cookie owners).</li>
 *   <li>{@link #open()} starts taking outside traffic (listening sockets). It runs once every module has
 *       started, so nothing from outside arrives before all listeners are registered.</li>
 *   <li>{@link #shutDown()} undoes {@link #startUp} and {@link #open}.</li>
 * </ol>
 *
 * <p>Example:
 * <pre>{@code
 * final class HostCounter implements OfcModule {
 *     private SwitchService switches;
 *     public String name() { return "host-counter"; }
 *     public Set<Class<?>> requires() { return Set.of(SwitchService.class); }
 *     public void startUp(ServiceDirectory services) {
 *         switches = services.get(SwitchService.class);
 *         switches.addMessageListener(OFType.PACKET_IN, name(), (sw, msg) -> ListenerResult.CONTINUE);
 *     }
 * }
 * }</pre>
 *
 * <p>Modules are listed in one composition root ({@code org.netserv.ofc.OfcModules}); the config file only
 * enables them and sets their parameters.
 */
public interface OfcModule {

    /** The module's name as used in the config file and in logs, e.g. {@code "forwarding"}. */
    String name();

    /** Services this module implements, keyed by service interface. Default: none. */
    default Map<Class<?>, Object> provides() {
        return Map.of();
    }

    /** Service interfaces this module needs from other modules. Default: none. */
    default Set<Class<?>> requires() {
        return Set.of();
    }

    /** Prepares the module's own state. Must not call other modules. */
    default void init() throws Exception {}

    /** Wires the module to the services it requires. */
    default void startUp(ServiceDirectory services) throws Exception {}

    /** Starts taking traffic from outside, after every module has started. */
    default void open() throws Exception {}

    /** Undoes {@link #open()} and {@link #startUp}. Must not throw for a module that never started. */
    default void shutDown() throws Exception {}
}
