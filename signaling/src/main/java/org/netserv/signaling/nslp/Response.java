package org.netserv.signaling.nslp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a request (thesis Figure 6.4): a status line, which request it answers, and the node
 * stack, one {@link NodeEntry} per NetServ node that handled the request, in path order (nearest the
 * requester first). On the wire:
 *
 * <pre>
 * NETSERV/0.1 200 OK
 * request:SETUP
 * module:NetMonitor
 * nonce:8c1f0e5a3b7d9e21f0a4c6b8d2e4f6a8
 * (blank line)
 * NODE ofc1/of:0000000000000001 200 installed
 * (blank line)
 * NODE ofc1/of:0000000000000002 200 installed
 * (blank line)
 * </pre>
 *
 * The last node on the path creates the response with {@link #to} and its own entry; every node on the way
 * back adds its entry with {@link #withNode}, which puts it in front, so the requester reads the nodes in
 * path order:
 *
 * <pre>{@code
 * Response r = Response.to(setup, NslpStatus.OK, "OK").withNode(NodeEntry.of("ofc1/of:02", 200, "installed"));
 * // ... the response reaches the node upstream, which adds itself:
 * r = r.withNode(NodeEntry.of("ofc1/of:01", 200, "installed"));   // nodes(): of:01, of:02
 * }</pre>
 *
 * @param code the status of the request as the responding node saw it (100-599)
 * @param reason 1-200 characters
 * @param request the type of request answered, null when unknown (e.g. it could not be read)
 * @param module the request line's module id, or null
 * @param nonce the request's nonce, or null
 * @param nodes the node stack in path order
 */
public record Response(int code, String reason, RequestType request, String module, String nonce,
                       List<NodeEntry> nodes) implements NslpMessage {

    public Response {
        NodeEntry.checkCode(code);
        String r = Syntax.reasonProblem(reason);
        if (r != null) {
            throw new IllegalArgumentException(r);
        }
        if (module != null && !module.equals("*") && !Syntax.MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module '" + Syntax.shorten(module) + "' is not a module id");
        }
        if (nonce != null && !Syntax.NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce '" + Syntax.shorten(nonce) + "' is not 16-64 lower-case hex digits");
        }
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    }

    /** A response to {@code request} with no node entries yet. */
    public static Response to(Request request, int code, String reason) {
        return new Response(code, reason, request.type(), request.module(), request.nonce(), List.of());
    }

    /** A response to a request that could not be read. */
    public static Response of(int code, String reason) {
        return new Response(code, reason, null, null, null, List.of());
    }

    /** This response with {@code node} added as the node upstream of all present entries. */
    public Response withNode(NodeEntry node) {
        List<NodeEntry> all = new ArrayList<>(nodes.size() + 1);
        all.add(Objects.requireNonNull(node, "node"));
        all.addAll(nodes);
        return new Response(code, reason, request, module, nonce, all);
    }

    /** This response with another status line (e.g. a node upstream that failed). */
    public Response withStatus(int newCode, String newReason) {
        return new Response(newCode, newReason, request, module, nonce, nodes);
    }

    /** The first node in path order that did not succeed. */
    public Optional<NodeEntry> refusal() {
        return nodes.stream().filter(n -> !n.succeeded()).findFirst();
    }

    /** Whether at least one node acted and neither the status nor any node reports a failure. */
    public boolean succeeded() {
        return NslpStatus.isSuccess(code) && !nodes.isEmpty() && refusal().isEmpty();
    }
}
