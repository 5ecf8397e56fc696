package org.netserv.ofc.signaling;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.sidecars.SidecarView;
import org.netserv.ofc.steering.DeployRequest;
import org.netserv.ofc.steering.ModuleView;
import org.netserv.ofc.steering.SteeringService;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.rest.ApiException;
import org.netserv.signaling.security.ReplayGuard;
import org.netserv.signaling.security.UserKey;
import org.netserv.signaling.security.Verdict;
import org.netserv.signaling.security.Verifier;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * What one NetServ node (a switch and its sidecars) does with a signaling request addressed to it: check
 * the signature and replay window, then SETUP (deploy or renew the module on this switch's sidecars),
 * REMOVE (take it off this switch) or PROBE (report). The answer is this node's entry in the response.
 */
final class NodeActions implements SignalingSessions.Actor {
    private final SteeringService steering;
    private final SidecarService sidecars;
    private final Verifier verifier;
    private final Duration replayWindow;
    private final Clock clock;
    /** One replay memory per node: the same request rightly passes every node of the path once. */
    private final Map<DatapathId, ReplayGuard> guards = new ConcurrentHashMap<>();

    NodeActions(SteeringService steering, SidecarService sidecars, Duration replayWindow, Clock clock) {
        this.steering = steering;
        this.sidecars = sidecars;
        this.replayWindow = replayWindow;
        this.clock = clock;
        this.verifier = new Verifier(user -> steering.users().get(user)
                .flatMap(u -> Optional.ofNullable(u.publicKey()))
                .flatMap(NodeActions::keyOf));
    }

    private static Optional<java.security.PublicKey> keyOf(String text) {
        try {
            return Optional.of(UserKey.parse(text).key());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Acts on {@code r} at this node; the entry says what happened (never fails). */
    @Override
    public CompletableFuture<NodeEntry> act(Request r, DatapathId dpid, String nodeId) {
        Verdict signature = verifier.verify(r);
        if (!signature.isAccepted()) {
            return done(NodeEntry.of(nodeId, signature.status(), signature.reason()));
        }
        Verdict replay = guards.computeIfAbsent(dpid, d -> new ReplayGuard(replayWindow, ReplayGuard.DEFAULT_CAPACITY, clock))
                .check(r);
        if (replay.kind() == Verdict.Kind.DUPLICATE) {
            // Retransmissions of a session are answered before they get here (same session id): a known
            // nonce in a new session is the same signed request sent again, a replay.
            return done(NodeEntry.of(nodeId, NslpStatus.REPLAYED, "replayed: " + replay.reason()));
        }
        if (!replay.isAccepted()) {
            return done(NodeEntry.of(nodeId, replay.status(), replay.reason()));
        }
        return switch (r.type()) {
            case SETUP -> setup(r, dpid, nodeId);
            case REMOVE -> steering.removeAt(r.user(), r.moduleName(), dpid)
                    .handle((v, t) -> t == null ? NodeEntry.of(nodeId, NslpStatus.OK, "module " + r.user() + "/"
                            + r.moduleName() + " removed") : failure(nodeId, t));
            case PROBE -> done(probe(r, dpid, nodeId));
            case TRIGGER -> done(NodeEntry.of(nodeId, NslpStatus.OK, "passed on"));
        };
    }

    private CompletableFuture<NodeEntry> setup(Request r, DatapathId dpid, String nodeId) {
        ModuleRequest m;
        try {
            m = r.toModuleRequest();
        } catch (NslpException e) {
            return done(NodeEntry.of(nodeId, NslpStatus.BAD_REQUEST, e.reason()));
        }
        DeployRequest d;
        try {
            d = new DeployRequest(m.user(), m.name(), m.url(), m.sha256(), m.filter(), m.ttl(), m.properties(),
                    m.failurePolicy(), null, r.symmetric());
        } catch (IllegalArgumentException e) {
            return done(NodeEntry.of(nodeId, NslpStatus.BAD_REQUEST, e.getMessage()));
        }
        return steering.deployAt(d, dpid).handle((v, t) -> t == null
                ? NodeEntry.of(nodeId, NslpStatus.OK, "module " + v.user() + "/" + v.name() + " " + v.state()
                        + " on " + here(v, dpid) + ", expires " + v.expiresAt())
                : failure(nodeId, t));
    }

    private String here(ModuleView v, DatapathId dpid) {
        return v.sidecars().stream().map(ModuleView.Placement::id)
                .filter(id -> sidecars.sidecar(id).map(s -> dpid.toString().equals(s.dpid())).orElse(false))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** PROBE keys: {@code modules} (the user's here), {@code sidecars}, {@code node}, {@code capabilities}. */
    private NodeEntry probe(Request r, DatapathId dpid, String nodeId) {
        NodeEntry e = NodeEntry.of(nodeId, NslpStatus.OK, "probed");
        List<SidecarView> here = sidecars.sidecars().stream().filter(s -> dpid.toString().equals(s.dpid())).toList();
        for (String key : r.probe()) {
            e = switch (key) {
                case "modules" -> e.withInfo("modules", steering.modules().stream()
                        .filter(v -> v.user().equals(r.user()))
                        .filter(v -> v.sidecars().stream().anyMatch(p -> here.stream().anyMatch(s -> s.id().equals(p.id()))))
                        .map(v -> v.name() + "(" + v.state() + ")").collect(Collectors.joining(",")));
                case "sidecars" -> e.withInfo("sidecars", here.stream().map(s -> s.id() + "(" + s.state() + ")")
                        .collect(Collectors.joining(",")));
                case "node" -> e.withInfo("node", dpid.toString());
                case "capabilities" -> e.withInfo("capabilities", "setup,remove,probe,trigger");
                default -> e.withInfo(key, "unknown (known: modules, sidecars, node, capabilities)");
            };
        }
        return e;
    }

    private static NodeEntry failure(String nodeId, Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof ApiException)) {
            c = c.getCause();
        }
        int code = c instanceof ApiException a ? a.status() : NslpStatus.INTERNAL_ERROR;
        String why = c.getMessage() == null ? c.toString() : c.getMessage();
        return NodeEntry.of(nodeId, code, why.length() > 200 ? why.substring(0, 197) + "..." : why);
    }

    private static CompletableFuture<NodeEntry> done(NodeEntry e) {
        return CompletableFuture.completedFuture(e);
    }
}
