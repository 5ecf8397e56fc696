package org.netserv.signaling.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.Response;

/** The CLI's output: what was asked, and the answer with its {@code nodes} in path order. */
final class ResultJson {
    private ResultJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String write(Request request, SessionId session, Exchange.Result result) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("request", request.type().toString());
        j.put("module", request.module());
        j.put("user", request.user());
        j.put("nonce", request.nonce());
        j.put("session", session.toString());
        j.put("attempts", result.attempts());
        j.put("elapsedMs", result.elapsedMillis());
        Response r = result.response();
        List<Map<String, Object>> nodes = new ArrayList<>();
        if (r == null) {
            j.put("succeeded", false);
            j.put("error", "no NetServ node answered after " + result.attempts() + " tries in "
                    + result.elapsedMillis() + " ms");
        } else {
            j.put("succeeded", r.succeeded());
            j.put("answeredBy", result.from().getAddress().getHostAddress() + ":" + result.from().getPort());
            j.put("status", r.code());
            j.put("reason", r.reason());
            if (r.nodes().isEmpty()) {
                j.put("error", "the answer lists no NetServ node");
            } else if (!r.succeeded()) {
                j.put("error", r.refusal().map(n -> "refused by " + n.nodeId() + ": " + n.code() + " " + n.reason())
                        .orElse("refused: " + r.code() + " " + r.reason()));
            }
            for (NodeEntry n : r.nodes()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("nodeId", n.nodeId());
                node.put("status", n.code());
                node.put("reason", n.reason());
                node.put("info", n.info());
                nodes.add(node);
            }
        }
        j.put("nodes", nodes);
        try {
            return MAPPER.writeValueAsString(j);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
