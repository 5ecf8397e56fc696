package org.netserv.signaling.nslp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.Signer;
import org.netserv.signaling.security.UserKey;

/**
 * The golden NSLP messages: each fixture file under {@code src/test/resources/nslp/} beside the code that
 * builds it. Signed with the test key {@code acme.key} (Ed25519 is deterministic, so the bytes are stable).
 * {@code main} rewrites the files after a deliberate format change.
 */
public final class NslpFixtures {
    private NslpFixtures() {}

    public static final long TIMESTAMP = 1_700_000_000L;
    public static final String NONCE_1 = "0123456789abcdef0123456789abcdef";
    public static final String NONCE_2 = "fedcba9876543210fedcba9876543210";

    public static PrivateKey privateKey() {
        return KeyFiles.parsePrivateKey(resource("nslp/acme.key"));
    }

    public static UserKey publicKey() {
        return UserKey.parse(resource("nslp/acme.pub"));
    }

    public static Signer signer() {
        return new Signer(privateKey());
    }

    public static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String name) {
        try (InputStream in = NslpFixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Request setupFull() {
        return signer().sign(Request.builder(RequestType.SETUP, "NetServ.apps.NetMonitor_1.0.0")
                .dependencies(List.of("NetServ.lib.Counters_1.0"))
                .header(Header.FILTER_DST, "10.0.0.0/24")
                .header(Header.FILTER_PORT, "5060")
                .header(Header.FILTER_PROTO, "udp")
                .header(Header.FILTER_SRC, "192.0.2.0/24")
                .nodeId("ofc1/of:0000000000000002")
                .nonce(NONCE_1)
                .notification("")
                .properties(props("visualizer_ip", "1.2.3.4", "visualizer_port", "5678"))
                .header(Header.SYMMETRIC, "true")
                .timestamp(TIMESTAMP)
                .ttl(3600)
                .user("acme")
                .url("http://content-provider.example/modules/netmonitor.jar")
                .build());
    }

    public static Request setupMinimal() {
        return signer().sign(Request.builder(RequestType.SETUP, "netmonitor")
                .user("acme").url("http://10.0.0.1:8000/netmonitor.jar").ttl(60)
                .header(Header.FILTER_PROTO, "udp").header(Header.FILTER_PORT, "5060")
                .timestamp(TIMESTAMP).nonce(NONCE_1).build());
    }

    public static Request remove() {
        return signer().sign(Request.builder(RequestType.REMOVE, "netmonitor")
                .user("acme").url("http://10.0.0.1:8000/netmonitor.jar")
                .timestamp(TIMESTAMP).nonce(NONCE_2).build());
    }

    public static Request probe() {
        return signer().sign(Request.builder(RequestType.PROBE, "*")
                .user("acme").probe(List.of("modules", "capacity"))
                .timestamp(TIMESTAMP).nonce(NONCE_2).build());
    }

    public static Request triggerSetup() {
        return signer().sign(Request.builder(RequestType.TRIGGER, "netmonitor")
                .user("acme").timestamp(TIMESTAMP).nonce(NONCE_2).inner(setupMinimal()).build());
    }

    public static Request triggerProbe() {
        return signer().sign(Request.builder(RequestType.TRIGGER, "*")
                .user("acme").timestamp(TIMESTAMP).nonce(NONCE_1).inner(probe()).build());
    }

    public static Response responseSetup() {
        return Response.to(setupMinimal(), NslpStatus.OK, "OK")
                .withNode(NodeEntry.of("ofc1/of:0000000000000002", 200, "installed"))
                .withNode(NodeEntry.of("ofc1/of:0000000000000001", 200, "installed"));
    }

    public static Response responseProbe() {
        return Response.to(probe(), NslpStatus.OK, "OK")
                .withNode(NodeEntry.of("ofc1/of:0000000000000002", 200, "OK")
                        .withInfo("modules", "netmonitor").withInfo("capacity", "3"))
                .withNode(NodeEntry.of("ofc1/of:0000000000000001", 200, "OK")
                        .withInfo("modules", "").withInfo("capacity", "5"));
    }

    public static Response responseRefused() {
        return Response.to(setupFull(), NslpStatus.FORBIDDEN, "forbidden")
                .withNode(NodeEntry.of("ofc1/of:0000000000000002", 403,
                        "filter-dst 10.0.0.0/24 is outside the prefixes of user acme"))
                .withNode(NodeEntry.of("ofc1/of:0000000000000001", 200, "installed"));
    }

    public static Response responseBadRequest() {
        return Response.of(NslpStatus.BAD_REQUEST, "bad request")
                .withNode(NodeEntry.of("ofc1/of:0000000000000001", 400,
                        "line 5, header 'ttl': must be 1-31622400, got 0"));
    }

    /** Every fixture by file name. */
    public static Map<String, NslpMessage> all() {
        Map<String, NslpMessage> m = new LinkedHashMap<>();
        m.put("setup-full.nslp", setupFull());
        m.put("setup-minimal.nslp", setupMinimal());
        m.put("remove.nslp", remove());
        m.put("probe.nslp", probe());
        m.put("trigger-setup.nslp", triggerSetup());
        m.put("trigger-probe.nslp", triggerProbe());
        m.put("response-setup.nslp", responseSetup());
        m.put("response-probe.nslp", responseProbe());
        m.put("response-refused.nslp", responseRefused());
        m.put("response-bad-request.nslp", responseBadRequest());
        return m;
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Rewrites the fixture files: {@code main(src/test/resources/nslp)}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, NslpMessage> e : all().entrySet()) {
            Files.write(dir.resolve(e.getKey()), NslpCodec.encode(e.getValue()));
        }
    }
}
