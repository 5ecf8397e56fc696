package org.netserv.ofc.sidecars;

import static org.awaitility.Awaitility.await;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A real {@link SidecarPool} with sidecars played by the test: each "connects" over an embedded channel,
 * and the test sees the commands the pool sends and answers them.
 */
public final class ScriptedSidecars {
    public final AtomicLong nanos = new AtomicLong();
    public final SidecarPool pool = new SidecarPool(new SidecarsConfig(null, 0, 100, 500, 5, null), nanos::get);
    private final Map<String, EmbeddedChannel> channels = new HashMap<>();
    private final Map<String, LinkedBlockingQueue<ControlMessage>> commands = new HashMap<>();

    /** Registers a sidecar and attaches it to a switch port (as a probe reply would). */
    public synchronized void connect(String id, DatapathId dpid, int port, List<ModuleStatus> modules) {
        String mac = String.format("02:00:00:00:00:%02x", port);
        LinkedBlockingQueue<ControlMessage> queue = commands.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise p) {
                queue.add((ControlMessage) msg); // the pool writes from the steering thread: queue, do not buffer
                p.setSuccess();
            }
        });
        channels.put(id, ch);
        pool.hello(new ControlMessage.Hello(ControlMessage.PROTOCOL_VERSION, id, mac, "eth0",
                new ControlMessage.Capacity(2, 1024, 0), modules), ch);
        pool.attached(mac, new Attachment(dpid, OFPort.of(port)));
    }

    /** The connection closes (the process died). */
    public void die(String id) {
        pool.disconnected(id, channels.get(id));
    }

    /** Waits for the next command sent to a sidecar. */
    public ControlMessage next(String id) {
        try {
            ControlMessage m = commands.get(id).poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("sidecar " + id + " got no command within 10 s");
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether a command is waiting for the sidecar (without waiting). */
    public boolean hasCommand(String id) {
        return !commands.get(id).isEmpty();
    }

    /** Answers the next install on a sidecar: ok (module ACTIVE) or failed with {@code error}. */
    public ModuleRequest answerInstall(String id, String error) {
        ControlMessage.Install i = (ControlMessage.Install) next(id);
        ModuleStatus s = status(i.request(), ModuleState.ACTIVE);
        pool.result(new ControlMessage.Result(i.requestId(), error == null, error, error == null ? s : null));
        if (error == null) {
            pool.moduleChanged(id, s);
        }
        return i.request();
    }

    /** Answers the next remove on a sidecar. */
    public ControlMessage.Remove answerRemove(String id) {
        ControlMessage.Remove r = (ControlMessage.Remove) next(id);
        pool.result(new ControlMessage.Result(r.requestId(), true, null, null));
        return r;
    }

    /** The sidecar reports a module's new state (e.g. FAILED). */
    public void report(String id, ModuleRequest r, ModuleState state) {
        pool.moduleChanged(id, status(r, state));
    }

    public static ModuleStatus status(ModuleRequest r, ModuleState state) {
        return new ModuleStatus(r.user(), r.name(), "1.0.0", state, r.filter(), r.failurePolicy(), 0, 0, 0, null,
                Instant.now(), Instant.now().plusSeconds(r.ttl()), Map.of(), Map.of());
    }

    /** Waits until the pool shows the sidecar in {@code state}. */
    public void awaitState(String id, SidecarState state) {
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.sidecar(id).map(v -> v.state() == state).orElse(false));
    }
}
