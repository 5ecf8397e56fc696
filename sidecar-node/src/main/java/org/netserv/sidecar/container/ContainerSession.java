package org.netserv.sidecar.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import org.netserv.sidecar.container.ContainerProtocol.Command;
import org.netserv.sidecar.container.ContainerProtocol.Message;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container side of {@link ContainerProtocol}: reads commands until the input ends or a shutdown
 * command comes, runs them on the {@link ContainerRuntime}, and writes replies and module events.
 */
final class ContainerSession {
    private static final Logger log = LoggerFactory.getLogger(ContainerSession.class);

    private final PrintStream out;
    private ContainerRuntime runtime;

    ContainerSession(PrintStream out) {
        this.out = out;
    }

    void attach(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    void ready() {
        send(Message.event("ready", null));
    }

    /** Serves commands until the agent closes our input or says shutdown. */
    void serve(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            Command c;
            try {
                c = ModelJson.read(line, Command.class);
            } catch (IllegalArgumentException e) {
                log.error("unreadable command from the agent: {}", e.getMessage());
                continue;
            }
            if (ContainerProtocol.SHUTDOWN.equals(c.op())) {
                send(Message.ok(c.id(), (ModuleStatus) null));
                return;
            }
            send(handle(c));
            if (!ContainerProtocol.STATUS.equals(c.op())) {
                // Installs leave megabytes of garbage (downloads, resolution); with the heap allowed to
                // shrink, one collection after a rare lifecycle command keeps every container small.
                System.gc();
            }
        }
        log.info("agent closed the control pipe; stopping");
    }

    private Message handle(Command c) {
        try {
            return switch (c.op()) {
                case ContainerProtocol.INSTALL -> Message.ok(c.id(), runtime.install(c.request()));
                case ContainerProtocol.UNINSTALL -> runtime.uninstall(c.name(), c.reason())
                        .map(s -> Message.ok(c.id(), s))
                        .orElseGet(() -> Message.error(c.id(), "no module " + c.name()));
                case ContainerProtocol.STOP -> runtime.stop(c.name()).map(s -> Message.ok(c.id(), s))
                        .orElseGet(() -> Message.error(c.id(), "no module " + c.name()));
                case ContainerProtocol.START -> runtime.start(c.name()).map(s -> Message.ok(c.id(), s))
                        .orElseGet(() -> Message.error(c.id(), "no module " + c.name()));
                case ContainerProtocol.STATUS -> Message.ok(c.id(), runtime.modules());
                default -> Message.error(c.id(), "unknown op '" + c.op() + "'");
            };
        } catch (InstallException e) {
            return Message.error(c.id(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("command {} failed", c.op(), e);
            return Message.error(c.id(), "container error: " + e);
        }
    }

    /** Tells the agent a module changed state. */
    void moduleChanged(ModuleStatus status) {
        send(Message.event("module", status));
    }

    private void send(Message m) {
        String line = ModelJson.write(m);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
