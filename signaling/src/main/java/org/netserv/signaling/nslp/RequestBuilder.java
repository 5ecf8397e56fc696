package org.netserv.signaling.nslp;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.netserv.signaling.model.PacketFilter;

/** Builds a {@link Request}; {@link #build()} checks it. Obtain one from {@link Request#builder}. */
public final class RequestBuilder {
    private final RequestType type;
    private final String module;
    private final EnumMap<Header, String> headers = new EnumMap<>(Header.class);
    private Request inner;

    RequestBuilder(RequestType type, String module) {
        this.type = type;
        this.module = module;
    }

    /** Sets {@code h} to {@code value} as written on the wire; null removes it. */
    public RequestBuilder header(Header h, String value) {
        if (value == null) {
            headers.remove(h);
        } else {
            headers.put(h, value);
        }
        return this;
    }

    public RequestBuilder user(String user) {
        return header(Header.USER, user);
    }

    public RequestBuilder url(String url) {
        return header(Header.URL, url);
    }

    public RequestBuilder ttl(long seconds) {
        return header(Header.TTL, Long.toString(seconds));
    }

    public RequestBuilder nodeId(String nodeId) {
        return header(Header.NODE_ID, nodeId);
    }

    public RequestBuilder notification(String url) {
        return header(Header.NOTIFICATION, url);
    }

    public RequestBuilder dependencies(List<String> moduleIds) {
        return header(Header.DEPENDENCIES, String.join(",", moduleIds));
    }

    public RequestBuilder probe(List<String> keys) {
        return header(Header.PROBE, String.join(",", keys));
    }

    /** Module settings; the map's order is the order written. Empty removes the header. */
    public RequestBuilder properties(Map<String, String> properties) {
        return header(Header.PROPERTIES, properties.isEmpty() ? null : properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    }

    /**
     * The filter-* and symmetric headers of {@code f}.
     *
     * @throws IllegalArgumentException if {@code f} has a source port: Table 6.1's filter-port is the
     *     destination port and no header carries a source port
     */
    public RequestBuilder filter(PacketFilter f) {
        if (f.srcPort() != null) {
            throw new IllegalArgumentException("a source port cannot be signalled: filter-port is the destination port");
        }
        header(Header.FILTER_PROTO, f.proto().toString());
        header(Header.FILTER_SRC, f.srcPrefix() == null ? null : f.srcPrefix().toString());
        header(Header.FILTER_DST, f.dstPrefix() == null ? null : f.dstPrefix().toString());
        header(Header.FILTER_PORT, f.dstPort() == null ? null : f.dstPort().toString());
        return header(Header.SYMMETRIC, f.isBidirectional() ? "true" : null);
    }

    public RequestBuilder timestamp(long epochSeconds) {
        return header(Header.TIMESTAMP, Long.toString(epochSeconds));
    }

    public RequestBuilder nonce(String hex) {
        return header(Header.NONCE, hex);
    }

    /** Sets the timestamp to {@code now} and a fresh 16-byte nonce from {@code random} (use a SecureRandom). */
    public RequestBuilder stamp(Instant now, Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return timestamp(now.getEpochSecond()).nonce(HexFormat.of().formatHex(nonce));
    }

    /** The signed SETUP or PROBE a TRIGGER carries. */
    public RequestBuilder inner(Request request) {
        this.inner = request;
        return this;
    }

    /** @throws IllegalArgumentException naming what is wrong (the signature may still be missing) */
    public Request build() {
        return new Request(type, module, headers, inner);
    }
}
