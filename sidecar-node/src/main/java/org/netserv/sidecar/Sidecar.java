package org.netserv.sidecar;

import io.javalin.Javalin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.netserv.sidecar.agent.AdminRoutes;
import org.netserv.sidecar.agent.ContainerLauncher;
import org.netserv.sidecar.agent.SidecarAgent;
import org.netserv.sidecar.agent.SidecarConfig;
import org.netserv.sidecar.control.OfcClient;
import org.netserv.sidecar.io.FrameHandler;
import org.netserv.sidecar.io.FrameTransport;
import org.netserv.sidecar.io.Transports;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.control.PortProbe;
import org.netserv.signaling.rest.JsonRest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sidecar: the agent and its containers, the loop that returns frames no module wants, the
 * admin API, and (with an OFC address) the control channel. Start and close mirror each other.
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

    /** How to run: identity, interface ("none" for lifecycle only), admin port, OFC, config. */
    public record Settings(String id, String iface, String adminBind, int adminPort, Optional<String> ofc,
                           Path sandboxRoot, SidecarConfig config) {}

    private final Settings settings;
    private FrameTransport unclaimed;
    private Thread unclaimedLoop;
    private volatile boolean running = true;
    /** Whether we answered an OFC port probe: the OFC knows which switch port is ours. */
    private volatile boolean found;
    private final AtomicBoolean closed = new AtomicBoolean();
    private SidecarAgent agent;
    private Javalin admin;
    private OfcClient ofc;

    public Sidecar(Settings settings) {
        this.settings = settings;
    }

    public Sidecar start() throws IOException {
        Files.createDirectories(settings.sandboxRoot());
        if (!settings.iface().equals("none")) {
            unclaimed = Transports.open(settings.iface(), null);
            unclaimedLoop = new Thread(this::returnUnclaimed, "unclaimed-frames");
            unclaimedLoop.setDaemon(true);
            unclaimedLoop.start();
        }
        agent = new SidecarAgent(settings.id(), settings.config(),
                ContainerLauncher.jvm(settings.iface(), settings.sandboxRoot(), settings.config()), unclaimed);
        admin = JsonRest.create(List.of(AdminRoutes.of(settings.id(), settings.iface(), agent)));
        admin.start(settings.adminBind(), settings.adminPort());
        log.info("sidecar {} on interface {}: admin API on http://{}:{}{}", settings.id(), settings.iface(),
                settings.adminBind(), admin.port(), JsonRest.BASE);
        if (settings.ofc().isPresent()) {
            String[] hp = settings.ofc().get().split(":");
            ofc = new OfcClient(hp[0], Integer.parseInt(hp[1]), hello(), agent);
            ofc.start();
            log.info("control channel to OFC {} (reconnects by itself)", settings.ofc().get());
        }
        return this;
    }

    public int adminPort() {
        return admin.port();
    }

    /**
     * The bump in the wire for frames no module's filter wants: back out unchanged, except the OFC's port
     * probes, which go back signed with our MAC so the OFC learns which switch port is ours.
     *
     * <p>With an OFC, nothing else goes back until the OFC has found us (we answered a probe), and broadcast
     * or multicast frames never do: until the OFC knows the port is ours it is an ordinary port to
     * forwarding, and a frame echoed there would make the switch learn its sender behind us. The OFC only
     * steers unicast traffic to a sidecar it has found, so nothing is lost.
     */
    private void returnUnclaimed() {
        byte[] ownMac = macBytes(macOf(settings.iface()));
        boolean guarded = settings.ofc().isPresent();
        FrameHandler echo = (frame, out) -> {
            if (PortProbe.isProbe(frame)) {
                PortProbe.answer(frame, ownMac);
                found = true;
                return frame.limit();
            }
            boolean groupAddress = (frame.get(0) & 1) != 0;
            return guarded && (!found || groupAddress) ? FrameHandler.DROP : frame.limit();
        };
        while (running) {
            try {
                unclaimed.poll(echo);
            } catch (IOException e) {
                if (running) {
                    log.error("interface {} failed: {}", settings.iface(), e.getMessage());
                }
                return;
            }
        }
    }

    private ControlMessage.Hello hello() {
        long memMb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        return new ControlMessage.Hello(ControlMessage.PROTOCOL_VERSION, settings.id(), macOf(settings.iface()),
                settings.iface(), new ControlMessage.Capacity(Runtime.getRuntime().availableProcessors(), memMb, 0),
                List.of());
    }

    static byte[] macBytes(String mac) {
        String[] parts = mac.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6 && i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    static String macOf(String iface) {
        try {
            return Files.readString(Path.of("/sys/class/net", iface, "address")).trim();
        } catch (IOException e) {
            return "00:00:00:00:00:00";
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        running = false;
        if (ofc != null) {
            ofc.close();
        }
        if (admin != null) {
            admin.stop();
        }
        if (agent != null) {
            agent.close();
        }
        if (unclaimed != null) {
            unclaimed.close();
            try {
                unclaimedLoop.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("sidecar {} stopped", settings.id());
    }
}
