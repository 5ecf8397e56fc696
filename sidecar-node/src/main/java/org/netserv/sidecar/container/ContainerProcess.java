package org.netserv.sidecar.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.netserv.sidecar.container.ContainerProtocol.Command;
import org.netserv.sidecar.container.ContainerProtocol.Message;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's handle on one container process: starts the JVM with the user's limits, speaks
 * {@link ContainerProtocol} over its pipes, and tells when it dies (with the end of its log, which says
 * why, e.g. an OutOfMemoryError).
 */
public final class ContainerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    /** How to start a container JVM. */
    public record Launch(String java, List<String> jvmOptions, String classPath, String user, String iface,
                         Path sandbox, List<Integer> allowedPorts, Path signer, int failureLimit) {}

    /** What the container tells its owner. */
    public interface Events {
        void moduleChanged(ModuleStatus status);

        /** The process ended without being asked to. */
        void died(String user, int exitCode, String logTail);
    }

    private final Launch launch;
    private final Events events;
    private final Process process;
    private final Writer stdin;
    private final Path logFile;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean closing;

    private ContainerProcess(Launch launch, Events events) throws IOException {
        this.launch = launch;
        this.events = events;
        Files.createDirectories(launch.sandbox());
        this.logFile = launch.sandbox().resolve("container.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.java());
        cmd.addAll(launch.jvmOptions());
        cmd.addAll(List.of("-cp", launch.classPath(), ContainerMain.class.getName(), "--user", launch.user(),
                "--interface", launch.iface(), "--sandbox", launch.sandbox().toString(),
                "--failure-limit", Integer.toString(launch.failureLimit())));
        if (!launch.allowedPorts().isEmpty()) {
            cmd.add("--allowed-ports");
            cmd.add(String.join(",", launch.allowedPorts().stream().map(String::valueOf).toList()));
        }
        if (launch.signer() != null) {
            cmd.add("--signer");
            cmd.add(launch.signer().toString());
        }
        this.process = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLoop, "container-" + launch.user() + "-reader");
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(this::exited);
    }

    /** Starts a container and waits until it says it is ready. */
    public static ContainerProcess start(Launch launch, Events events) throws IOException {
        ContainerProcess p = new ContainerProcess(launch, events);
        try {
            p.ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            p.close();
            throw new IOException("container for " + launch.user() + " did not start: " + p.logTail(), e);
        }
        log.info("container for user {} running (pid {}, log {})", launch.user(), p.pid(), p.logFile);
        return p;
    }

    public long pid() {
        return process.pid();
    }

    public String user() {
        return launch.user();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Installs a module; the future fails with the container's reason. */
    public CompletableFuture<ModuleStatus> install(ModuleRequest r) {
        return call(Command.install(ids.incrementAndGet(), r)).thenApply(Message::module);
    }

    public CompletableFuture<ModuleStatus> uninstall(String name, String reason) {
        return call(Command.uninstall(ids.incrementAndGet(), name, reason)).thenApply(Message::module);
    }

    public CompletableFuture<ModuleStatus> stop(String name) {
        return call(Command.stop(ids.incrementAndGet(), name)).thenApply(Message::module);
    }

    public CompletableFuture<ModuleStatus> start(String name) {
        return call(Command.start(ids.incrementAndGet(), name)).thenApply(Message::module);
    }

    public CompletableFuture<List<ModuleStatus>> status() {
        return call(Command.status(ids.incrementAndGet())).thenApply(Message::modules);
    }

    private CompletableFuture<Message> call(Command c) {
        CompletableFuture<Message> f = new CompletableFuture<>();
        if (!process.isAlive()) {
            f.completeExceptionally(new IllegalStateException("container for " + launch.user() + " is not running"));
            return f;
        }
        pending.put(c.id(), f);
        f.orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).whenComplete((m, t) -> pending.remove(c.id()));
        try {
            synchronized (stdin) {
                stdin.write(ModelJson.write(c));
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            f.completeExceptionally(new IllegalStateException("container for " + launch.user() + " is gone"));
        }
        return f.thenCompose(m -> Boolean.TRUE.equals(m.ok()) ? CompletableFuture.completedFuture(m)
                : CompletableFuture.failedFuture(new ContainerException(m.error())));
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Message m;
                try {
                    m = ModelJson.read(line, Message.class);
                } catch (IllegalArgumentException e) {
                    log.warn("container {}: unreadable line on its protocol channel: {}", launch.user(), line);
                    continue;
                }
                if (m.id() != null) {
                    CompletableFuture<Message> f = pending.get(m.id());
                    if (f != null) {
                        f.complete(m);
                    }
                } else if ("ready".equals(m.event())) {
                    ready.complete(null);
                } else if ("module".equals(m.event()) && m.module() != null) {
                    events.moduleChanged(m.module());
                }
            }
        } catch (IOException e) {
            log.debug("container {}: protocol channel closed: {}", launch.user(), e.getMessage());
        }
    }

    private void exited() {
        int code = process.exitValue();
        RuntimeException gone = new IllegalStateException("container for " + launch.user() + " exited (code "
                + code + ")");
        pending.values().forEach(f -> f.completeExceptionally(gone));
        ready.completeExceptionally(gone);
        if (!closing) {
            String tail = logTail();
            log.error("container for user {} died (exit code {}): {}", launch.user(), code, tail);
            events.died(launch.user(), code, tail);
        }
    }

    /** The last lines of the container's log, joined, for reports. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return String.join(" | ", last);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Asks the container to stop (it uninstalls its modules), then ends the process by its PID if needed. */
    @Override
    public void close() {
        closing = true;
        if (process.isAlive()) {
            try {
                call(Command.shutdown(ids.incrementAndGet())).get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("container {} did not confirm shutdown: {}", launch.user(), e.toString());
            }
            try {
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        log.info("container for user {} stopped", launch.user());
    }

    /** The container refused a command; the message is its reason. */
    public static final class ContainerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ContainerException(String message) {
            super(message);
        }
    }
}
