package org.netserv.ofc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.ofc.OfcModules;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(OfcModules.CATALOG);

    @Test
    void emptyFileMeansDefaults() throws Exception {
        OfcConfig c = loader.parse("");
        assertThat(c.settings(OfcModules.OPENFLOW).port()).isEqualTo(6653);
        assertThat(c.settings(OfcModules.FORWARDING).idleTimeoutSeconds()).isEqualTo(10);
        assertThat(c.settings(OfcModules.REST).port()).isEqualTo(8080);
        assertThat(c.enabled(OfcModules.FORWARDING)).isTrue();
    }

    @Test
    void sectionsSetParametersAndEnableOrDisableModules() throws Exception {
        OfcConfig c = loader.parse("""
                openflow:
                  port: 7000
                  echoIntervalSeconds: 2
                forwarding:
                  enabled: false
                  idleTimeoutSeconds: 30
                """);
        assertThat(c.settings(OfcModules.OPENFLOW).port()).isEqualTo(7000);
        assertThat(c.settings(OfcModules.OPENFLOW).echoIntervalSeconds()).isEqualTo(2);
        assertThat(c.settings(OfcModules.OPENFLOW).deadPeerTimeoutSeconds()).isEqualTo(10);
        assertThat(c.enabled(OfcModules.FORWARDING)).isFalse();
        assertThat(c.settings(OfcModules.FORWARDING).idleTimeoutSeconds()).isEqualTo(30);
    }

    @Test
    void unknownModuleIsRefused() {
        assertThatThrownBy(() -> loader.parse("forwardng: {}"))
                .hasMessage("unknown module 'forwardng' (known: openflow, forwarding, rest, sidecars, steering, signaling, topology)");
    }

    @Test
    void unknownKeyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> loader.parse("forwarding:\n  idleTimout: 3\n"))
                .hasMessageStartingWith("forwarding: unknown key 'idleTimout' (known: ")
                .hasMessageContaining("idleTimeoutSeconds");
    }

    @Test
    void outOfRangeValueNamesTheKey() {
        assertThatThrownBy(() -> loader.parse("openflow:\n  port: 70000\n"))
                .hasMessage("openflow.port must be between 0 and 65535, got 70000");
    }

    @Test
    void inconsistentValuesAreRefused() {
        assertThatThrownBy(() -> loader.parse("openflow:\n  echoIntervalSeconds: 20\n"))
                .hasMessageContaining("deadPeerTimeoutSeconds (10) must be longer than echoIntervalSeconds (20)");
    }

    @Test
    void wrongTypesAreRefused() {
        assertThatThrownBy(() -> loader.parse("forwarding:\n  priority: high\n"))
                .hasMessageContaining("forwarding.priority: expected integer");
        assertThatThrownBy(() -> loader.parse("rest:\n  enabled: yes-please\n"))
                .hasMessageContaining("rest.enabled must be true or false");
        assertThatThrownBy(() -> loader.parse("- just\n- a list\n"))
                .hasMessageContaining("expected a map of module sections");
        assertThatThrownBy(() -> loader.parse("openflow: [1, 2]\n"))
                .hasMessageContaining("openflow must be a map of settings");
    }

    @Test
    void brokenYamlAndMissingFilesAreReported(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "openflow: {port: 1\n");
        assertThatThrownBy(() -> loader.load(bad)).hasMessageStartingWith("config file " + bad + ": not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"))).hasMessageContaining("does not exist");
    }
}
