package org.netserv.ofc.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowSync;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGetConfigReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake state machine of one switch connection, free of Netty: it reacts to messages by sending
 * messages through its {@link Peer} and moving between {@link HandshakeState}s. ECHO and decode errors are
 * handled by the channel handler in every state, before messages reach this class.
 */
public final class SwitchHandshake {
    private static final Logger log = LoggerFactory.getLogger(SwitchHandshake.class);

    /** Minimum tables: classification (0), forwarding (1), affinity (2) and learn (3). */
    static final int MIN_TABLES = 4;
    /** Send whole frames in PacketIns (and OVS's userspace datapath has no buffers anyway). */
    static final int MISS_SEND_LEN = 0xFFFF;

    /** What the handshake needs from the connection it runs on. */
    public interface Peer {
        void send(List<? extends OFMessage> messages);

        /** Logs {@code reason}, sends {@code error} if not null, and closes the connection. */
        void fail(String reason, OFMessage error);

        void negotiated(OFVersion version);

        void ready(Result result);

        long nextXid();

        /** The peer's address and, once known, datapath id, for log lines. */
        String describe();
    }

    /** What a finished handshake learned about the switch. */
    public record Result(DatapathId id, OFFactory factory, int tables, List<OFPortDesc> ports) {}

    private final Peer peer;
    private final VersionNegotiation negotiation;
    private final BiFunction<DatapathId, OFFactory, Collection<FlowEntry>> desiredFlows;

    private HandshakeState state = HandshakeState.WAIT_HELLO;
    private OFFactory factory;
    private DatapathId id;
    private int tables;
    private final List<OFPortDesc> ports = new ArrayList<>();
    private final List<OFFlowStatsEntry> flows = new ArrayList<>();
    private long awaitedXid = -1;

    /**
     * @param desiredFlows the entries the switch should hold once ready (pipeline table-miss entries
     *     and what the controller remembers for it)
     */
    public SwitchHandshake(Peer peer, VersionNegotiation negotiation,
                           BiFunction<DatapathId, OFFactory, Collection<FlowEntry>> desiredFlows) {
        this.peer = peer;
        this.negotiation = negotiation;
        this.desiredFlows = desiredFlows;
    }

    public HandshakeState state() {
        return state;
    }

    public DatapathId datapathId() {
        return id;
    }

    /** Sends our HELLO; called when the connection opens. */
    public void start() {
        peer.send(List.of(negotiation.ourHello(peer.nextXid())));
    }

    /** Marks the connection closed, whatever the state. */
    public void closed() {
        state = HandshakeState.CLOSED;
    }

    public void onMessage(OFMessage m) {
        if (m instanceof OFErrorMsg error) {
            onError(error);
            return;
        }
        if (m instanceof OFPortStatus status && state.compareTo(HandshakeState.WAIT_PORT_DESC) > 0
                && state != HandshakeState.CLOSED) {
            applyPortStatus(status); // a port changed after the description; keep the list current
            return;
        }
        switch (state) {
            case WAIT_HELLO -> onHello(m);
            case WAIT_FEATURES_REPLY -> {
                if (m instanceof OFFeaturesReply r && r.getXid() == awaitedXid) {
                    onFeatures(r);
                } else {
                    ignore(m);
                }
            }
            case WAIT_PORT_DESC -> {
                if (m instanceof OFPortDescStatsReply r && r.getXid() == awaitedXid) {
                    ports.addAll(r.getEntries());
                    if (isLast(r)) {
                        sendConfig();
                    }
                } else {
                    ignore(m);
                }
            }
            case WAIT_CONFIG_REPLY -> {
                if (m instanceof OFGetConfigReply r && r.getXid() == awaitedXid) {
                    if (r.getMissSendLen() != MISS_SEND_LEN) {
                        log.warn("{}: switch kept miss_send_len {} (asked for {}); PacketIns may be truncated",
                                peer.describe(), r.getMissSendLen(), MISS_SEND_LEN);
                    }
                    requestOwnFlows();
                } else {
                    ignore(m);
                }
            }
            case WAIT_FLOW_STATS -> {
                if (m instanceof OFFlowStatsReply r && r.getXid() == awaitedXid) {
                    flows.addAll(r.getEntries());
                    if (isLast(r)) {
                        synchronizeFlows();
                    }
                } else {
                    ignore(m);
                }
            }
            case WAIT_TABLE_MISS_BARRIER -> {
                if (m instanceof OFBarrierReply r && r.getXid() == awaitedXid) {
                    moveTo(HandshakeState.READY, "flows in sync");
                    peer.ready(new Result(id, factory, tables, List.copyOf(ports)));
                } else {
                    ignore(m);
                }
            }
            case READY, CLOSED -> ignore(m);
        }
    }

