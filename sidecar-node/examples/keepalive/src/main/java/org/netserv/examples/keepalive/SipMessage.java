package org.netserv.examples.keepalive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a SIP request a keep-alive responder needs (RFC 3261 section 7): the start line and the
 * headers, in order, with compact names expanded. Anything that is not a well-formed request parses to
 * empty, and the caller passes the packet on untouched.
 */
record SipMessage(String method, String requestUri, List<Header> headers) {

    record Header(String name, String value) {}

    private static final String[][] COMPACT = {
        {"v", "Via"}, {"f", "From"}, {"t", "To"}, {"i", "Call-ID"}, {"o", "Event"}, {"l", "Content-Length"},
        {"m", "Contact"}, {"c", "Content-Type"}, {"k", "Supported"}, {"s", "Subject"},
    };

    static Optional<SipMessage> parseRequest(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end >= 0 ? text.substring(0, end) : text;
        String[] lines = head.split("\r\n", -1);
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].equals("SIP/2.0") || start[0].isEmpty()) {
            return Optional.empty();
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                Header last = headers.remove(headers.size() - 1); // folded continuation line
                headers.add(new Header(last.name(), last.value() + " " + line.trim()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            headers.add(new Header(canonical(line.substring(0, colon).trim()), line.substring(colon + 1).trim()));
        }
        return Optional.of(new SipMessage(start[0], start[1], List.copyOf(headers)));
    }

    private static String canonical(String name) {
        for (String[] c : COMPACT) {
            if (c[0].equalsIgnoreCase(name) || c[1].equalsIgnoreCase(name)) {
                return c[1];
            }
        }
        return name;
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    List<String> all(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The event package of an Event header, without parameters: {@code keep-alive;id=1} to {@code keep-alive}. */
    Optional<String> eventPackage() {
        return header("Event").map(e -> e.split(";")[0].trim().toLowerCase(Locale.ROOT));
    }
}
