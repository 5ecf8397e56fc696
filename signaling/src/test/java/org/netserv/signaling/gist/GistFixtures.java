package org.netserv.signaling.gist;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netserv.signaling.nslp.NslpFixtures;

/**
 * The golden GIST datagrams: each annotated hex file under {@code src/test/resources/gist/} beside the
 * code that builds it. {@code main} rewrites the files after a deliberate format change.
 */
public final class GistFixtures {
    private GistFixtures() {}

    public static final SessionId SESSION = SessionId.parse("00112233445566778899aabbccddeeff");
    public static final Inet4Address H1 = ip("10.0.0.1");
    public static final Inet4Address H2 = ip("10.0.0.2");
    public static final RouteHop ORIGIN = new RouteHop(H1, 40000, "netserv-signal");
    public static final RouteHop NODE1 = new RouteHop(ip("0.0.0.0"), 270, "ofc1/of:0000000000000001");
    public static final RouteHop NODE2 = new RouteHop(ip("192.168.7.2"), 270, "ofc1/of:0000000000000002");

    public static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A SETUP as the CLI sends it: Q-mode, the flow UDP to port 5060, only the origin in the route. */
    public static GistMessage requestSetup() {
        return GistMessage.request(Mri.downstream(H1, H2).withFlow(17, 5060), SESSION, RouteRecord.origin(ORIGIN),
                NslpFixtures.bytes("nslp/setup-minimal.nslp"));
    }

    /** The same after two nodes passed it on. */
    public static GistMessage forwardedSetup() {
        return requestSetup().forwardedBy(NODE1).forwardedBy(NODE2);
    }

    /** The last node's answer, after the first node added its entry: back along the route. */
    public static GistMessage responseSetup() {
        return forwardedSetup().response(NslpFixtures.bytes("nslp/response-setup.nslp"));
    }

    /** A PROBE with every MRI field NetServ knows: both ports, prefixes, the N flag, R flag. */
    public static GistMessage probeAllFields() {
        Mri mri = new Mri(H1, H2, 24, 16, 6, 1234, 80, false, true);
        return new GistMessage(3, true, false, true, mri, SESSION, RouteRecord.origin(ORIGIN),
                NslpFixtures.bytes("nslp/probe.nslp"));
    }

    public static Map<String, GistMessage> all() {
        Map<String, GistMessage> m = new LinkedHashMap<>();
        m.put("request-setup.hex", requestSetup());
        m.put("forwarded-setup.hex", forwardedSetup());
        m.put("response-setup.hex", responseSetup());
        m.put("probe-all-fields.hex", probeAllFields());
        return m;
    }

    /** The bytes of an annotated hex file: '#' starts a comment, white space is ignored. */
    public static byte[] parseHex(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            hex.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(hex);
    }

    /** An annotated hex dump of {@code m}'s encoding, object by object. */
    public static String annotate(GistMessage m) {
        byte[] b = GistCodec.encode(m);
        StringBuilder s = new StringBuilder("# GIST Data message, see docs/signaling.md and GistFixtures\n");
        int at = 0;
        if (m.queryMode()) {
            at = part(s, b, at, 4, "magic number (Q-mode)");
        }
        at = part(s, b, at, 4, "version 1, GIST hops " + m.hops() + ", length in words");
        at = part(s, b, at, 4, "NSLPID 32704, C flag + type 3 (Data), S/R/E flags");
        String[] names = {"Message-Routing-Information: path-coupled IPv4, " + m.mri(),
            "Session-Identification " + m.session(), "route record (type 2000, AB=10): " + m.route().hops(),
            "NSLP-Data (type 8): the NSLP message, zero-padded"};
        for (String name : names) {
            int len = 4 + (ByteBuffer.wrap(b, at, 4).getInt() & 0xfff) * 4;
            at = part(s, b, at, 4, "object header: " + name);
            at = part(s, b, at, len - 4, null);
        }
        return s.toString();
    }

    private static int part(StringBuilder s, byte[] b, int at, int len, String comment) {
        if (comment != null) {
            s.append("# ").append(comment).append('\n');
        }
        for (int i = at; i < at + len; i += 32) {
            s.append(HexFormat.of().formatHex(b, i, Math.min(at + len, i + 32))).append('\n');
        }
        return at + len;
    }

    /** Rewrites the fixture files: {@code main(src/test/resources/gist)}. */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, GistMessage> e : all().entrySet()) {
            Files.writeString(Path.of(args[0]).resolve(e.getKey()), annotate(e.getValue()));
        }
    }
}
