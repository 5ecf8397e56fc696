package org.netserv.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpFixtures;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.nslp.Response;
import org.netserv.signaling.security.UserKey;
import org.netserv.signaling.security.Verifier;

/** The CLI end to end against {@link FakeNode}s on loopback. */
class SignalCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path key;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void keys() throws Exception {
        key = dir.resolve("acme.key");
        Files.writeString(key, NslpFixtures.resource("nslp/acme.key"));
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SignalCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String[] setup(FakeNode node, String... more) {
        List<String> a = new ArrayList<>(List.of("setup", "--toward", "127.0.0.1", "--gist-port", "" + node.port(),
                "--user", "acme", "--key", key.toString(), "--url", "http://10.0.0.1:8000/netmonitor.jar",
                "--filter-proto", "udp", "--filter-port", "5060", "--filter-dst", "10.0.0.2", "--ttl", "60",
                "--properties", "top=5"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void keygenWritesTheKeyPairAndPrintsThePublicLine() throws Exception {
        Run r = run("keygen", "--user", "bob", "--out", dir.resolve("k").toString());
        assertThat(r.code()).isZero();
        UserKey pub = UserKey.read(dir.resolve("k/bob.pub"));
        assertThat(r.out().strip()).isEqualTo(pub.toLine());
        assertThat(r.err()).contains("bob.key (private: keep it)");
        Run again = run("keygen", "--user", "bob", "--out", dir.resolve("k").toString());
        assertThat(again.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(again.err()).contains("bob.key: exists; pass --force to replace it");
        assertThat(run("keygen", "--user", "bob", "--out", dir.resolve("k").toString(), "--force").code()).isZero();
    }

    @Test
    void setupIsSignedSentAndTheTwoNodeAnswerPrintedInPathOrder() throws Exception {
        try (FakeNode node = new FakeNode(0, FakeNode::twoNodes)) {
            Run r = run(setup(node));
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("succeeded").asBoolean()).isTrue();
            assertThat(j.get("request").asText()).isEqualTo("SETUP");
            assertThat(j.get("module").asText()).isEqualTo("netmonitor");
            assertThat(j.get("attempts").asInt()).isEqualTo(1);
            assertThat(j.get("status").asInt()).isEqualTo(200);
            assertThat(j.get("nodes")).hasSize(2);
            assertThat(j.get("nodes").get(0).get("nodeId").asText()).isEqualTo("ofc1/of:0000000000000001");
            assertThat(j.get("nodes").get(1).get("nodeId").asText()).isEqualTo("ofc1/of:0000000000000002");
            assertThat(j.get("nodes").get(1).get("info").get("sidecar").asText()).isEqualTo("sc2");
            assertThat(node.problems).isEmpty();

            GistMessage m = GistCodec.decode(node.received.get(0));
            assertThat(m.queryMode()).isTrue();
            assertThat(m.mri().destination().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(m.mri().protocol()).isEqualTo(17);
            assertThat(m.mri().destinationPort()).isEqualTo(5060);
            assertThat(m.session()).isEqualTo(SessionId.parse(j.get("session").asText()));
            Request req = NslpCodec.decodeRequest(m.nslpData());
            assertThat(Verifier.verify(req, NslpFixtures.publicKey().key()).isAccepted()).isTrue();
            assertThat(req.toModuleRequest().filter().toString()).isEqualTo("udp and dst net 10.0.0.2/32 and dst port 5060");
            assertThat(req.properties()).containsEntry("top", "5");
            assertThat(Math.abs(req.timestamp() - System.currentTimeMillis() / 1000)).isLessThan(5);
            assertThat(req.nonce()).isEqualTo(j.get("nonce").asText());
        }
    }

    @Test
    void aSavedRequestIsResentUnchangedInANewSession() throws Exception {
        java.nio.file.Path saved = dir.resolve("setup.txt");
        try (FakeNode node = new FakeNode(0, FakeNode::twoNodes)) {
            assertThat(run(setup(node, "--save-request", saved.toString())).code()).isZero();
            Run again = run("resend", "--toward", "127.0.0.1", "--gist-port", String.valueOf(node.port()), "--user",
                    "acme", "--request", saved.toString());
            assertThat(again.code()).as(again.err()).isZero();
            GistMessage first = GistCodec.decode(node.received.get(0));
            GistMessage second = GistCodec.decode(node.received.get(1));
            assertThat(second.nslpData()).as("the very same signed request").isEqualTo(first.nslpData());
            assertThat(second.session()).isNotEqualTo(first.session());
            assertThat(java.nio.file.Files.readString(saved)).contains("signature:");
        }
        Run bad = run("resend", "--toward", "127.0.0.1", "--user", "acme", "--request", dir.resolve("none.txt").toString());
        assertThat(bad.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(bad.err()).contains("cannot read");
    }

    @Test
    void lostAnswersAreRetriedWithTheSameBytes() throws Exception {
        try (FakeNode node = new FakeNode(2, FakeNode::twoNodes)) {
            Run r = run(setup(node, "--retry", "100ms"));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.json().get("attempts").asInt()).isEqualTo(3);
            assertThat(r.json().get("elapsedMs").asLong()).isGreaterThanOrEqualTo(300);
            assertThat(node.received).hasSize(3);
            assertThat(node.received.get(2)).isEqualTo(node.received.get(0));
        }
    }

    @Test
    void aSilentPathEndsWithExitThreeAfterTheRetries() throws Exception {
        try (FakeNode node = new FakeNode(Integer.MAX_VALUE, FakeNode::twoNodes)) {
            long t0 = System.nanoTime();
            Run r = run(setup(node, "--retry", "50ms", "--tries", "3", "-v"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.code()).isEqualTo(SignalCli.EXIT_NO_ANSWER);
            assertThat(node.received).hasSize(3);
            assertThat(node.received).allSatisfy(d -> assertThat(d).isEqualTo(node.received.get(0)));
            assertThat(ms).as("50 + 100 + 200 ms of waiting").isBetween(340L, 5_000L);
            JsonNode j = r.json();
            assertThat(j.get("succeeded").asBoolean()).isFalse();
            assertThat(j.get("error").asText()).startsWith("no NetServ node answered after 3 tries");
            assertThat(j.get("nodes")).isEmpty();
            assertThat(r.err()).contains("(try 3 of 3)");
        }
    }

    @Test
    void theOverallTimeoutCutsTheRetriesShort() throws Exception {
        try (FakeNode node = new FakeNode(Integer.MAX_VALUE, FakeNode::twoNodes)) {
            Run r = run(setup(node, "--retry", "200ms", "--tries", "10", "--timeout", "300ms"));
            assertThat(r.code()).isEqualTo(SignalCli.EXIT_NO_ANSWER);
            assertThat(node.received).as("sent at 0 and 200 ms (once only if the machine is very slow)")
                    .hasSizeBetween(1, 2);
            assertThat(r.json().get("elapsedMs").asLong()).isBetween(300L, 2_000L);
        }
    }

    @Test
    void aRefusalEndsWithExitOneAndSaysWhoRefusedAndWhy() throws Exception {
        FakeNode.Answer refuse = (m, req) -> List.of(GistCodec.encode(m.response(NslpCodec.encode(
                Response.to(req, 403, "forbidden")
                        .withNode(NodeEntry.of("ofc1/of:0000000000000002", 403, "filter-dst outside the user's prefixes"))
                        .withNode(NodeEntry.of("ofc1/of:0000000000000001", 200, "installed"))))));
        try (FakeNode node = new FakeNode(0, refuse)) {
            Run r = run(setup(node));
            assertThat(r.code()).isEqualTo(SignalCli.EXIT_REFUSED);
            assertThat(r.json().get("error").asText())
                    .isEqualTo("refused by ofc1/of:0000000000000002: 403 filter-dst outside the user's prefixes");
        }
    }

    @Test
    void anAnswerListingNoNodeIsExitThree() throws Exception {
        FakeNode.Answer empty = (m, req) -> List.of(GistCodec.encode(m.response(NslpCodec.encode(
                Response.to(req, 200, "OK")))));
        try (FakeNode node = new FakeNode(0, empty)) {
            Run r = run(setup(node));
            assertThat(r.code()).isEqualTo(SignalCli.EXIT_NO_ANSWER);
            assertThat(r.json().get("error").asText()).isEqualTo("the answer lists no NetServ node");
        }
    }

    @Test
    void strayDatagramsAreIgnoredUntilTheAnswerOfThisSessionComes() throws Exception {
        FakeNode.Answer noisy = (m, req) -> {
            GistMessage other = new GistMessage(m.hops(), m.queryMode(), m.sameSource(), m.replyRequested(), m.mri(),
                    SessionId.random(), m.route(), m.nslpData());
            List<byte[]> out = new ArrayList<>();
            out.add("garbage".getBytes(StandardCharsets.US_ASCII));
            out.add(FakeNode.twoNodes(other, req).get(0));
            out.add(GistCodec.encode(m.response(NslpCodec.encode(NslpFixtures.responseSetup())))); // another nonce
            out.addAll(FakeNode.twoNodes(m, req));
            return out;
        };
        try (FakeNode node = new FakeNode(0, noisy)) {
            Run r = run(setup(node, "-v"));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("ignored an unreadable datagram", "ignored a datagram of another session",
                    "ignored a response to another request");
        }
    }

    @Test
    void probeRemoveAndTriggerSendWhatTheySay() throws Exception {
        List<Request> seen = new ArrayList<>();
        FakeNode.Answer record = (m, req) -> {
            seen.add(req);
            return FakeNode.twoNodes(m, req);
        };
        try (FakeNode node = new FakeNode(0, record)) {
            String[] common = {"--toward", "127.0.0.1", "--gist-port", "" + node.port(), "--user", "acme", "--key",
                key.toString()};
            assertThat(run(concat(new String[] {"probe", "--probe", "modules,capacity"}, common)).code()).isZero();
            assertThat(run(concat(new String[] {"remove", "--url", "http://x.example/mods/NetMonitor-1.2.jar?v=2"},
                    common)).code()).isZero();
            assertThat(run(concat(new String[] {"trigger", "setup", "--url", "http://x.example/nm.jar", "--ttl", "30",
                "--filter-proto", "tcp", "--node-id", "ofc1/of:01"}, common)).code()).isZero();
        }
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).type()).isEqualTo(RequestType.PROBE);
        assertThat(seen.get(0).module()).isEqualTo("*");
        assertThat(seen.get(0).probe()).containsExactly("modules", "capacity");
        assertThat(seen.get(1).type()).isEqualTo(RequestType.REMOVE);
        assertThat(seen.get(1).module()).isEqualTo("NetMonitor-1.2");
        assertThat(seen.get(1).url()).hasValue("http://x.example/mods/NetMonitor-1.2.jar?v=2");
        Request trigger = seen.get(2);
        assertThat(trigger.type()).isEqualTo(RequestType.TRIGGER);
        assertThat(trigger.inner().type()).isEqualTo(RequestType.SETUP);
        assertThat(trigger.inner().nodeId()).hasValue("ofc1/of:01");
        assertThat(trigger.inner().filter().orElseThrow().proto().toString()).isEqualTo("tcp");
        assertThat(Verifier.verify(trigger, NslpFixtures.publicKey().key()).isAccepted()).isTrue();
    }

    @Test
    void dryRunPrintsTheSignedRequestAndSendsNothing() throws Exception {
        try (FakeNode node = new FakeNode(0, FakeNode::twoNodes)) {
            Run r = run(setup(node, "--dry-run"));
            assertThat(r.code()).isZero();
            Request req = NslpCodec.decodeRequest(r.out().getBytes(StandardCharsets.UTF_8));
            assertThat(Verifier.verify(req, NslpFixtures.publicKey().key()).isAccepted()).isTrue();
            assertThat(r.out()).startsWith("SETUP netmonitor NETSERV/0.1\n").contains("filter-dst:10.0.0.2/32\n");
            Thread.sleep(100);
            assertThat(node.received).isEmpty();
        }
    }

    @Test
    void badArgumentsEndWithExitTwoAndSayWhy() throws Exception {
        String k = key.toString();
        Run missing = run("setup", "--user", "acme", "--key", k, "--url", "http://x/m.jar", "--ttl", "5");
        assertThat(missing.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(missing.err()).contains("Missing required option: '--toward=IP'");
        Run prefix = run("setup", "--toward", "127.0.0.1", "--user", "acme", "--key", k, "--url", "http://x/m.jar",
                "--ttl", "5", "--filter-proto", "udp", "--filter-dst", "10.0.0.1/8");
        assertThat(prefix.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(prefix.err()).contains("--filter-dst: host bits are set in 10.0.0.1/8");
        Run ttl = run("setup", "--toward", "127.0.0.1", "--user", "acme", "--key", k, "--url", "http://x/m.jar",
                "--ttl", "0");
        assertThat(ttl.err()).contains("header 'ttl': must be 1-31622400, got 0");
        Run proto = run("setup", "--toward", "127.0.0.1", "--user", "acme", "--key", k, "--url", "http://x/m.jar",
                "--ttl", "5", "--filter-proto", "sctp");
        assertThat(proto.err()).contains("header 'filter-proto': 'sctp' is not udp, tcp or icmp");
        Run noKey = run("probe", "--toward", "127.0.0.1", "--user", "acme", "--key", dir.resolve("none.key").toString(),
                "--probe", "modules");
        assertThat(noKey.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(noKey.err()).contains("--key: " + dir.resolve("none.key") + ": no such file");
        Files.writeString(dir.resolve("bad.key"), "hello");
        Run badKey = run("probe", "--toward", "127.0.0.1", "--user", "acme", "--key", dir.resolve("bad.key").toString(),
                "--probe", "modules");
        assertThat(badKey.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(badKey.err()).contains("bad.key: a private key file starts with");
        Run duration = run("probe", "--toward", "127.0.0.1", "--user", "acme", "--key", k, "--probe", "m",
                "--retry", "soon");
        assertThat(duration.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(duration.err()).contains("'soon' is not a duration like 500ms, 2s or 1m");
        Run host = run("probe", "--toward", "::1", "--user", "acme", "--key", k, "--probe", "m");
        assertThat(host.err()).contains("--toward: '::1' is not an IPv4 address");
        Run neither = run("remove", "--toward", "127.0.0.1", "--user", "acme", "--key", k);
        assertThat(neither.code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(neither.err()).contains("--module", "--url");
        assertThat(run().code()).isEqualTo(SignalCli.EXIT_USAGE);
        assertThat(run("trigger").code()).isEqualTo(SignalCli.EXIT_USAGE);
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        Run top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("keygen", "setup", "remove", "probe", "trigger", "Exit codes:", "3  no NetServ node answered", "Examples:");
        Run setup = run("setup", "--help");
        assertThat(setup.out()).contains("--filter-proto", "--symmetric", "--retry", "Example:");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
