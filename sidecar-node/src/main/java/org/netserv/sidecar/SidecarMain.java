package org.netserv.sidecar;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.netserv.sidecar.agent.SidecarConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code java -jar netserv-sidecar.jar}: runs a sidecar until SIGTERM or Ctrl-C. */
@Command(name = "netserv-sidecar", mixinStandardHelpOptions = true, versionProvider = SidecarMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "A NetServ sidecar: runs each user's modules in a container of its own (a JVM with an embedded",
            "Apache Felix), processes the frames steered to it on its data interface, sends them back out, and",
            "serves an admin API under /api/v1/modules. With --ofc it registers with the OFC and takes its",
            "commands; without, it runs standalone (module developers use this).",
            "Needs root (raw sockets) unless --interface none."},
        footer = {"", "Exit status: 0 stopped normally, 1 failed to start, 2 bad command line or config.",
            "Example: java -jar netserv-sidecar.jar --id sc1 --interface sc1-eth0 --ofc 10.0.0.254:7000"})
public final class SidecarMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SidecarMain.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, description = "this sidecar's name, e.g. sc1")
    String id;

    @Option(names = "--interface", required = true,
            description = "data interface the switch steers frames to, or 'none' to manage modules without traffic")
    String iface;

    @Option(names = "--ofc", paramLabel = "HOST:PORT", description = "OFC control channel to register with")
    String ofc;

    @Option(names = "--admin-port", paramLabel = "PORT", description = "admin API port (default ${DEFAULT-VALUE})")
    int adminPort = 8181;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", description = "admin API address (default ${DEFAULT-VALUE})")
    String adminBind = "0.0.0.0";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with container limits (docs/sidecar-guide.md)")
    Path config;

    @Option(names = "--sandbox-root", paramLabel = "DIR",
            description = "where containers get their sandboxes (default /tmp/netserv-sidecar-<id>)")
    Path sandboxRoot;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SidecarMain()).setExitCodeExceptionMapper(e -> 2).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        SidecarConfig cfg;
        try {
            cfg = config == null ? SidecarConfig.defaults() : SidecarConfig.load(config);
            if (ofc != null && !ofc.matches("[^:]+:\\d{1,5}")) {
                throw new IllegalArgumentException("--ofc must be HOST:PORT, got '" + ofc + "'");
            }
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("--id must be 1-32 letters, digits, '_' or '-', got '" + id + "'");
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("netserv-sidecar: " + e.getMessage());
            return 2;
        }
        Path root = sandboxRoot != null ? sandboxRoot : Path.of(System.getProperty("java.io.tmpdir"), "netserv-sidecar-" + id);
        Sidecar sidecar = new Sidecar(new Sidecar.Settings(id, iface, adminBind, adminPort, Optional.ofNullable(ofc),
                root, cfg));
        try {
            sidecar.start();
        } catch (Exception e) {
            log.error("cannot start: {}", e.getMessage());
            sidecar.close();
            return 1;
        }
        CountDownLatch signalled = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> {
                log.info("stopping (SIG{} received)", sig.getName());
                signalled.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sidecar::close, "shutdown"));
        signalled.await();
        sidecar.close();
        return 0;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SidecarMain.class.getPackage().getImplementationVersion();
            return new String[] {"netserv-sidecar " + (v == null ? "(development build)" : v)};
        }
    }
}
