package org.netserv.signaling.nslp;

import java.util.EnumMap;

/** Reads requests from the lines of a message; see {@link NslpCodec}. */
final class RequestReader {
    private final String[] lines;
    private int next;

    private RequestReader(String[] lines) {
        this.lines = lines;
    }

    static Request read(String[] lines) throws NslpException {
        RequestReader r = new RequestReader(lines);
        Request request = r.request(false);
        if (r.next < lines.length) {
            throw new NslpException("unexpected text after the blank line that ends the " + request.type(),
                    r.next + 1, null);
        }
        return request;
    }

    private Request request(boolean inner) throws NslpException {
        int first = next + 1;
        String[] parts = lines[next++].split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new NslpException("a request line is 'TYPE MODULE " + NslpCodec.VERSION + "' (single spaces), got '"
                    + Syntax.shorten(lines[first - 1]) + "'", first, null);
        }
        RequestType type = RequestType.byWord(parts[0]);
        if (type == null) {
            throw new NslpException("unknown request type '" + Syntax.shorten(parts[0])
                    + "' (known: SETUP, REMOVE, PROBE, TRIGGER)", first, null);
        }
        if (!parts[2].equals(NslpCodec.VERSION)) {
            throw new NslpException("unsupported version '" + Syntax.shorten(parts[2]) + "' (this node speaks "
                    + NslpCodec.VERSION + ")", first, null);
        }
        if (inner && type == RequestType.TRIGGER) {
            throw new NslpException("a TRIGGER cannot carry another TRIGGER", first, null);
        }
        EnumMap<Header, String> headers = new EnumMap<>(Header.class);
        EnumMap<Header, Integer> lineOf = new EnumMap<>(Header.class);
        while (true) {
            if (next >= lines.length) {
                throw new NslpException("the " + type + " does not end with a blank line", lines.length, null);
            }
            String line = lines[next++];
            if (line.isEmpty()) {
                break;
            }
            header(type, line, next, headers, lineOf);
        }
        Request carried = null;
        if (type == RequestType.TRIGGER) {
            if (next >= lines.length) {
                throw new NslpException("a TRIGGER carries a SETUP or PROBE after its blank line; nothing follows",
                        lines.length, null);
            }
            carried = request(true);
        }
        Request.Problem p = Request.problem(type, parts[1], headers, carried, true);
        if (p != null) {
            Integer at = p.header() == null ? null : lineOf.get(p.header());
            throw new NslpException(p.message(), at == null ? first : at,
                    p.header() == null ? null : p.header().wireName());
        }
        try {
            return new Request(type, parts[1], headers, carried);
        } catch (IllegalArgumentException e) { // the checks above are the same; kept as a safety net
            throw new NslpException(e.getMessage(), first, null);
        }
    }

    private static void header(RequestType type, String line, int lineNo, EnumMap<Header, String> headers,
                               EnumMap<Header, Integer> lineOf) throws NslpException {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new NslpException("expected a header line 'name:value', got '" + Syntax.shorten(line) + "'",
                    lineNo, null);
        }
        String name = line.substring(0, colon);
        Header h = Header.byWireName(name);
        if (h == null) {
            Header near = Header.byWireName(name.strip().toLowerCase(java.util.Locale.ROOT));
            throw new NslpException(near != null
                    ? "write the header name as '" + near + "' (lower case, nothing before ':')"
                    : "unknown header '" + Syntax.shorten(name) + "' (known in " + type + ": "
                            + Header.names(type.allowed()) + ")", lineNo, null);
        }
        Integer earlier = lineOf.get(h);
        if (earlier != null) {
            throw new NslpException("given twice (first on line " + earlier + ")", lineNo, h.wireName());
        }
        if (!type.allowed().contains(h)) {
            throw new NslpException("not allowed in " + type + " (allowed: " + Header.names(type.allowed()) + ")",
                    lineNo, h.wireName());
        }
        String value = line.substring(colon + 1);
        String problem = h.validate(value);
        if (problem != null) {
            throw new NslpException(problem, lineNo, h.wireName());
        }
        headers.put(h, value);
        lineOf.put(h, lineNo);
    }
}
