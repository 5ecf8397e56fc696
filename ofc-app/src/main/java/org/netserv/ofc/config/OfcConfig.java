package org.netserv.ofc.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The validated configuration: which modules are enabled, and each module's settings record.
 * Immutable; {@link #with} returns a changed copy (for command-line overrides).
 */
public final class OfcConfig {
    private final Map<String, Object> settings;
    private final Map<String, Boolean> enabled;

    OfcConfig(Map<String, Object> settings, Map<String, Boolean> enabled) {
        // Catalog order, so check-config lists modules as they are declared.
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.enabled = Collections.unmodifiableMap(new LinkedHashMap<>(enabled));
    }

    /** Every module's defaults, each enabled as its spec says. */
    public static OfcConfig defaults(List<ModuleSpec<?>> catalog) {
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        for (ModuleSpec<?> spec : catalog) {
            settings.put(spec.name(), spec.defaults().get());
            enabled.put(spec.name(), spec.enabledByDefault());
        }
        return new OfcConfig(settings, enabled);
    }

    public <C> C settings(ModuleSpec<C> spec) {
        return spec.configType().cast(settings.get(spec.name()));
    }

    public boolean enabled(ModuleSpec<?> spec) {
        return enabled.getOrDefault(spec.name(), false);
    }

    public <C> OfcConfig with(ModuleSpec<C> spec, UnaryOperator<C> change) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(spec.name(), change.apply(settings(spec)));
        return new OfcConfig(copy, enabled);
    }

    /** Settings by module name, enabled or not (for check-config output). */
    public Map<String, Object> all() {
        return settings;
    }

    public Map<String, Boolean> enabledByName() {
        return enabled;
    }
}
