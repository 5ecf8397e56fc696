package org.netserv.ofc.signaling;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistException;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.Mri;
import org.netserv.signaling.gist.RouteHop;
import org.netserv.signaling.gist.RouteRecord;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.nslp.Response;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling sessions of the NetServ nodes this OFC runs (one per switch). A request intercepted at a
 * node is acted on there and passed on toward its destination; the node that sees it last is the last
 * NetServ node on the path, known when the end host answers with ICMP port unreachable or when nothing
 * further on intercepted it for {@code lastNodeTimeoutMs}. Then the response is built with every node's
 * entry in path order and sent back to the requester from the first node. A TRIGGER makes the last node
 * start the request it carries as a new signaling flow back toward the requester; that flow's response
 * answers the TRIGGER. All state lives on one thread, {@code exec}.
 */
final class SignalingSessions {
    private static final Logger log = LoggerFactory.getLogger(SignalingSessions.class);
    /** Hop address of our nodes in route records: they have no address of their own on the data path. */
    private static final Inet4Address NO_ADDRESS = address("0.0.0.0");

    /** What a node does with a request addressed to it (see {@link NodeActions}); never fails. */
    interface Actor {
        CompletableFuture<NodeEntry> act(Request request, DatapathId dpid, String nodeId);
    }

    /** How the sessions reach the switches. */
    interface Wire {
        /** Sends {@code frame} out of the switch toward {@code dstMac} (flooded to network ports if unknown). */
        void send(DatapathId dpid, OFPort inPort, MacAddress dstMac, byte[] frame);
    }

    /** A node the request passed, and what it did (null: it did not act). */
    private record Visit(DatapathId dpid, String nodeId, CompletableFuture<NodeEntry> entry) {}

    private final class Session {
        final SessionId id;
        final Request request;
        final GistMessage firstMessage;
        final UdpFrame firstFrame;
        final Session parent; // the TRIGGER this upstream flow answers, or null
        final List<Visit> visits = new ArrayList<>();
        ScheduledFuture<?> timer;
        Response response;
        /** UDP checksum of the datagram our last node passed on: the one an end host's port unreachable quotes. */
        int lastChecksum = -1;

        Session(SessionId id, Request request, GistMessage message, UdpFrame frame, Session parent) {
            this.id = id;
            this.request = request;
            this.firstMessage = message;
            this.firstFrame = frame;
            this.parent = parent;
        }
    }

    private final SignalingConfig config;
    private final Actor actions;
    private final Wire wire;
    private final ScheduledExecutorService exec;
    private final Map<SessionId, Session> sessions = new LinkedHashMap<>();
    /** Upstream flows our last nodes started for a TRIGGER, by session id. */
    private final Map<SessionId, Session> triggered = new LinkedHashMap<>();

    SignalingSessions(SignalingConfig config, Actor actions, Wire wire, ScheduledExecutorService exec) {
        this.config = config;
        this.actions = actions;
        this.wire = wire;
        this.exec = exec;
    }

    /** A node's id: {@code <nodeName>/of:<datapath id, 16 hex digits>}. */
    String nodeId(DatapathId dpid) {
        return config.nodeName() + "/of:" + String.format("%016x", dpid.getLong());
    }

    // --- from the switches (called on exec) ---

