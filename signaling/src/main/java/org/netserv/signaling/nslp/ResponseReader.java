package org.netserv.signaling.nslp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads responses from the lines of a message; see {@link NslpCodec}. */
final class ResponseReader {
    static final String REQUEST = "request";
    static final String MODULE = "module";
    static final String NONCE = "nonce";
    static final String NODE = "NODE";

    private final String[] lines;
    private int next;

    private ResponseReader(String[] lines) {
        this.lines = lines;
    }

    static Response read(String[] lines) throws NslpException {
        return new ResponseReader(lines).response();
    }

    private Response response() throws NslpException {
        String[] status = lines[next++].split(" ", 3);
        if (!status[0].equals(NslpCodec.VERSION)) {
            throw new NslpException("unsupported version '" + Syntax.shorten(status[0]) + "' (this node speaks "
                    + NslpCodec.VERSION + ")", 1, null);
        }
        if (status.length != 3) {
            throw new NslpException("a status line is '" + NslpCodec.VERSION + " CODE REASON'", 1, null);
        }
        int code = code(status[1], 1);
        reason(status[2], 1);
        Map<String, String> headers = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        while (true) {
            String line = line("the status block");
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (!name.equals(REQUEST) && !name.equals(MODULE) && !name.equals(NONCE)) {
                throw new NslpException(colon < 0 ? "expected a header line 'name:value', got '" + Syntax.shorten(line) + "'"
                        : "unknown response header '" + Syntax.shorten(name) + "' (known: request, module, nonce)", next, null);
            }
            if (lineOf.containsKey(name)) {
                throw new NslpException("given twice (first on line " + lineOf.get(name) + ")", next, name);
            }
            lineOf.put(name, next);
            headers.put(name, line.substring(colon + 1));
        }
        RequestType type = null;
        if (headers.containsKey(REQUEST)) {
            type = RequestType.byWord(headers.get(REQUEST));
            if (type == null) {
                throw new NslpException("'" + Syntax.shorten(headers.get(REQUEST)) + "' is not SETUP, REMOVE, PROBE or TRIGGER",
                        lineOf.get(REQUEST), REQUEST);
            }
        }
        String module = headers.get(MODULE);
        if (module != null && !module.equals("*") && !Syntax.MODULE.matcher(module).matches()) {
            throw new NslpException("'" + Syntax.shorten(module) + "' is not '*' or a module id", lineOf.get(MODULE), MODULE);
        }
        String nonce = headers.get(NONCE);
        if (nonce != null && !Syntax.NONCE.matcher(nonce).matches()) {
            throw new NslpException("'" + Syntax.shorten(nonce) + "' is not 16-64 lower-case hex digits", lineOf.get(NONCE), NONCE);
        }
        List<NodeEntry> nodes = new ArrayList<>();
        while (next < lines.length) {
            nodes.add(node());
        }
        return new Response(code, status[2], type, module, nonce, nodes);
    }

    private NodeEntry node() throws NslpException {
        int first = next + 1;
        String[] parts = lines[next++].split(" ", 4);
        if (!parts[0].equals(NODE) || parts.length != 4) {
            throw new NslpException("expected a node entry 'NODE <node-id> <code> <reason>', got '"
                    + Syntax.shorten(lines[first - 1]) + "'", first, null);
        }
        if (!Syntax.NODE_ID.matcher(parts[1]).matches()) {
            throw new NslpException("node id '" + Syntax.shorten(parts[1])
                    + "' must be 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'", first, null);
        }
        int code = code(parts[2], first);
        reason(parts[3], first);
        Map<String, String> info = new LinkedHashMap<>();
        while (true) {
            String line = line("the entry of node " + parts[1]);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new NslpException("expected 'key:value' information, got '" + Syntax.shorten(line) + "'", next, null);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            String problem = NodeEntry.infoProblem(key, value);
            if (problem != null) {
                throw new NslpException(problem, next, null);
            }
            if (info.put(key, value) != null) {
                throw new NslpException("info '" + key + "' is given twice in the entry of node " + parts[1], next, null);
            }
        }
        return new NodeEntry(parts[1], code, parts[3], info);
    }

    private String line(String block) throws NslpException {
        if (next >= lines.length) {
            throw new NslpException(block + " does not end with a blank line", lines.length, null);
        }
        return lines[next++];
    }

    private static int code(String s, int line) throws NslpException {
        if (s.length() != 3 || s.charAt(0) < '1' || s.charAt(0) > '5' || s.chars().anyMatch(c -> c < '0' || c > '9')) {
            throw new NslpException("status code '" + Syntax.shorten(s) + "' is not three digits 100-599", line, null);
        }
        return Integer.parseInt(s);
    }

    private static void reason(String s, int line) throws NslpException {
        String p = Syntax.reasonProblem(s);
        if (p != null) {
            throw new NslpException(p, line, null);
        }
    }
}
