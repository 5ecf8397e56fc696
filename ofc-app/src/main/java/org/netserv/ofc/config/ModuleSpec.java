package org.netserv.ofc.config;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.netserv.ofc.module.OfcModule;

/**
 * A module the controller can run: its config-file name, the record its section binds to, and how to
 * build it from that record. Listed once, in the composition root.
 *
 * @param enabledByDefault whether the module runs when the config file does not mention it
 */
public record ModuleSpec<C>(String name, Class<C> configType, Supplier<C> defaults, boolean enabledByDefault,
                            BiFunction<C, Env, OfcModule> factory) {

    /**
     * What the composition root hands every module factory.
     *
     * @param listenerOrder message listener names, first to last
     * @param runningModules names of the running modules, in start order
     */
    public record Env(List<String> listenerOrder, Supplier<List<String>> runningModules) {}

    public OfcModule create(Object config, Env env) {
        return factory.apply(configType.cast(config), env);
    }
}
