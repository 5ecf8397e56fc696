package org.netserv.signaling.nslp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;
import org.netserv.signaling.security.Verifier;

class NslpCodecTest {
    private static final String SETUP = NslpFixtures.resource("nslp/setup-minimal.nslp");
    private static final String TRIGGER = NslpFixtures.resource("nslp/trigger-setup.nslp");
    private static final String RESPONSE = NslpFixtures.resource("nslp/response-probe.nslp");

    static Stream<Arguments> fixtures() {
        return NslpFixtures.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureIsWhatItsBuilderEncodesAndDecodesBackToIt(String file, NslpMessage built) throws Exception {
        byte[] golden = NslpFixtures.bytes("nslp/" + file);
        assertThat(new String(NslpCodec.encode(built), StandardCharsets.UTF_8))
                .isEqualTo(new String(golden, StandardCharsets.UTF_8));
        NslpMessage decoded = NslpCodec.decode(golden);
        assertThat(decoded).isEqualTo(built);
        assertThat(NslpCodec.encode(decoded)).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureRequestCarriesAValidSignatureOfTheTestUser(String file, NslpMessage built) {
        if (built instanceof Request r) {
            assertThat(Verifier.verify(r, NslpFixtures.publicKey().key()).isAccepted()).as(file).isTrue();
        }
    }

    @Test
    void theFullSetupHasTypedValuesAndBecomesAModuleRequest() throws Exception {
        Request r = NslpCodec.decodeRequest(NslpFixtures.bytes("nslp/setup-full.nslp"));
        assertThat(r.type()).isEqualTo(RequestType.SETUP);
        assertThat(r.module()).isEqualTo("NetServ.apps.NetMonitor_1.0.0");
        assertThat(r.moduleName()).isEqualTo("netserv.apps.netmonitor_1.0.0");
        assertThat(r.user()).isEqualTo("acme");
        assertThat(r.ttl()).hasValue(3600);
        assertThat(r.timestamp()).isEqualTo(NslpFixtures.TIMESTAMP);
        assertThat(r.nonce()).isEqualTo(NslpFixtures.NONCE_1);
        assertThat(r.nodeId()).hasValue("ofc1/of:0000000000000002");
        assertThat(r.dependencies()).containsExactly("NetServ.lib.Counters_1.0");
        assertThat(r.notification()).isEmpty();
        assertThat(r.properties()).containsExactly(Map.entry("visualizer_ip", "1.2.3.4"),
                Map.entry("visualizer_port", "5678"));
        assertThat(r.signatureBytes()).hasValueSatisfying(s -> assertThat(s).hasSize(64));
        PacketFilter f = new PacketFilter(Protocol.UDP, Ipv4Prefix.parse("192.0.2.0/24"),
                Ipv4Prefix.parse("10.0.0.0/24"), null, 5060, true);
        assertThat(r.filter()).hasValue(f);
        ModuleRequest m = r.toModuleRequest();
        assertThat(m).isEqualTo(new ModuleRequest("acme", "netserv.apps.netmonitor_1.0.0",
                "http://content-provider.example/modules/netmonitor.jar", null, f, 3600L,
                Map.of("visualizer_ip", "1.2.3.4", "visualizer_port", "5678"), null));
    }

    @Test
    void onlyASetupWithAFilterBecomesAModuleRequest() throws Exception {
        Request serverModule = NslpFixtures.signer().sign(Request.builder(RequestType.SETUP, "web")
                .user("acme").url("http://x.example/web.jar").ttl(60).timestamp(1).nonce(NslpFixtures.NONCE_1).build());
        assertThat(catchThrowableOfType(serverModule::toModuleRequest, NslpException.class))
                .hasMessageContaining("header 'filter-proto': a SETUP without filter-proto asks for a server module");
        assertThat(catchThrowableOfType(() -> NslpFixtures.probe().toModuleRequest(), NslpException.class))
                .hasMessage("only a SETUP asks for a module, this is a PROBE");
    }

    @Test
    void headersMayComeInAnyOrderAndEncodeInCanonicalOrder() throws Exception {
        String[] lines = SETUP.split("\n");
        String shuffled = lines[0] + "\n" + lines[8] + "\n" + lines[6] + "\n" + lines[1] + "\n" + lines[7] + "\n"
                + lines[2] + "\n" + lines[5] + "\n" + lines[3] + "\n" + lines[4] + "\n\n";
        Request r = NslpCodec.decodeRequest(bytes(shuffled));
        assertThat(NslpCodec.text(r)).isEqualTo(SETUP);
        assertThat(Verifier.verify(r, NslpFixtures.publicKey().key()).isAccepted()).isTrue();
    }

    @Test
    void theSignatureCoversTheCanonicalMessageWithoutItsSignatureLine() {
        Request r = NslpFixtures.setupMinimal();
        String signed = new String(NslpCodec.signedBytes(r), StandardCharsets.UTF_8);
        assertThat(signed).isEqualTo(SETUP.replaceAll("signature:[^\n]*\n", ""));
    }

    @Test
    void aTriggerCarriesItsSignedInnerRequest() throws Exception {
        Request t = NslpCodec.decodeRequest(bytes(TRIGGER));
        assertThat(t.type()).isEqualTo(RequestType.TRIGGER);
        assertThat(t.inner()).isEqualTo(NslpFixtures.setupMinimal());
        assertThat(NslpCodec.decodeRequest(bytes(TRIGGER.substring(TRIGGER.indexOf("SETUP")))))
                .isEqualTo(t.inner());
    }

    @Test
    void nodesAddedOnTheWayBackEndUpInPathOrder() throws Exception {
        Response r = Response.to(NslpFixtures.probe(), 200, "OK")
                .withNode(NodeEntry.of("s3", 200, "OK"))
                .withNode(NodeEntry.of("s2", 200, "OK"))
                .withNode(NodeEntry.of("s1", 200, "OK"));
        assertThat(r.nodes()).extracting(NodeEntry::nodeId).containsExactly("s1", "s2", "s3");
        assertThat(r.succeeded()).isTrue();
        Response back = NslpCodec.decodeResponse(NslpCodec.encode(r));
        assertThat(back).isEqualTo(r);
        assertThat(back.nonce()).isEqualTo(NslpFixtures.NONCE_2);
        Response refused = r.withNode(NodeEntry.of("s0", 401, "unknown user 'acme'"));
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.refusal()).hasValueSatisfying(n -> assertThat(n.nodeId()).isEqualTo("s0"));
        assertThat(Response.to(NslpFixtures.probe(), 200, "OK").succeeded()).as("no node acted").isFalse();
    }

    @Test
    void theProbeResponseKeepsEachNodesInformationInOrder() throws Exception {
        Response r = NslpCodec.decodeResponse(bytes(RESPONSE));
        assertThat(r.nodes()).hasSize(2);
        assertThat(r.nodes().get(0).info()).containsExactly(Map.entry("modules", ""), Map.entry("capacity", "5"));
        assertThat(r.nodes().get(1).info()).containsExactly(Map.entry("modules", "netmonitor"),
                Map.entry("capacity", "3"));
    }

    @Test
    void valuesBuiltInCodeCannotAddLinesOrBreakTheRules() {
        assertThatThrownBy(() -> Request.builder(RequestType.SETUP, "m").user("acme").url("http://x/m.jar").ttl(60)
                .timestamp(1).nonce(NslpFixtures.NONCE_1).header(Header.PROPERTIES, "a=1\nsignature:x").build())
                .hasMessageContaining("header 'properties': control character U+000A");
        assertThatThrownBy(() -> NodeEntry.of("s1", 200, "ok\nNODE s2 200 forged"))
                .hasMessageContaining("control character U+000A");
        assertThatThrownBy(() -> NodeEntry.of("s1", 200, "ok").withInfo("a", "b\n"))
                .hasMessageContaining("info 'a': control character");
        assertThatThrownBy(() -> Response.of(700, "x")).hasMessageContaining("100-599");
        assertThatThrownBy(() -> Request.builder(RequestType.SETUP, "m")
                .filter(new PacketFilter(Protocol.UDP, null, null, 1000, 5060)))
                .hasMessageContaining("a source port cannot be signalled");
    }

    @Test
    void anEncodingOverTheLimitIsRefused() {
        Response big = Response.of(200, "OK");
        NodeEntry n = NodeEntry.of("s1", 200, "OK");
        for (int i = 0; i < 10; i++) {
            n = n.withInfo("k" + i, "v".repeat(1000));
        }
        Response r = big.withNode(n);
        assertThatThrownBy(() -> NslpCodec.encode(r)).hasMessageContaining("more than the 8192 allowed");
    }

    static Stream<Arguments> badMessages() {
        String sig = SETUP.substring(SETUP.indexOf("signature:"), SETUP.indexOf('\n', SETUP.indexOf("signature:")) + 1);
        return Stream.of(
                bad("empty", "", "the message is empty"),
                bad("too big", SETUP + "x".repeat(8192), "the message has 8472 bytes, more than the 8192 allowed"),
                bad("carriage return", SETUP.replace("ttl:60\n", "ttl:60\r\n"), "line 6: carriage return (CR) found"),
                bad("tab", SETUP.replace("ttl:60", "ttl:\t60"), "line 6: control character U+0009 is not allowed"),
                bad("no final line feed", SETUP.substring(0, SETUP.length() - 2),
                        "line 9: the message must end with a line feed and a blank line"),
                bad("headers run to the end", SETUP.replace("\n\n", "\n"), "line 9: the SETUP does not end with a blank line"),
                bad("two words", SETUP.replace("SETUP netmonitor NETSERV/0.1", "SETUP netmonitor"),
                        "line 1: a request line is 'TYPE MODULE NETSERV/0.1' (single spaces), got 'SETUP netmonitor'"),
                bad("double space", SETUP.replace("SETUP netmonitor", "SETUP  netmonitor"), "line 1: a request line is"),
                bad("unknown type", SETUP.replace("SETUP", "INSTALL"),
                        "line 1: unknown request type 'INSTALL' (known: SETUP, REMOVE, PROBE, TRIGGER)"),
                bad("lower-case type", SETUP.replace("SETUP", "setup"), "line 1: unknown request type 'setup'"),
                bad("other version", SETUP.replace("NETSERV/0.1", "NETSERV/0.2"),
                        "line 1: unsupported version 'NETSERV/0.2' (this node speaks NETSERV/0.1)"),
                bad("bad module id", SETUP.replace("SETUP netmonitor", "SETUP net!monitor"),
                        "line 1: module 'net!monitor' must be '*' or 1-63 of"),
                bad("any module in a setup", SETUP.replace("SETUP netmonitor", "SETUP *"),
                        "line 1: module '*' (any) is only for PROBE; SETUP names one module"),
                bad("unknown header", SETUP.replace("ttl:60\n", "ttl:60\ncolour:red\n"),
                        "line 7: unknown header 'colour' (known in SETUP: dependencies, filter-dst,"),
                bad("upper-case header", SETUP.replace("ttl:60", "TTL:60"),
                        "line 6: write the header name as 'ttl' (lower case, nothing before ':')"),
                bad("space before colon", SETUP.replace("ttl:60", "ttl :60"), "line 6: write the header name as 'ttl'"),
                bad("space after colon", SETUP.replace("ttl:60", "ttl: 60"),
                        "line 6, header 'ttl': no spaces are allowed around the value"),
                bad("no colon", SETUP.replace("ttl:60", "ttl60"), "line 6: expected a header line 'name:value', got 'ttl60'"),
                bad("duplicate", SETUP.replace("ttl:60\n", "ttl:60\nttl:60\n"),
                        "line 7, header 'ttl': given twice (first on line 6)"),
                bad("not allowed", SETUP.replace("ttl:60\n", "ttl:60\nprobe:modules\n"),
                        "line 7, header 'probe': not allowed in SETUP (allowed: dependencies, filter-dst,"),
                bad("ttl zero", SETUP.replace("ttl:60", "ttl:0"), "line 6, header 'ttl': must be 1-31622400, got 0"),
                bad("ttl too long", SETUP.replace("ttl:60", "ttl:99999999"), "line 6, header 'ttl': must be 1-31622400"),
                bad("ttl leading zero", SETUP.replace("ttl:60", "ttl:060"),
                        "line 6, header 'ttl': '060' is not a plain decimal number (digits only, no sign or leading zeros)"),
                bad("ttl sign", SETUP.replace("ttl:60", "ttl:+60"), "line 6, header 'ttl': '+60' is not a plain decimal"),
                bad("ttl empty", SETUP.replace("ttl:60", "ttl:"), "line 6, header 'ttl': the value is empty"),
                bad("port range", SETUP.replace("filter-port:5060", "filter-port:70000"),
                        "line 2, header 'filter-port': must be 1-65535, got 70000"),
                bad("proto", SETUP.replace("filter-proto:udp", "filter-proto:sctp"),
                        "line 3, header 'filter-proto': 'sctp' is not udp, tcp or icmp (lower case)"),
                bad("icmp port", SETUP.replace("filter-proto:udp", "filter-proto:icmp"),
                        "line 2, header 'filter-port': icmp has no ports"),
                bad("port without proto", SETUP.replace("filter-proto:udp\n", ""),
                        "line 2, header 'filter-port': needs filter-proto (udp, tcp or icmp)"),
                bad("host bits", SETUP.replace("ttl:60\n", "ttl:60\nfilter-dst:10.0.0.1/8\n"),
                        "line 7, header 'filter-dst': host bits are set in 10.0.0.1/8; did you mean 10.0.0.0/8?"),
                bad("bare address", SETUP.replace("ttl:60\n", "ttl:60\nfilter-src:10.0.0.1\n"),
                        "line 7, header 'filter-src': write the prefix as 10.0.0.1/32"),
                bad("not a prefix", SETUP.replace("ttl:60\n", "ttl:60\nfilter-dst:ten/8\n"),
                        "line 7, header 'filter-dst': not an IPv4 prefix: 'ten/8'"),
                bad("symmetric", SETUP.replace("ttl:60\n", "ttl:60\nsymmetric:yes\n"),
                        "line 7, header 'symmetric': 'yes' is not true or false"),
                bad("duplicate property", SETUP.replace("ttl:60\n", "ttl:60\nproperties:a=1,a=2\n"),
                        "line 7, header 'properties': property 'a' is given twice"),
                bad("property without value", SETUP.replace("ttl:60\n", "ttl:60\nproperties:a=1,b\n"),
                        "line 7, header 'properties': 'b' is not key=value"),
                bad("property key", SETUP.replace("ttl:60\n", "ttl:60\nproperties:=1\n"),
                        "line 7, header 'properties': property key '' must be"),
                bad("dependencies", SETUP.replace("ttl:60\n", "ttl:60\ndependencies:a,,b\n"),
                        "line 7, header 'dependencies': '' in the list is not valid"),
                bad("notification scheme", SETUP.replace("ttl:60\n", "ttl:60\nnotification:ftp://x/\n"),
                        "line 7, header 'notification': URL must be http, https, got 'ftp://x/'"),
                bad("url scheme", SETUP.replace("http://10.0.0.1:8000", "ftp://10.0.0.1"),
                        "line 8, header 'url': URL must be file, http, https, got 'ftp://10.0.0.1/netmonitor.jar'"),
                bad("url space", SETUP.replace("netmonitor.jar", "net monitor.jar"),
                        "line 8, header 'url': a URL is printable ASCII without spaces"),
                bad("user", SETUP.replace("user:acme", "user:ACME"), "line 7, header 'user': user 'ACME' must be 1-63 of"),
                bad("nonce", SETUP.replace("nonce:0123456789abcdef0123456789abcdef", "nonce:0123"),
                        "line 4, header 'nonce': nonce '0123' must be 16-64 lower-case hex digits (8-32 bytes)"),
                bad("timestamp", SETUP.replace("timestamp:1700000000", "timestamp:-1"),
                        "line 5, header 'timestamp': '-1' is not a plain decimal number"),
                bad("signature not base64", SETUP.replace(sig, "signature:!!!!\n"), "line 9, header 'signature': not base64"),
                bad("signature short", SETUP.replace(sig, "signature:AAAA\n"),
                        "line 9, header 'signature': an Ed25519 signature has 64 bytes, this one 3"),
                bad("signature unpadded", SETUP.replace(sig, sig.replace("==", "")),
                        "line 9, header 'signature': not in canonical base64"),
                bad("missing ttl", SETUP.replace("ttl:60\n", ""),
                        "line 1, header 'ttl': SETUP needs this header and it is missing"),
                bad("missing signature", SETUP.replace(sig, ""),
                        "line 1, header 'signature': SETUP needs this header and it is missing"),
                bad("missing nonce", SETUP.replace("nonce:0123456789abcdef0123456789abcdef\n", ""),
                        "line 1, header 'nonce': SETUP needs this header and it is missing"),
                bad("text after the end", SETUP + "hello\n", "line 11: unexpected text after the blank line that ends the SETUP"),
                bad("two blank lines", SETUP + "\n", "line 11: unexpected text after the blank line"),
                bad("invalid utf-8", SETUP.replace("ttl:60", "ttl:6\u00ff"), null),
                bad("trigger without inner", TRIGGER.substring(0, TRIGGER.indexOf("SETUP")),
                        "line 6: a TRIGGER carries a SETUP or PROBE after its blank line; nothing follows"),
                bad("trigger of a remove", TRIGGER.substring(0, TRIGGER.indexOf("SETUP"))
                        + NslpFixtures.resource("nslp/remove.nslp"),
                        "line 1: a TRIGGER carries a SETUP or PROBE, not a REMOVE"),
                bad("trigger in a trigger", TRIGGER.substring(0, TRIGGER.indexOf("SETUP")) + TRIGGER,
                        "line 7: a TRIGGER cannot carry another TRIGGER"),
                bad("trigger of another module", TRIGGER.replace("TRIGGER netmonitor", "TRIGGER other"),
                        "line 1: the TRIGGER names module 'other' but its SETUP names 'netmonitor'"),
                bad("trigger of another user", TRIGGER.replaceFirst("user:acme", "user:mallory"),
                        "line 4, header 'user': the TRIGGER is from 'mallory' but its SETUP from 'acme'"),
                bad("trigger of an unsigned setup", TRIGGER.substring(0, TRIGGER.lastIndexOf("signature:")) + "\n",
                        "line 7, header 'signature': SETUP needs this header and it is missing"),
                bad("status code", RESPONSE.replace("200 OK", "2000 OK"),
                        "line 1: status code '2000' is not three digits 100-599"),
                bad("status code letters", RESPONSE.replace("NETSERV/0.1 200", "NETSERV/0.1 2O0"), "line 1: status code '2O0'"),
                bad("status line", "NETSERV/0.1 200\n\n", "line 1: a status line is 'NETSERV/0.1 CODE REASON'"),
                bad("status reason spaces", RESPONSE.replace("200 OK", "200  OK"),
                        "line 1: no spaces are allowed around the value"),
                bad("response version", RESPONSE.replace("NETSERV/0.1 200", "NETSERV/1.0 200"),
                        "line 1: unsupported version 'NETSERV/1.0'"),
                bad("response header", RESPONSE.replace("module:*", "colour:red"),
                        "line 3: unknown response header 'colour' (known: request, module, nonce)"),
                bad("response request", RESPONSE.replace("request:PROBE", "request:FETCH"),
                        "line 2, header 'request': 'FETCH' is not SETUP, REMOVE, PROBE or TRIGGER"),
                bad("response nonce", RESPONSE.replace("nonce:fedcba9876543210fedcba9876543210", "nonce:XYZ"),
                        "line 4, header 'nonce': 'XYZ' is not 16-64 lower-case hex digits"),
                bad("response header twice", RESPONSE.replace("module:*", "request:PROBE"),
                        "line 3, header 'request': given twice (first on line 2)"),
                bad("node line", RESPONSE.replace("NODE ofc1/of:0000000000000001 200 OK", "NODE ofc1 200"),
                        "line 6: expected a node entry 'NODE <node-id> <code> <reason>', got 'NODE ofc1 200'"),
                bad("node id", RESPONSE.replace("NODE ofc1/of:0000000000000001", "NODE of#1"),
                        "line 6: node id 'of#1' must be 1-64 of"),
                bad("node code", RESPONSE.replace("of:0000000000000001 200", "of:0000000000000001 099"),
                        "line 6: status code '099' is not three digits 100-599"),
                bad("node info twice", RESPONSE.replace("capacity:5", "modules:x"),
                        "line 8: info 'modules' is given twice in the entry of node ofc1/of:0000000000000001"),
                bad("node info key", RESPONSE.replace("capacity:5", "Capacity:5"), "line 8: info key 'Capacity' must be"),
                bad("node info without colon", RESPONSE.replace("capacity:5", "capacity"),
                        "line 8: expected 'key:value' information, got 'capacity'"),
                bad("node not ended", RESPONSE.substring(0, RESPONSE.length() - 1),
                        "line 12: the entry of node ofc1/of:0000000000000002 does not end with a blank line"),
                bad("garbage among nodes", RESPONSE + "hello\n\n", "line 14: expected a node entry 'NODE <node-id> <code> <reason>', got 'hello'"),
                bad("status block not ended", "NETSERV/0.1 200 OK\nrequest:PROBE\n",
                        "line 2: the status block does not end with a blank line"));
    }

    private static Arguments bad(String name, String text, String message) {
        return Arguments.of(name, text, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void badMessagesAreRefusedSayingWhereAndWhy(String name, String text, String message) {
        byte[] b = name.equals("invalid utf-8") ? utf8Broken(text) : bytes(text);
        NslpException e = catchThrowableOfType(() -> NslpCodec.decode(b), NslpException.class);
        assertThat(e).as(name).isNotNull();
        if (message == null) {
            assertThat(e).hasMessage("line 6: byte 0xFF at offset " + text.indexOf('\u00ff') + " is not valid UTF-8");
        } else {
            assertThat(e.getMessage()).startsWith(message);
        }
        assertThat(e.reason()).isNotBlank();
    }

    @Test
    void exceptionsSayLineAndHeaderSeparately() {
        NslpException e = catchThrowableOfType(() -> NslpCodec.decode(bytes(SETUP.replace("ttl:60", "ttl:0"))),
                NslpException.class);
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.header()).isEqualTo("ttl");
        assertThat(e.reason()).isEqualTo("must be 1-31622400, got 0");
    }

    @Test
    void decodeRequestAndDecodeResponseRefuseTheOtherKind() {
        assertThat(catchThrowableOfType(() -> NslpCodec.decodeRequest(bytes(RESPONSE)), NslpException.class))
                .hasMessage("line 1: expected a request, got a response");
        assertThat(catchThrowableOfType(() -> NslpCodec.decodeResponse(bytes(SETUP)), NslpException.class))
                .hasMessage("line 1: expected a response, got a request");
    }

    @Test
    void utf8TextIsAllowedInValuesThatTakeText() throws Exception {
        Response r = Response.of(200, "installé ✓").withNode(NodeEntry.of("s1", 200, "OK").withInfo("note", "größe 😀"));
        assertThat(NslpCodec.decode(NslpCodec.encode(r))).isEqualTo(r);
        assertThatThrownBy(() -> Request.builder(RequestType.SETUP, "mödule").user("acme").url("http://x/m.jar")
                .ttl(1).timestamp(1).nonce(NslpFixtures.NONCE_1).build()).hasMessageContaining("module 'mödule' must be");
        assertThat(List.of(NslpStatus.OK, NslpStatus.REPLAYED)).allMatch(c -> !NslpStatus.reasonOf(c).isBlank());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8Broken(String textWithMarker) {
        byte[] b = textWithMarker.getBytes(StandardCharsets.ISO_8859_1);
        return b; // U+00FF becomes the lone byte 0xFF: never valid in UTF-8
    }
}
