package org.netserv.ofc.sidecars;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of sidecars and their health. A sidecar is UP from its hello; DOWN when its heartbeats stop
 * for {@code deadAfterMs}, its connection closes or its switch port goes down; DRAINING when an operator
 * says so. Commands go out over the sidecar's connection and are matched to results by request id.
 */
public final class SidecarPool implements SidecarService {
    private static final Logger log = LoggerFactory.getLogger(SidecarPool.class);

    /** One sidecar: its identity from hello, its connection, and what the pool learned since. */
    private static final class Entry {
        final String id;
        volatile ControlMessage.Hello hello;
        volatile Channel channel;
        volatile Instant connectedAt;
        volatile long lastHeartbeatNanos;
        volatile Instant lastHeartbeat;
        volatile boolean connected;
        volatile boolean draining;
        volatile int weight = 1;
        volatile boolean portDown;
        volatile Attachment attachment;
        volatile String reason;
        volatile ControlMessage.Heartbeat heartbeat;
        volatile List<ModuleStatus> modules = List.of();
        volatile SidecarState reported;

        Entry(String id) {
            this.id = id;
        }

        SidecarState state() {
            if (!connected || portDown) {
                return SidecarState.DOWN;
            }
            return draining ? SidecarState.DRAINING : SidecarState.UP;
        }
    }

    private final long deadAfterNanos;
    private final long commandTimeoutSeconds;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Commands waiting for their result, with the sidecar they went to. */
    private record Pending(String sidecarId, CompletableFuture<ControlMessage.Result> result) {}

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final List<SidecarListener> listeners = new CopyOnWriteArrayList<>();

    public SidecarPool(SidecarsConfig config, LongSupplier nanoClock) {
        this.deadAfterNanos = TimeUnit.MILLISECONDS.toNanos(config.deadAfterMs());
        this.commandTimeoutSeconds = config.commandTimeoutSeconds();
        this.nanoClock = nanoClock;
    }

    // --- from the control channel ---

    /** A sidecar said hello on {@code channel}; an older connection of the same sidecar is closed. */
    void hello(ControlMessage.Hello hello, Channel channel) {
        Entry e = entries.computeIfAbsent(hello.sidecarId(), Entry::new);
        Channel old = e.channel;
        e.hello = hello;
        e.channel = channel;
        e.connected = true;
        e.connectedAt = Instant.now();
        e.lastHeartbeatNanos = nanoClock.getAsLong();
        e.lastHeartbeat = Instant.now();
        e.reason = null;
        e.modules = hello.modules() == null ? List.of() : List.copyOf(hello.modules());
        if (old != null && old != channel) {
            old.close();
        }
        log.info("sidecar {} registered from {} (data interface {} {}, {} cores, {} MiB, {} modules)", e.id,
                channel.remoteAddress(), hello.iface(), hello.mac(), hello.capacity().cores(),
                hello.capacity().memoryMb(), e.modules.size());
        changed(e);
    }

    void heartbeat(String id, ControlMessage.Heartbeat hb) {
        Entry e = entries.get(id);
        if (e != null) {
            e.lastHeartbeatNanos = nanoClock.getAsLong();
            e.lastHeartbeat = Instant.now();
            e.heartbeat = hb;
            if (!e.connected) {
                e.connected = true; // heartbeats resumed on a live connection
                e.reason = null;
                log.info("sidecar {} is UP again: heartbeats resumed", e.id);
                changed(e);
            }
        }
    }

    void result(ControlMessage.Result r) {
        Pending p = pending.remove(r.requestId());
        if (p != null) {
            p.result().complete(r);
        }
    }

    void modules(String id, List<ModuleStatus> modules) {
        Entry e = entries.get(id);
        if (e != null) {
            e.modules = List.copyOf(modules);
        }
    }