    private void onHello(OFMessage m) {
        if (!(m instanceof OFHello hello)) {
            OFFactory f = OFFactories.getFactory(negotiation.highest());
            fail("expected HELLO as the first message, got " + m.getType(),
                    OfErrors.helloFailed(f, m.getXid(), "expected HELLO first"));
            return;
        }
        VersionNegotiation.Result r = negotiation.negotiate(hello);
        if (r.version().isEmpty()) {
            String why = "no common OpenFlow version: we support "
                    + VersionNegotiation.names(negotiation.supported()) + ", the peer offered " + r.peerOffer();
            // Answer in the peer's own version so it can read why.
            fail(why, OfErrors.helloFailed(OFFactories.getFactory(hello.getVersion()), hello.getXid(), why));
            return;
        }
        OFVersion v = r.version().get();
        factory = OFFactories.getFactory(v);
        peer.negotiated(v);
        awaitedXid = peer.nextXid();
        peer.send(List.of(factory.buildFeaturesRequest().setXid(awaitedXid).build()));
        moveTo(HandshakeState.WAIT_FEATURES_REPLY, "negotiated OpenFlow " + VersionNegotiation.name(v));
    }

    private void onFeatures(OFFeaturesReply r) {
        id = r.getDatapathId();
        tables = r.getNTables();
        if (tables < MIN_TABLES) {
            fail("switch has " + tables + " flow table(s); the NetServ pipeline needs at least " + MIN_TABLES, null);
            return;
        }
        awaitedXid = peer.nextXid();
        peer.send(List.of(factory.buildPortDescStatsRequest().setXid(awaitedXid).build()));
        moveTo(HandshakeState.WAIT_PORT_DESC, "datapath " + id + ", " + tables + " tables");
    }

    private void sendConfig() {
        awaitedXid = peer.nextXid();
        peer.send(List.of(
                factory.buildSetConfig().setXid(peer.nextXid()).setMissSendLen(MISS_SEND_LEN).build(),
                factory.buildGetConfigRequest().setXid(awaitedXid).build()));
        moveTo(HandshakeState.WAIT_CONFIG_REPLY, ports.size() + " ports");
    }

    private void requestOwnFlows() {
        awaitedXid = peer.nextXid();
        peer.send(List.of(factory.buildFlowStatsRequest()
                .setXid(awaitedXid)
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(FlowOwner.NETSERV_PREFIX)
                .setCookieMask(FlowOwner.CONTROLLER_READABLE_MASK) // not entries the switch learned
                .setMatch(factory.buildMatch().build())
                .build()));
        moveTo(HandshakeState.WAIT_FLOW_STATS, "config set");
    }

    private void synchronizeFlows() {
        List<OFMessage> out = new ArrayList<>();
        Collection<FlowEntry> desired = desiredFlows.apply(id, factory);
        if (desired.stream().anyMatch(e -> e.table().equals(Pipeline.LEARN_TABLE))) {
            // The learner table is never read back (see Pipeline.LEARN_TABLE): empty it, the plan refills it.
            out.add(factory.buildFlowDelete().setXid(peer.nextXid()).setTableId(Pipeline.LEARN_TABLE)
                    .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setMatch(factory.buildMatch().build()).build());
        }
        FlowSync.Plan plan = FlowSync.plan(factory, desired, flows);
        for (OFMessage fm : plan.messages()) {
            out.add(fm.createBuilder().setXid(peer.nextXid()).build());
        }
        awaitedXid = peer.nextXid();
        out.add(factory.buildBarrierRequest().setXid(awaitedXid).build());
        peer.send(out);
        log.info("{}: flow resync: {}", peer.describe(), plan.summary());
        moveTo(HandshakeState.WAIT_TABLE_MISS_BARRIER, "resync sent");
    }

    private void applyPortStatus(OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        ports.removeIf(p -> p.getPortNo().equals(desc.getPortNo()));
        if (status.getReason() != OFPortReason.DELETE) {
            ports.add(desc);
        }
    }

    private void onError(OFErrorMsg e) {
        String what = OfErrors.describe(e);
        if (state != HandshakeState.READY && state != HandshakeState.CLOSED) {
            // Any error before READY means our handshake requests or pipeline entries were refused,
            // and a half-configured switch would only mislead: give up on this connection.
            fail("OpenFlow error from switch during handshake (" + state + "): " + what, null);
        }
    }

    private void fail(String reason, OFMessage error) {
        state = HandshakeState.CLOSED;
        peer.fail(reason, error);
    }

    private void ignore(OFMessage m) {
        log.debug("{}: ignoring {} xid {} in state {}", peer.describe(), m.getType(), m.getXid(), state);
    }

    private void moveTo(HandshakeState next, String why) {
        log.debug("{}: {} -> {} ({})", peer.describe(), state, next, why);
        state = next;
    }

    private static boolean isLast(OFStatsReply r) {
        return !r.getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
    }
}
