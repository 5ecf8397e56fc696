package org.netserv.ofc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--of-port=PORT", "--rest-port=PORT", "--config=FILE", "check-config",
                "default 6653", "SIGTERM");
    }

    @Test
    void badOptionValueIsAUsageError() {
        assertThat(run("--of-port", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("--of-port", "abc");
    }

    @Test
    void missingOrBadConfigFileStopsBeforeStarting(@TempDir Path dir) throws Exception {
        assertThat(run("--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "forwarding:\n  idleTimeoutSeconds: -1\n");
        assertThat(run("--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("forwarding.idleTimeoutSeconds must be between 0 and 65535, got -1");
    }

    @Test
    void checkConfigPrintsEffectiveSettingsOrTheProblem(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "openflow:\n  port: 7001\nforwarding:\n  enabled: false\n");
        assertThat(run("check-config", good.toString())).isZero();
        assertThat(out.toString()).contains(": OK", "port=7001", "forwarding (disabled)");
        assertThat(out.toString().indexOf("openflow:")).as("catalog order")
                .isLessThan(out.toString().indexOf("forwarding (disabled):"));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "rest:\n  prot: 1\n");
        assertThat(run("check-config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("rest: unknown key 'prot'");
    }

    @Test
    void theDocumentedExampleConfigIsValidAndSpellsOutTheDefaults() throws Exception {
        Path example = Path.of("..", "docs", "ofc.example.yaml");
        assertThat(run("check-config", example.toString())).as(err.toString()).isZero();
        var fromFile = new org.netserv.ofc.config.ConfigLoader(OfcModules.CATALOG).load(example);
        var defaults = org.netserv.ofc.config.OfcConfig.defaults(OfcModules.CATALOG);
        assertThat(fromFile.all()).isEqualTo(defaults.all());
        assertThat(fromFile.enabledByName()).isEqualTo(defaults.enabledByName());
    }

    @Test
    void aRestApiReachableFromTheNetworkNeedsAToken(@TempDir Path dir) throws Exception {
        Path open = dir.resolve("open.yaml");
        Files.writeString(open, "rest:\n  bindAddress: 0.0.0.0\n");
        assertThat(run("check-config", open.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bindAddress 0.0.0.0 is reachable from the network: set rest.token");
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "rest:\n  bindAddress: 0.0.0.0\n  token: abcdefghijklmnopqrstuvwxyz\n");
        assertThat(run("check-config", ok.toString())).as(err.toString()).isZero();
        assertThat(org.netserv.ofc.config.OfcConfig.defaults(OfcModules.CATALOG).settings(OfcModules.REST).bindAddress())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void commandLinePortsOverrideTheConfigFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "openflow:\n  port: 7001\nrest:\n  port: 7002\n");
        Main main = new Main();
        new CommandLine(main).parseArgs("--config", cfg.toString(), "--of-port", "7101", "--sidecar-port", "7103");
        var effective = main.effectiveConfig();
        assertThat(effective.settings(OfcModules.OPENFLOW).port()).isEqualTo(7101);
        assertThat(effective.settings(OfcModules.SIDECARS).port()).isEqualTo(7103);
        assertThat(effective.settings(OfcModules.REST).port()).isEqualTo(7002);
    }
}