    /**
     * A datagram to the signaling port reached switch {@code dpid}: {@code frame} as parsed from {@code raw},
     * the bytes as they came, which are passed on untouched when the datagram is not ours to act on.
     */
    void intercepted(DatapathId dpid, OFPort inPort, UdpFrame frame, byte[] raw) {
        GistMessage m;
        try {
            m = GistCodec.decode(frame.payload());
        } catch (GistException e) {
            log.info("node {}: not a NetServ signaling datagram from {} ({}); passed on", nodeId(dpid), frame.srcIp(),
                    e.getMessage());
            wire.send(dpid, inPort, frame.dstMac(), raw);
            return;
        }
        if (!m.queryMode()) {
            wire.send(dpid, inPort, frame.dstMac(), raw); // a response for someone else: not ours to read
            return;
        }
        String nodeId = nodeId(dpid);
        if (m.route().contains(nodeId)) {
            log.warn("node {}: session {} came back to it (a routing loop); dropped", nodeId, m.session());
            return;
        }
        Session s = sessions.get(m.session());
        if (s != null) {
            boolean newNode = s.visits.stream().noneMatch(v -> v.dpid().equals(dpid));
            if (newNode && s.request != null && s.timer != null) {
                pass(s, dpid, inPort, m, frame); // the next of our nodes on the path
            } else {
                retransmitted(s, dpid, inPort);
            }
            return;
        }
        Request r;
        try {
            r = NslpCodec.decodeRequest(m.nslpData());
        } catch (NslpException e) {
            log.warn("node {}: unreadable request from {}: {}", nodeId, frame.srcIp(), e.getMessage());
            Session bad = new Session(m.session(), null, m, frame, null);
            sessions.put(m.session(), bad);
            bad.visits.add(new Visit(dpid, nodeId, CompletableFuture.completedFuture(
                    NodeEntry.of(nodeId, NslpStatus.BAD_REQUEST, e.getMessage()))));
            send(bad, Response.of(NslpStatus.BAD_REQUEST, "unreadable request").withNode(
                    NodeEntry.of(nodeId, NslpStatus.BAD_REQUEST, trim(e.getMessage()))));
            return;
        }
        s = new Session(m.session(), r, m, frame, triggered.remove(m.session()));
        sessions.put(m.session(), s);
        pass(s, dpid, inPort, m, frame);
    }

    /** A node this OFC runs sees the session: it acts (unless the request names another node) and passes it on. */
    private void pass(Session s, DatapathId dpid, OFPort inPort, GistMessage m, UdpFrame frame) {
        String nodeId = nodeId(dpid);
        boolean forMe = s.request.nodeId().map(nodeId::equals).orElse(true);
        CompletableFuture<NodeEntry> entry = forMe ? actions.act(s.request, dpid, nodeId) : null;
        s.visits.add(new Visit(dpid, nodeId, entry));
        log.info("node {}: {} {} of {} from {} (session {}){}", nodeId, s.request.type(), s.request.module(),
                s.request.user(), m.route().origin().address().getHostAddress(), s.id, forMe ? "" : ", not for this node");
        if (m.canForward()) {
            GistMessage next = m.forwardedBy(new RouteHop(NO_ADDRESS, 0, nodeId));
            byte[] out = frame.withPayload(GistCodec.encode(next)).toBytes();
            s.lastChecksum = UdpFrame.udpChecksum(out);
            wire.send(dpid, inPort, frame.dstMac(), out);
        }
        restartTimer(s);
    }

    /** The same session again (a retransmission): a finished one gets its response again from its first node. */
    private void retransmitted(Session s, DatapathId dpid, OFPort inPort) {
        if (s.response != null && s.visits.get(0).dpid().equals(dpid)) {
            log.info("node {}: session {} retransmitted; its response is sent again", nodeId(dpid), s.id);
            send(s, s.response);
        }
    }

    /** The end host answered the datagram with port unreachable: the node it entered is the last one. */
    void portUnreachable(DatapathId dpid, PortUnreachable u) {
        for (Session s : sessions.values()) {
            // The checksum tells this session's last datagram from a late copy of an earlier session's
            // (every switch on the way copies the ICMP, and a requester may reuse its port).
            if (s.response == null && s.request != null && s.timer != null && s.lastChecksum == u.originalChecksum()
                    && s.firstFrame.srcIp().equals(u.originalSrc()) && s.firstFrame.dstIp().equals(u.originalDst())
                    && s.firstFrame.srcPort() == u.originalSrcPort()) {
                log.info("node {}: {} answered port unreachable: last NetServ node of session {}", nodeId(dpid),
                        u.from(), s.id);
                finish(s);
                return;
            }
        }
    }