    void moduleChanged(String id, ModuleStatus m) {
        Entry e = entries.get(id);
        if (e == null) {
            return;
        }
        List<ModuleStatus> updated = new java.util.ArrayList<>(e.modules);
        updated.removeIf(x -> x.user().equals(m.user()) && x.name().equals(m.name()));
        if (m.state() != org.netserv.signaling.model.ModuleState.UNINSTALLED) {
            updated.add(m);
        }
        e.modules = List.copyOf(updated);
        changed(e);
    }

    /** The connection of a sidecar closed (only acts if it is still the sidecar's current one). */
    void disconnected(String id, Channel channel) {
        Entry e = entries.get(id);
        if (e != null && e.channel == channel && e.connected) {
            e.connected = false;
            e.reason = "control connection closed";
            log.warn("sidecar {} is DOWN: its control connection closed", id);
            failPending(e);
            changed(e);
        }
    }

    /** Marks sidecars silent for longer than the dead-after time DOWN; run it often. */
    void checkHealth() {
        long now = nanoClock.getAsLong();
        for (Entry e : entries.values()) {
            if (e.connected && now - e.lastHeartbeatNanos > deadAfterNanos) {
                // DOWN for traffic at once; the connection stays, so a sidecar that was only slow (a busy
                // machine starting container JVMs) comes back UP with its next heartbeat and still answers
                // the commands it was given.
                e.connected = false;
                e.reason = "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - e.lastHeartbeatNanos) + " ms";
                log.warn("sidecar {} is DOWN: {}", e.id, e.reason);
                changed(e);
            }
        }
    }

    // --- from the switches ---

    /** A probe came back from the sidecar with this data-interface MAC: it hangs off this port. */
    void attached(String mac, Attachment a) {
        for (Entry e : entries.values()) {
            if (e.hello != null && e.hello.mac().equalsIgnoreCase(mac) && (!a.equals(e.attachment) || e.portDown)) {
                e.attachment = a;
                e.portDown = false;
                log.info("sidecar {} found on switch {}", e.id, a);
                changed(e);
            }
        }
    }

    /** The switch is gone: sidecars on it are unattached (and probed for again when it returns). */
    void switchGone(org.projectfloodlight.openflow.types.DatapathId dpid) {
        for (Entry e : entries.values()) {
            Attachment a = e.attachment;
            if (a != null && a.dpid().equals(dpid)) {
                e.attachment = null;
                log.warn("sidecar {} lost its switch {}", e.id, dpid);
                changed(e);
            }
        }
    }

    /** A switch port was deleted: the sidecar on it no longer has a port (it is probed for again). */
    void portDeleted(Attachment a) {
        for (Entry e : entries.values()) {
            if (a.equals(e.attachment)) {
                e.attachment = null;
                e.portDown = false;
                log.warn("sidecar {} lost its switch port {} (deleted)", e.id, a);
                changed(e);
            }
        }
    }

    /** A switch port went down or came up: the sidecar on it, if any, follows. */
    void portState(Attachment a, boolean up) {
        for (Entry e : entries.values()) {
            if (a.equals(e.attachment) && e.portDown == up) {
                e.portDown = !up;
                e.reason = up ? null : "its switch port " + a + " is down";
                log.warn("sidecar {} is {}: switch port {} went {}", e.id, up ? "back" : "DOWN", a, up ? "up" : "down");
                changed(e);
            }
        }
    }

    /** Sidecars that are connected but whose switch port is not known yet (they need probing). */
    List<ControlMessage.Hello> unattached() {
        return entries.values().stream().filter(e -> e.connected && e.attachment == null && e.hello != null)
                .map(e -> e.hello).toList();
    }

    // --- SidecarService ---

    @Override
    public List<SidecarView> sidecars() {
        return entries.values().stream().map(this::view).sorted(Comparator.comparing(SidecarView::id)).toList();
    }

    @Override
    public Optional<SidecarView> sidecar(String id) {
        return Optional.ofNullable(entries.get(id)).map(this::view);
    }

