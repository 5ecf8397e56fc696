package org.netserv.signaling.nslp;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.ModuleRequest;

/**
 * The request headers: those of the thesis' Table 6.1 plus {@code filter-src}, {@code filter-dst},
 * {@code symmetric} (steering) and {@code timestamp}, {@code nonce} (replay protection). The declaration
 * order is the canonical order the encoder writes (the order of Figure 6.3, with ours slotted in
 * alphabetically, {@code signature} last); the decoder accepts any order.
 *
 * <p>Every value must be written in its one canonical form (no leading zeros, prefixes with their length,
 * lower-case keywords), so that a decoded message encodes to the same bytes and a signature covers exactly
 * what every node reads.
 */
public enum Header {
    /** Module ids the module needs, comma-separated; may be empty (Figure 6.3). */
    DEPENDENCIES("dependencies", true) {
        @Override
        String problem(String v) {
            return v.isEmpty() ? null : listProblem(v, Syntax.MODULE::matcher, "module ids (A-Z, a-z, 0-9, '.', '_', '-')");
        }
    },
    /** Destination IPv4 prefix of the packets the module wants, {@code a.b.c.d/len}. */
    FILTER_DST("filter-dst", false) {
        @Override
        String problem(String v) {
            return prefixProblem(v);
        }
    },
    /** Destination port of the packets the module wants (Table 6.1). */
    FILTER_PORT("filter-port", false) {
        @Override
        String problem(String v) {
            return Syntax.decimalProblem(v, 1, 65535);
        }
    },
    /** {@code udp}, {@code tcp} or {@code icmp} (Table 6.1). */
    FILTER_PROTO("filter-proto", false) {
        @Override
        String problem(String v) {
            return v.equals("udp") || v.equals("tcp") || v.equals("icmp") ? null
                    : "'" + Syntax.shorten(v) + "' is not udp, tcp or icmp (lower case)";
        }
    },
    /** Source IPv4 prefix of the packets the module wants, {@code a.b.c.d/len}. */
    FILTER_SRC("filter-src", false) {
        @Override
        String problem(String v) {
            return prefixProblem(v);
        }
    },
    /** Only the node with this id acts; the others pass the request on (Table 6.1). */
    NODE_ID("node-id", false) {
        @Override
        String problem(String v) {
            return Syntax.patternProblem("node id", v, Syntax.NODE_ID, "1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'");
        }
    },
    /** 8-32 random bytes in lower-case hex, never used twice by a user within the replay window. */
    NONCE("nonce", false) {
        @Override
        String problem(String v) {
            return Syntax.patternProblem("nonce", v, Syntax.NONCE, "16-64 lower-case hex digits (8-32 bytes)");
        }
    },
    /** An http(s) URL to call once the module is installed; may be empty; not acted on yet (Table 6.1 †). */
    NOTIFICATION("notification", true) {
        @Override
        String problem(String v) {
            return v.isEmpty() ? null : urlProblem(v, Set.of("http", "https"));
        }
    },
    /** What a PROBE asks each node, comma-separated keys such as {@code modules,capacity}. */
    PROBE("probe", false) {
        @Override
        String problem(String v) {
            return listProblem(v, Syntax.KEY::matcher, "keys (a-z, 0-9, '.', '_', '-')");
        }
    },
    /** Module settings {@code k=v,k=v}: keys unique, values without commas. */
    PROPERTIES("properties", false) {
        @Override
        String problem(String v) {
            Set<String> seen = new HashSet<>();
            for (String kv : v.split(",", -1)) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    return "'" + Syntax.shorten(kv) + "' is not key=value";
                }
                String key = kv.substring(0, eq);
                if (!Syntax.PROPERTY_KEY.matcher(key).matches()) {
                    return "property key '" + Syntax.shorten(key) + "' must be 1-64 of A-Z, a-z, 0-9, '.', '_', '-'";
                }
                if (!seen.add(key)) {
                    return "property '" + key + "' is given twice";
                }
            }
            return null;
        }
    },
    /** {@code true}: the module also sees the reply direction (sources and destinations swapped). */
    SYMMETRIC("symmetric", false) {
        @Override
        String problem(String v) {
            return v.equals("true") || v.equals("false") ? null : "'" + Syntax.shorten(v) + "' is not true or false";
        }
    },
    /** When the request was made, in seconds since the epoch (UTC). */
    TIMESTAMP("timestamp", false) {
        @Override
        String problem(String v) {
            return Syntax.decimalProblem(v, 0, 99_999_999_999L);
        }
    },
    /** Seconds after which the module is uninstalled unless refreshed by a new SETUP (Table 6.1). */
    TTL("ttl", false) {
        @Override
        String problem(String v) {
            return Syntax.decimalProblem(v, 1, ModuleRequest.MAX_TTL);
        }
    },
    /** The owner of the service container (Table 6.1). */
    USER("user", false) {
        @Override
        String problem(String v) {
            return Syntax.patternProblem("user", v, Syntax.USER, "1-63 of a-z, 0-9, '.', '_', '-'");
        }
    },
    /** Where the module bundle is: http, https or file (Table 6.1). */
    URL("url", false) {
        @Override
        String problem(String v) {
            return urlProblem(v, Set.of("http", "https", "file"));
        }
    },
    /** Base64 of the 64-byte Ed25519 signature over the message without this header. */
    SIGNATURE("signature", false) {
        @Override
        String problem(String v) {
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                return "not base64: " + e.getMessage();
            }
            if (sig.length != 64) {
                return "an Ed25519 signature has 64 bytes, this one " + sig.length;
            }
            return Base64.getEncoder().encodeToString(sig).equals(v) ? null
                    : "not in canonical base64 (with '=' padding)";
        }
    };

    private final String wireName;
    private final boolean mayBeEmpty;

    Header(String wireName, boolean mayBeEmpty) {
        this.wireName = wireName;
        this.mayBeEmpty = mayBeEmpty;
    }

    private static final Map<String, Header> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(h -> h.wireName, Function.identity()));

    /** The header written as {@code name} on the wire, or null. */
    public static Header byWireName(String name) {
        return BY_NAME.get(name);
    }

    /** The name on the wire, e.g. {@code filter-port}. */
    public String wireName() {
        return wireName;
    }

    /** Null if {@code value} is valid for this header, else what is wrong (without the header name). */
    public String validate(String value) {
        if (value == null) {
            return "no value";
        }
        String text = Syntax.textProblem(value);
        if (text != null) {
            return text;
        }
        if (value.isEmpty()) {
            return mayBeEmpty ? null : "the value is empty";
        }
        return problem(value);
    }

    abstract String problem(String nonEmptyValue);

    @Override
    public String toString() {
        return wireName;
    }

    static String names(Set<Header> headers) {
        return headers.stream().map(Header::wireName).collect(Collectors.joining(", "));
    }

    private static String listProblem(String v, Function<String, java.util.regex.Matcher> item, String rule) {
        for (String s : v.split(",", -1)) {
            if (!item.apply(s).matches()) {
                return "'" + Syntax.shorten(s) + "' in the list is not valid: items are " + rule;
            }
        }
        return null;
    }

    private static String prefixProblem(String v) {
        Ipv4Prefix p;
        try {
            p = Ipv4Prefix.parse(v);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return p.toString().equals(v) ? null : "write the prefix as " + p;
    }

    private static String urlProblem(String v, Set<String> schemes) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return "a URL is printable ASCII without spaces";
            }
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (java.net.URISyntaxException e) {
            return "not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !schemes.contains(scheme)) {
            return "URL must be " + schemes.stream().sorted().collect(Collectors.joining(", ")) + ", got '"
                    + Syntax.shorten(v) + "'";
        }
        return null;
    }
}
