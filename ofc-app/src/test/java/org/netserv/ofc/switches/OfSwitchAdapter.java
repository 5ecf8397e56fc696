package org.netserv.ofc.switches;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/** A connected OpenFlow 1.3 switch for tests: records what is written; override what a test needs. */
public class OfSwitchAdapter implements OfSwitch {
    public final List<OFMessage> written = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The switch's ports; tests add what they need. */
    public final List<OFPortDesc> portList = new ArrayList<>();
    private final DatapathId id;
    private long xid;

    public OfSwitchAdapter(DatapathId id) {
        this.id = id;
    }

    @Override
    public DatapathId id() {
        return id;
    }

    @Override
    public OFVersion version() {
        return OFVersion.OF_13;
    }

    @Override
    public OFFactory factory() {
        return OFFactories.getFactory(OFVersion.OF_13);
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public Instant connectedAt() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }

    @Override
    public int tables() {
        return 254;
    }

    @Override
    public Collection<OFPortDesc> ports() {
        return List.copyOf(portList);
    }

    @Override
    public Optional<OFPortDesc> port(OFPort number) {
        return portList.stream().filter(p -> p.getPortNo().equals(number)).findFirst();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void write(List<? extends OFMessage> messages) {
        written.addAll(messages);
    }

    @Override
    public CompletableFuture<Void> writeAndConfirm(List<? extends OFMessage> messages) {
        written.addAll(messages);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> requestStats(OFStatsRequest<R> request) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public long nextXid() {
        return ++xid;
    }
}
