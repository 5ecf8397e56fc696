package org.netserv.signaling.nslp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One NetServ node's line in a response's node stack (thesis Figure 6.4): who it is, what it did, and for a
 * PROBE what it reports. On the wire:
 *
 * <pre>
 * NODE of:0000000000000001 200 installed
 * modules:netmonitor
 * capacity:3
 * (blank line)
 * </pre>
 *
 * @param nodeId the node's id, e.g. {@code ofc1/of:0000000000000001}: 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'
 * @param code a status code 100-599, see {@link NslpStatus}
 * @param reason what happened, 1-200 characters
 * @param info probed keys and values in the order written; keys 1-64 of a-z, 0-9, '.', '_', '-'
 */
public record NodeEntry(String nodeId, int code, String reason, Map<String, String> info) {

    public NodeEntry {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!Syntax.NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id '" + Syntax.shorten(nodeId)
                    + "' must be 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'");
        }
        checkCode(code);
        String r = Syntax.reasonProblem(reason);
        if (r != null) {
            throw new IllegalArgumentException(r);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(info, "info").entrySet()) {
            String p = infoProblem(e.getKey(), e.getValue());
            if (p != null) {
                throw new IllegalArgumentException(p);
            }
            copy.put(e.getKey(), e.getValue());
        }
        info = Collections.unmodifiableMap(copy);
    }

    /** An entry without probed information. */
    public static NodeEntry of(String nodeId, int code, String reason) {
        return new NodeEntry(nodeId, code, reason, Map.of());
    }

    /** This entry with one more probed key (replacing an earlier value of that key). */
    public NodeEntry withInfo(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(info);
        m.put(key, value);
        return new NodeEntry(nodeId, code, reason, m);
    }

    public boolean succeeded() {
        return NslpStatus.isSuccess(code);
    }

    static void checkCode(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("a status code is 100-599, got " + code);
        }
    }

    static String infoProblem(String key, String value) {
        if (key == null || !Syntax.KEY.matcher(key).matches()) {
            return "info key '" + (key == null ? "null" : Syntax.shorten(key)) + "' must be 1-64 of a-z, 0-9, '.', '_', '-'";
        }
        String p = value == null ? "no value" : Syntax.textProblem(value);
        return p == null ? null : "info '" + key + "': " + p;
    }
}
