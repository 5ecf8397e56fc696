package org.netserv.signaling.nslp;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;

/**
 * A NetServ request (thesis Figure 6.3): {@code SETUP NetServ.apps.NetMonitor_1.0.0 NETSERV/0.1}, header
 * lines, a blank line; a TRIGGER then carries a whole inner SETUP or PROBE. Immutable and always valid:
 * every header is allowed for the type and well-formed, every mandatory header but {@code signature} is
 * present (a request is built, then signed), the filter headers agree. {@link NslpCodec#decode} further
 * requires the signature.
 *
 * <pre>{@code
 * Request setup = Request.builder(RequestType.SETUP, "NetMonitor")
 *         .user("acme").url("http://acme.example/netmonitor.jar").ttl(60)
 *         .filter(new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"), null, 5060))
 *         .stamp(Instant.now(), new SecureRandom())
 *         .build();
 * ModuleRequest install = setup.toModuleRequest();   // user acme, name netmonitor, the filter, ttl 60
 * }</pre>
 *
 * @param type what is asked
 * @param module the module id of the request line ({@code *} only in a PROBE, or a TRIGGER of one)
 * @param headers the header values as written on the wire, in canonical order
 * @param inner the SETUP or PROBE a TRIGGER carries; null for other types
 */
public record Request(RequestType type, String module, Map<Header, String> headers, Request inner)
        implements NslpMessage {

    public Request {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(module, "module");
        EnumMap<Header, String> copy = new EnumMap<>(Header.class);
        copy.putAll(Objects.requireNonNull(headers, "headers"));
        headers = Collections.unmodifiableMap(copy);
        Problem p = problem(type, module, headers, inner, false);
        if (p != null) {
            throw new IllegalArgumentException(p.text());
        }
    }

    /** A builder for a request of {@code type} for {@code module}. */
    public static RequestBuilder builder(RequestType type, String module) {
        return new RequestBuilder(type, module);
    }

    /** What is wrong with a request, naming the header when one is concerned. */
    record Problem(Header header, String message) {
        String text() {
            return header == null ? message : "header '" + header + "': " + message;
        }
    }

    /** The first problem of these parts as a request, or null. */
    static Problem problem(RequestType type, String module, Map<Header, String> headers, Request inner,
                           boolean requireSignature) {
        String moduleProblem = moduleProblem(type, module, inner);
        if (moduleProblem != null) {
            return new Problem(null, moduleProblem);
        }
        for (Map.Entry<Header, String> e : headers.entrySet()) {
            Header h = e.getKey();
            if (!type.allowed().contains(h)) {
                return new Problem(h, "not allowed in " + type + " (allowed: " + Header.names(type.allowed()) + ")");
            }
            String valueProblem = h.validate(e.getValue());
            if (valueProblem != null) {
                return new Problem(h, valueProblem);
            }
        }
        for (Header h : type.mandatory()) {
            if (!headers.containsKey(h) && (h != Header.SIGNATURE || requireSignature)) {
                return new Problem(h, type + " needs this header and it is missing");
            }
        }
        Problem filter = filterProblem(headers);
        return filter != null ? filter : innerProblem(type, module, headers, inner);
    }

    private static String moduleProblem(RequestType type, String module, Request inner) {
        if (module.equals("*")) {
            boolean probe = type == RequestType.PROBE
                    || (type == RequestType.TRIGGER && inner != null && inner.type == RequestType.PROBE);
            return probe ? null : "module '*' (any) is only for PROBE; " + type + " names one module";
        }
        return Syntax.MODULE.matcher(module).matches() ? null
                : "module '" + Syntax.shorten(module) + "' must be '*' or 1-63 of A-Z, a-z, 0-9, '.', '_', '-'";
    }

    private static Problem filterProblem(Map<Header, String> headers) {
        String proto = headers.get(Header.FILTER_PROTO);
        for (Header h : List.of(Header.FILTER_DST, Header.FILTER_PORT, Header.FILTER_SRC, Header.SYMMETRIC)) {
            if (headers.containsKey(h) && proto == null) {
                return new Problem(h, "needs filter-proto (udp, tcp or icmp)");
            }
        }
        if (headers.containsKey(Header.FILTER_PORT) && "icmp".equals(proto)) {
            return new Problem(Header.FILTER_PORT, "icmp has no ports");
        }
        return null;
    }

    private static Problem innerProblem(RequestType type, String module, Map<Header, String> headers, Request inner) {
        if (type != RequestType.TRIGGER) {
            return inner == null ? null : new Problem(null, "only a TRIGGER carries an inner request");
        }
        if (inner == null) {
            return new Problem(null, "a TRIGGER carries a SETUP or PROBE after its blank line");
        }
        if (inner.type != RequestType.SETUP && inner.type != RequestType.PROBE) {
            return new Problem(null, "a TRIGGER carries a SETUP or PROBE, not a " + inner.type);
        }
        if (!inner.module.equals(module)) {
            return new Problem(null, "the TRIGGER names module '" + module + "' but its " + inner.type + " names '"
                    + inner.module + "'");
        }
        if (headers.containsKey(Header.USER) && !headers.get(Header.USER).equals(inner.user())) {
            return new Problem(Header.USER, "the TRIGGER is from '" + headers.get(Header.USER) + "' but its "
                    + inner.type + " from '" + inner.user() + "'");
        }
        if (!inner.isSigned()) {
            return new Problem(null, "the " + inner.type + " inside a TRIGGER must be signed: the last node sends it on");
        }
        return null;
    }

    /** The value of {@code h} as written, if present. */
    public Optional<String> header(Header h) {
        return Optional.ofNullable(headers.get(h));
    }

    /** The module name on a NetServ node: the request-line module id in lower case. */
    public String moduleName() {
        return module.toLowerCase(Locale.ROOT);
    }

    public String user() {
        return headers.get(Header.USER);
    }

    public long timestamp() {
        return Long.parseLong(headers.get(Header.TIMESTAMP));
    }

    public String nonce() {
        return headers.get(Header.NONCE);
    }

    public boolean isSigned() {
        return headers.containsKey(Header.SIGNATURE);
    }

    /** The signature header's base64 text. */
    public Optional<String> signature() {
        return header(Header.SIGNATURE);
    }

    /** The 64 signature bytes. */
    public Optional<byte[]> signatureBytes() {
        return signature().map(Base64.getDecoder()::decode);
    }

    public Optional<String> url() {
        return header(Header.URL);
    }

    public OptionalLong ttl() {
        String v = headers.get(Header.TTL);
        return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }

    public Optional<String> nodeId() {
        return header(Header.NODE_ID);
    }

    /** The notification URL, absent also when the header is present but empty. */
    public Optional<String> notification() {
        return header(Header.NOTIFICATION).filter(s -> !s.isEmpty());
    }

    public List<String> dependencies() {
        return list(Header.DEPENDENCIES);
    }

    /** The keys a PROBE asks for. */
    public List<String> probe() {
        return list(Header.PROBE);
    }

    private List<String> list(Header h) {
        String v = headers.get(h);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    /** The module settings, in the order written. */
    public Map<String, String> properties() {
        String v = headers.get(Header.PROPERTIES);
        if (v == null) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : v.split(",", -1)) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return Collections.unmodifiableMap(m);
    }

    public boolean symmetric() {
        return "true".equals(headers.get(Header.SYMMETRIC));
    }

    /** The packet filter of the filter-* and symmetric headers; absent without filter-proto. */
    public Optional<PacketFilter> filter() {
        String proto = headers.get(Header.FILTER_PROTO);
        if (proto == null) {
            return Optional.empty();
        }
        String port = headers.get(Header.FILTER_PORT);
        return Optional.of(new PacketFilter(Protocol.parse(proto), prefix(Header.FILTER_SRC), prefix(Header.FILTER_DST),
                null, port == null ? null : Integer.valueOf(port), symmetric()));
    }

    private Ipv4Prefix prefix(Header h) {
        String v = headers.get(h);
        return v == null ? null : Ipv4Prefix.parse(v);
    }

    /** This request with {@code base64} as its signature. */
    public Request withSignature(String base64) {
        return with(Header.SIGNATURE, Objects.requireNonNull(base64));
    }

    /** This request without a signature: what the signature covers. */
    public Request withoutSignature() {
        return isSigned() ? with(Header.SIGNATURE, null) : this;
    }

    private Request with(Header h, String value) {
        EnumMap<Header, String> m = new EnumMap<>(Header.class);
        m.putAll(headers);
        if (value == null) {
            m.remove(h);
        } else {
            m.put(h, value);
        }
        return new Request(type, module, m, inner);
    }

    /**
     * The module deployment a SETUP asks for: user, {@link #moduleName()}, url, filter, ttl, properties.
     *
     * @throws NslpException when this is not a SETUP, has no filter (a server module: not run by NetServ on
     *     OpenFlow), or is refused by {@link ModuleRequest}'s own rules
     */
    public ModuleRequest toModuleRequest() throws NslpException {
        if (type != RequestType.SETUP) {
            throw new NslpException("only a SETUP asks for a module, this is a " + type, 0, null);
        }
        PacketFilter f = filter().orElseThrow(() -> new NslpException(
                "a SETUP without filter-proto asks for a server module; NetServ nodes run packet-processing modules only",
                0, Header.FILTER_PROTO.wireName()));
        try {
            return new ModuleRequest(user(), moduleName(), url().orElseThrow(), null, f, ttl().orElseThrow(),
                    properties(), null);
        } catch (IllegalArgumentException e) {
            throw new NslpException(e.getMessage(), 0, null);
        }
    }

    @Override
    public String toString() {
        return type + " " + module + " " + Arrays.toString(headers.keySet().toArray()) + (inner == null ? "" : " + " + inner);
    }
}