    private void restartTimer(Session s) {
        if (s.timer != null) {
            s.timer.cancel(false);
        }
        s.timer = exec.schedule(() -> finish(s), config.lastNodeTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** No node further on: answer once every node's action is done. */
    private void finish(Session s) {
        if (s.timer == null) {
            return; // already finishing
        }
        s.timer.cancel(false);
        s.timer = null;
        List<CompletableFuture<NodeEntry>> entries = s.visits.stream().map(Visit::entry)
                .filter(java.util.Objects::nonNull).toList();
        CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new)).thenRunAsync(() -> answer(s), exec);
    }

    private void answer(Session s) {
        Visit last = s.visits.get(s.visits.size() - 1);
        List<NodeEntry> entries = s.visits.stream().filter(v -> v.entry() != null).map(v -> v.entry().join()).toList();
        boolean refused = entries.stream().anyMatch(e -> !e.succeeded());
        if (s.request.type() == RequestType.TRIGGER && !refused) {
            startUpstream(s, last);
            return;
        }
        Response r = Response.to(s.request, NslpStatus.OK, "OK");
        for (int i = entries.size() - 1; i >= 0; i--) {
            r = r.withNode(entries.get(i)); // upstream of those already there: path order
        }
        Optional<NodeEntry> refusal = r.refusal();
        if (refusal.isPresent()) {
            r = r.withStatus(refusal.get().code(), "refused by " + refusal.get().nodeId());
        }
        if (entries.isEmpty()) {
            r = r.withStatus(NslpStatus.NOT_FOUND, "no NetServ node on the path acted (node-id matched none)");
        }
        complete(s, r);
    }

    /** The TRIGGER's last node sends the request it carries back toward the requester, acting first itself. */
    private void startUpstream(Session trigger, Visit last) {
        UdpFrame f = trigger.firstFrame;
        GistMessage up = GistMessage.request(Mri.downstream(address(f.dstIp()), address(f.srcIp())), SessionId.random(),
                RouteRecord.origin(new RouteHop(NO_ADDRESS, 0, last.nodeId() + "-trigger")),
                NslpCodec.encode(trigger.request.inner()));
        UdpFrame frame = new UdpFrame(f.dstMac(), f.srcMac(), f.dstIp(), f.srcIp(), 64, GistCodec.PORT, GistCodec.PORT,
                GistCodec.encode(up));
        log.info("node {}: TRIGGER {} of {}: starting its {} back toward {} (session {})", last.nodeId(),
                trigger.request.module(), trigger.request.user(), trigger.request.inner().type(), f.srcIp(), up.session());
        triggered.put(up.session(), trigger);
        intercepted(last.dpid(), OFPort.CONTROLLER, frame, frame.toBytes()); // the last node starts the upstream flow
    }

    private void complete(Session s, Response r) {
        s.response = r;
        if (s.parent != null) {
            // An upstream flow we started for a TRIGGER: its result answers the TRIGGER.
            Response answer = Response.to(s.parent.request, r.code(), r.reason());
            for (int i = r.nodes().size() - 1; i >= 0; i--) {
                answer = answer.withNode(r.nodes().get(i));
            }
            complete(s.parent, answer);
        } else {
            send(s, r);
        }
        exec.schedule(() -> sessions.remove(s.id), config.keepSessionsSeconds(), TimeUnit.SECONDS);
    }

    /** Sends the response to the requester from the session's first node. */
    private void send(Session s, Response r) {
        Visit first = s.visits.get(0);
        UdpFrame req = s.firstFrame;
        byte[] datagram = GistCodec.encode(s.firstMessage.response(NslpCodec.encode(r)));
        UdpFrame answer = new UdpFrame(req.dstMac(), req.srcMac(), req.dstIp(), req.srcIp(), 64, GistCodec.PORT,
                req.srcPort(), datagram);
        log.info("node {}: response {} {} to {}:{} for session {} ({} node entries)", first.nodeId(), r.code(),
                r.reason(), req.srcIp(), req.srcPort(), s.id, r.nodes().size());
        wire.send(first.dpid(), OFPort.CONTROLLER, req.srcMac(), answer.toBytes());
    }

    private static String trim(String s) {
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    private static Inet4Address address(IPv4Address a) {
        return address(a.toString());
    }

    private static Inet4Address address(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