    @Override
    public CompletableFuture<ModuleStatus> install(String sidecarId, ModuleRequest request) {
        long id = requestIds.incrementAndGet();
        return command(sidecarId, id, new ControlMessage.Install(id, request));
    }

    @Override
    public CompletableFuture<ModuleStatus> remove(String sidecarId, String user, String name) {
        long id = requestIds.incrementAndGet();
        return command(sidecarId, id, new ControlMessage.Remove(id, user, name));
    }

    private CompletableFuture<ModuleStatus> command(String sidecarId, long requestId, ControlMessage m) {
        Entry e = entries.get(sidecarId);
        if (e == null || !e.connected || e.channel == null) {
            return CompletableFuture.failedFuture(new CommandFailedException("sidecar " + sidecarId + " is not connected"));
        }
        CompletableFuture<ControlMessage.Result> f = new CompletableFuture<>();
        pending.put(requestId, new Pending(sidecarId, f));
        f.orTimeout(commandTimeoutSeconds, TimeUnit.SECONDS).whenComplete((r, t) -> pending.remove(requestId));
        e.channel.writeAndFlush(m);
        return f.handle((r, t) -> {
            if (t instanceof CommandFailedException c) {
                throw c;
            }
            if (t != null) {
                throw new CommandFailedException("sidecar " + sidecarId + " did not answer: "
                        + (t instanceof java.util.concurrent.TimeoutException ? "timed out" : t.getMessage()));
            }
            if (!r.ok()) {
                throw new CommandFailedException(r.error());
            }
            return r.module();
        });
    }

    @Override
    public Optional<SidecarView> drain(String id, boolean draining) {
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (e.draining != draining) {
            e.draining = draining;
            log.info("sidecar {} {}", id, draining ? "draining: no new flows, existing ones finish" : "takes new flows again");
            changed(e);
        }
        return Optional.of(view(e));
    }

    @Override
    public Optional<SidecarView> weight(String id, int weight) {
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be 1-" + MAX_WEIGHT + ", got " + weight);
        }
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (e.weight != weight) {
            log.info("sidecar {} weight {} -> {}", id, e.weight, weight);
            e.weight = weight;
            changed(e);
        }
        return Optional.of(view(e));
    }

    @Override
    public void addListener(SidecarListener listener) {
        listeners.add(listener);
    }

    /** A sidecar went DOWN: what it was asked and has not answered will not be answered on this connection. */
    private void failPending(Entry e) {
        pending.entrySet().removeIf(p -> {
            if (!p.getValue().sidecarId().equals(e.id)) {
                return false;
            }
            p.getValue().result().completeExceptionally(new CommandFailedException(
                    "sidecar " + e.id + " went DOWN (" + e.reason + ") before answering"));
            return true;
        });
    }

    private void changed(Entry e) {
        e.reported = e.state();
        SidecarView v = view(e);
        for (SidecarListener l : listeners) {
            try {
                l.sidecarChanged(v);
            } catch (RuntimeException ex) {
                log.error("sidecar listener failed on {}", e.id, ex);
            }
        }
    }

    private SidecarView view(Entry e) {
        ControlMessage.Hello h = e.hello;
        Attachment a = e.attachment;
        ControlMessage.Heartbeat hb = e.heartbeat;
        Channel c = e.channel;
        return new SidecarView(e.id, e.state(), e.weight, h == null ? null : h.mac(), a == null ? null : a.dpid().toString(),
                a == null ? null : a.port().getPortNumber(), c == null ? null : String.valueOf(c.remoteAddress()).replaceFirst("^/", ""),
                h == null ? 0 : h.capacity().cores(), h == null ? 0 : h.capacity().memoryMb(),
                hb == null ? null : new SidecarView.Load(hb.containers(), hb.modules()), e.connectedAt, e.lastHeartbeat,
                e.reason, e.modules);
    }

    /** The attachment of a sidecar, if known. */
    Optional<Attachment> attachment(String id) {
        return Optional.ofNullable(entries.get(id)).map(e -> e.attachment);
    }
}
