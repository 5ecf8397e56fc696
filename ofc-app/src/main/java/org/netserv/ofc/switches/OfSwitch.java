package org.netserv.ofc.switches;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A switch whose handshake has completed. Messages are built with {@link #factory()}, never a global
 * factory, so they match the negotiated version.
 *
 * <pre>{@code
 * OFFactory f = sw.factory();
 * sw.write(f.buildEchoRequest().build());
 * sw.writeAndConfirm(List.of(flowAdd)).join(); // returns once the switch has applied it
 * }</pre>
 */
public interface OfSwitch {
    DatapathId id();

    OFVersion version();

    OFFactory factory();

    SocketAddress remoteAddress();

    Instant connectedAt();

    /** Number of flow tables the switch reported. */
    int tables();

    /** Ports as last described by the switch (PORT_DESC, then PORT_STATUS updates). */
    Collection<OFPortDesc> ports();

    Optional<OFPortDesc> port(OFPort number);

    boolean isConnected();

    /** Sends messages in order; an xid is assigned to any message that has none. Errors are logged. */
    void write(List<? extends OFMessage> messages);

    default void write(OFMessage message) {
        write(List.of(message));
    }

    /**
     * Sends messages followed by a BARRIER. The future completes once the barrier reply arrives, or
     * fails with {@link OpenFlowErrorException} if the switch rejected any of the messages, or with
     * {@link SwitchDisconnectedException} if the switch goes away first.
     */
    CompletableFuture<Void> writeAndConfirm(List<? extends OFMessage> messages);

    /** Sends a statistics request and collects every part of the reply. */
    <R extends OFStatsReply> CompletableFuture<List<R>> requestStats(OFStatsRequest<R> request);

    /** A fresh transaction id. */
    long nextXid();
}
