package org.netserv.ofc.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleLoaderTest {
    interface Alpha {}

    interface Beta {}

    private final List<String> log = new ArrayList<>();

    /** A module that records its lifecycle calls and can be told to fail at one step. */
    private final class Recorder implements OfcModule, Alpha, Beta {
        final String name;
        final Set<Class<?>> provides;
        final Set<Class<?>> requires;
        String failAt = "";

        Recorder(String name, Set<Class<?>> provides, Set<Class<?>> requires) {
            this.name = name;
            this.provides = provides;
            this.requires = requires;
        }

        public String name() {
            return name;
        }

        public Map<Class<?>, Object> provides() {
            Map<Class<?>, Object> m = new java.util.HashMap<>();
            provides.forEach(c -> m.put(c, this));
            return m;
        }

        public Set<Class<?>> requires() {
            return requires;
        }

        public void init() {
            step("init");
        }

        public void startUp(ServiceDirectory s) {
            requires.forEach(s::get);
            step("start");
        }

        public void open() {
            step("open");
        }

        public void shutDown() {
            log.add("stop " + name);
        }

        private void step(String what) {
            if (failAt.equals(what)) {
                throw new IllegalStateException(what + " exploded");
            }
            log.add(what + " " + name);
        }
    }

    @Test
    void providersStartBeforeTheirUsersAndStopAfterThem() {
        Recorder user = new Recorder("user", Set.of(), Set.of(Alpha.class));
        Recorder mid = new Recorder("mid", Set.of(Alpha.class), Set.of(Beta.class));
        Recorder base = new Recorder("base", Set.of(Beta.class), Set.of());
        ModuleLoader loader = new ModuleLoader(List.of(user, mid, base));
        assertThat(loader.startOrder()).containsExactly("base", "mid", "user");
        loader.start();
        assertThat(log).containsExactly("init base", "init mid", "init user", "start base", "start mid",
                "start user", "open base", "open mid", "open user");
        log.clear();
        loader.stop();
        loader.stop(); // idempotent
        assertThat(log).containsExactly("stop user", "stop mid", "stop base");
        assertThat(loader.state()).isEqualTo(ModuleLoader.State.STOPPED);
    }

    @Test
    void missingServiceIsNamed() {
        Recorder user = new Recorder("user", Set.of(), Set.of(Alpha.class));
        assertThatThrownBy(() -> new ModuleLoader(List.of(user)))
                .hasMessage("module 'user' requires Alpha, which no enabled module provides");
    }

    @Test
    void cycleIsReportedWithItsPath() {
        Recorder a = new Recorder("a", Set.of(Alpha.class), Set.of(Beta.class));
        Recorder b = new Recorder("b", Set.of(Beta.class), Set.of(Alpha.class));
        assertThatThrownBy(() -> new ModuleLoader(List.of(a, b)))
                .hasMessageContaining("cycle: a -> b -> a");
    }

    @Test
    void duplicateProvidersAndNamesAreRefused() {
        assertThatThrownBy(() -> new ModuleLoader(List.of(new Recorder("a", Set.of(Alpha.class), Set.of()),
                new Recorder("b", Set.of(Alpha.class), Set.of()))))
                .hasMessageContaining("provided by both 'a' and 'b'");
        assertThatThrownBy(() -> new ModuleLoader(List.of(new Recorder("a", Set.of(), Set.of()),
                new Recorder("a", Set.of(), Set.of()))))
                .hasMessageContaining("two modules are named 'a'");
    }

    @Test
    void failedStartShutsDownWhatAlreadyStarted() {
        Recorder base = new Recorder("base", Set.of(Beta.class), Set.of());
        Recorder user = new Recorder("user", Set.of(), Set.of(Beta.class));
        user.failAt = "open";
        ModuleLoader loader = new ModuleLoader(List.of(base, user));
        assertThatThrownBy(loader::start).isInstanceOf(ModuleException.class)
                .hasMessage("module 'user' failed to open: open exploded");
        assertThat(log).endsWith("stop user", "stop base");
        assertThat(loader.state()).isEqualTo(ModuleLoader.State.FAILED);
    }

    @Test
    void undeclaredServiceCannotBeFetched() {
        Recorder base = new Recorder("base", Set.of(Beta.class), Set.of());
        OfcModule sneaky = new OfcModule() {
            public String name() {
                return "sneaky";
            }

            public void startUp(ServiceDirectory s) {
                s.get(Beta.class);
            }
        };
        ModuleLoader loader = new ModuleLoader(List.of(base, sneaky));
        assertThatThrownBy(loader::start).hasMessageContaining("asked for Beta without declaring it");
        assertThat(log).contains("stop base");
    }
}
