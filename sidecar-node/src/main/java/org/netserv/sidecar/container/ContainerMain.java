package org.netserv.sidecar.container;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netserv.sidecar.io.FrameTransport;
import org.netserv.sidecar.io.Transports;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One user's container process, started by the sidecar agent: Felix and the user's modules, its own raw
 * socket on the data interface (filtered in the kernel to what its modules want), and the
 * {@link ContainerProtocol} on standard input and output.
 */
@Command(name = "netserv-container", mixinStandardHelpOptions = true,
        description = "A NetServ service container (started by netserv-sidecar; not meant to be run by hand).")
public final class ContainerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ContainerMain.class);

    @Option(names = "--user", required = true, description = "whose modules run here")
    String user;

    @Option(names = "--interface", required = true,
            description = "data interface to process frames on, or 'none' for lifecycle only")
    String iface;

    @Option(names = "--sandbox", required = true, description = "the container's own directory")
    Path sandbox;

    @Option(names = "--allowed-ports", split = ",", description = "ports server modules may listen on")
    List<Integer> allowedPorts = List.of();

    @Option(names = "--signer", description = "X.509 certificate every module bundle must be signed with")
    Path signer;

    @Option(names = "--failure-limit", description = "errors in a row after which a module is stopped")
    int failureLimit = ContainerConfig.DEFAULT_FAILURE_LIMIT;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ContainerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Standard output is the protocol channel: keep a private handle and send System.out to stderr,
        // so nothing a module prints can corrupt it.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ContainerSession session = new ContainerSession(protocol);
        Optional<PublicKey> key = signer == null ? Optional.empty() : Optional.of(SignerKeys.load(signer));
        FrameTransport transport = iface.equals("none") ? null : Transports.open(iface, ContainerRuntime.NOTHING);
        ContainerConfig config = new ContainerConfig(user, sandbox, new HashSet<>(allowedPorts), key, failureLimit);
        ContainerRuntime runtime = new ContainerRuntime(config, new ContainerListener() {
            @Override
            public void moduleChanged(ModuleStatus status) {
                session.moduleChanged(status);
            }

            @Override
            public void filterChanged(String expression) {
                if (transport != null) {
                    try {
                        transport.setFilter(expression);
                    } catch (java.io.IOException | RuntimeException e) {
                        log.error("cannot set the kernel filter '{}': {}", expression, e.getMessage());
                    }
                }
            }
        });
        session.attach(runtime);
        runtime.start();
        PacketLoop loop = null;
        if (transport != null) {
            loop = new PacketLoop(transport, runtime.handler(), "packets-" + user);
            runtime.packetLoopPasses(loop::passes);
            loop.start();
        }
        session.ready();
        try {
            session.serve(new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
                    StandardCharsets.UTF_8)));
        } finally {
            runtime.close();
            if (loop != null) {
                loop.stop();
            }
        }
        return 0;
    }
}
