package org.netserv.ofc.core;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchDisconnectedException;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/** A ready switch on a Netty channel: writes, request/reply matching and the port map. */
final class OfSwitchConnection implements OfSwitch {
    private final Channel channel;
    private final DatapathId id;
    private final OFFactory factory;
    private final int tables;
    private final Instant connectedAt = Instant.now();
    private final AtomicLong xids;
    private final PendingRequests pending;
    private final Map<Integer, OFPortDesc> ports = new ConcurrentSkipListMap<>();

    OfSwitchConnection(Channel channel, SwitchHandshake.Result hs, AtomicLong xids, Duration requestTimeout) {
        this.channel = channel;
        this.id = hs.id();
        this.factory = hs.factory();
        this.tables = hs.tables();
        this.xids = xids;
        this.pending = new PendingRequests(requestTimeout);
        hs.ports().forEach(p -> ports.put(p.getPortNo().getPortNumber(), p));
    }

    @Override
    public DatapathId id() {
        return id;
    }

    @Override
    public OFVersion version() {
        return factory.getVersion();
    }

    @Override
    public OFFactory factory() {
        return factory;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public int tables() {
        return tables;
    }

    @Override
    public Collection<OFPortDesc> ports() {
        return List.copyOf(ports.values());
    }

    @Override
    public Optional<OFPortDesc> port(OFPort number) {
        return Optional.ofNullable(ports.get(number.getPortNumber()));
    }

    @Override
    public boolean isConnected() {
        return channel.isActive();
    }

    @Override
    public long nextXid() {
        return xids.incrementAndGet();
    }

    @Override
    public void write(List<? extends OFMessage> messages) {
        for (OFMessage m : messages) {
            channel.write(withXid(m));
        }
        channel.flush();
    }

    @Override
    public CompletableFuture<Void> writeAndConfirm(List<? extends OFMessage> messages) {
        List<OFMessage> out = new ArrayList<>(messages.size());
        List<Long> ids = new ArrayList<>(messages.size());
        for (OFMessage m : messages) {
            OFMessage x = withXid(m);
            out.add(x);
            ids.add(x.getXid());
        }
        if (!isConnected()) {
            return CompletableFuture.failedFuture(gone());
        }
        long barrierXid = nextXid();
        CompletableFuture<Void> done = pending.expectBarrier(barrierXid, ids);
        out.forEach(channel::write);
        channel.writeAndFlush(factory.buildBarrierRequest().setXid(barrierXid).build());
        return done;
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> requestStats(OFStatsRequest<R> request) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(gone());
        }
        OFMessage m = withXid(request);
        CompletableFuture<List<R>> result = pending.expectStats(m.getXid());
        channel.writeAndFlush(m);
        return result;
    }

    /** Routes a reply or error to whoever waits for it; returns whether someone did. */
    boolean onReply(OFMessage m) {
        return pending.onReply(m);
    }

    boolean onError(OFErrorMsg e, String description) {
        return pending.onError(e, description);
    }

    void onPortStatus(OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        if (status.getReason() == OFPortReason.DELETE) {
            ports.remove(desc.getPortNo().getPortNumber());
        } else {
            ports.put(desc.getPortNo().getPortNumber(), desc);
        }
    }

    void onClosed() {
        pending.failAll(gone());
    }

    void disconnect() {
        channel.close();
    }

    private SwitchDisconnectedException gone() {
        return new SwitchDisconnectedException("switch " + id + " is not connected");
    }

    private OFMessage withXid(OFMessage m) {
        return m.getXid() != 0 ? m : m.createBuilder().setXid(nextXid()).build();
    }

    @Override
    public String toString() {
        return id + "@" + remoteAddress();
    }
}
