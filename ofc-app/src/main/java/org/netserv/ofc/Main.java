package org.netserv.ofc;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.netserv.ofc.config.ConfigException;
import org.netserv.ofc.config.ConfigLoader;
import org.netserv.ofc.config.OfcConfig;
import org.netserv.ofc.module.ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code java -jar netserv-ofc.jar}: runs the controller until SIGTERM or Ctrl-C. */
@Command(name = "netserv-ofc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "The NetServ OpenFlow controller: speaks OpenFlow 1.3 to switches and forwards by L2 learning;",
            "sidecars register on the sidecar port; modules deployed with POST /api/v1/modules run on them and",
            "their traffic is steered through them. REST under /api/v1/ (health, switches, sidecars, modules),",
            "Prometheus metrics on /metrics. Stops cleanly on SIGTERM or Ctrl-C."},
        footer = {"", "Exit status: 0 stopped normally, 1 failed to start, 2 bad command line or config.",
            "Example: java -jar netserv-ofc.jar --of-port 6653 --rest-port 8080 --sidecar-port 7000 --config ofc.yaml",
            "Config reference with every default: docs/ofc.example.yaml"},
        subcommands = Main.CheckConfig.class)
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--of-port", paramLabel = "PORT",
            description = "TCP port switches connect to (default 6653; overrides openflow.port)")
    Integer ofPort;

    @Option(names = "--rest-port", paramLabel = "PORT",
            description = "TCP port of the REST API (default 8080; overrides rest.port)")
    Integer restPort;

    @Option(names = "--sidecar-port", paramLabel = "PORT",
            description = "TCP port sidecars connect to (default 7000; overrides sidecars.port)")
    Integer sidecarPort;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file enabling modules and setting their parameters (see docs/operator-guide.md)")
    Path config;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExitCodeExceptionMapper(e -> 2);
    }

    @Override
    public Integer call() throws InterruptedException {
        OfcConfig cfg;
        try {
            cfg = effectiveConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("netserv-ofc: " + e.getMessage());
            return 2;
        }
        OfcApplication app = new OfcApplication(cfg);
        try {
            app.start();
        } catch (ModuleException e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }
        // SIGTERM and Ctrl-C end the wait below, so the stop is ours and the exit status 0; the hook
        // covers any other way the JVM is asked to exit.
        CountDownLatch signalled = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> {
                log.info("stopping (SIG{} received)", sig.getName());
                signalled.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        signalled.await();
        app.close();
        log.info("stopped");
        return 0;
    }

    OfcConfig effectiveConfig() throws ConfigException {
        ConfigLoader loader = new ConfigLoader(OfcModules.CATALOG);
        OfcConfig cfg = config == null ? OfcConfig.defaults(OfcModules.CATALOG) : loader.load(config);
        if (ofPort != null) {
            cfg = cfg.with(OfcModules.OPENFLOW, c -> c.withPort(ofPort));
        }
        if (restPort != null) {
            cfg = cfg.with(OfcModules.REST, c -> c.withPort(restPort));
        }
        if (sidecarPort != null) {
            cfg = cfg.with(OfcModules.SIDECARS, c -> c.withPort(sidecarPort));
        }
        return cfg;
    }

    /** {@code check-config FILE}: validates a config file offline and prints the effective settings. */
    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Check a config file without starting anything; print the effective settings.")
    static final class CheckConfig implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the YAML config file to check")
        Path file;

        @Override
        public Integer call() {
            try {
                OfcConfig cfg = new ConfigLoader(OfcModules.CATALOG).load(file);
                java.io.PrintWriter out = spec.commandLine().getOut();
                out.println(file + ": OK");
                for (Map.Entry<String, Object> e : cfg.all().entrySet()) {
                    boolean on = cfg.enabledByName().getOrDefault(e.getKey(), false);
                    out.println("  " + e.getKey() + (on ? "" : " (disabled)") + ": " + e.getValue());
                }
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"netserv-ofc " + (v == null ? "(development build)" : v)};
        }
    }
}
