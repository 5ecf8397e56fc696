package org.netserv.signaling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.nslp.Header;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpFixtures;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;

class VerifierTest {
    private static final PublicKey ACME = NslpFixtures.publicKey().key();
    private final Verifier verifier = new Verifier(u -> Optional.ofNullable(Map.of("acme", ACME).get(u)));

    @Test
    void aGenuineRequestIsAccepted() {
        assertThat(verifier.verify(NslpFixtures.setupFull()).isAccepted()).isTrue();
        assertThat(verifier.verify(NslpFixtures.triggerSetup())).isEqualTo(Verdict.accept());
    }

    @Test
    void signaturesAreDeterministic() {
        assertThat(NslpFixtures.signer().sign(NslpFixtures.setupMinimal().withoutSignature()))
                .isEqualTo(NslpFixtures.setupMinimal());
    }

    @Test
    void anUnknownUserIsRefused() {
        Request r = NslpFixtures.signer().sign(Request.builder(RequestType.PROBE, "*").user("mallory")
                .probe(java.util.List.of("modules")).timestamp(1).nonce(NslpFixtures.NONCE_1).build());
        assertThat(verifier.verify(r)).isEqualTo(Verdict.refuse(NslpStatus.UNAUTHORIZED, "unknown user 'mallory'"));
    }

    @Test
    void anUnsignedRequestIsRefused() {
        Verdict v = Verifier.verify(NslpFixtures.setupMinimal().withoutSignature(), ACME);
        assertThat(v.isRefused()).isTrue();
        assertThat(v.status()).isEqualTo(401);
        assertThat(v.reason()).isEqualTo("the request is not signed");
    }

    @Test
    void anAlteredRequestIsRefused() throws Exception {
        String text = NslpCodec.text(NslpFixtures.setupMinimal()).replace("ttl:60", "ttl:86400");
        Request altered = NslpCodec.decodeRequest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Verdict v = verifier.verify(altered);
        assertThat(v.isRefused()).isTrue();
        assertThat(v.reason()).isEqualTo("the signature does not match the message and the key of user 'acme' "
                + "(forged, altered on the way, or signed with another key)");
        assertThat(v.entry("s1").code()).isEqualTo(401);
    }

    @Test
    void aRequestSignedWithAnotherKeyIsRefused() {
        Request forged = new Signer(KeyFiles.generate().getPrivate()).sign(NslpFixtures.setupMinimal());
        assertThat(verifier.verify(forged).reason()).startsWith("the signature does not match");
    }

    @Test
    void aSignatureCopiedFromAnotherRequestIsRefused() {
        Request other = NslpFixtures.remove();
        Request r = NslpFixtures.setupMinimal().withSignature(other.signature().orElseThrow());
        assertThat(verifier.verify(r).isRefused()).isTrue();
    }

    @Test
    void aTriggerWithAForgedInnerRequestIsRefused() {
        Request forgedInner = new Signer(KeyFiles.generate().getPrivate()).sign(NslpFixtures.setupMinimal());
        Request trigger = NslpFixtures.signer().sign(Request.builder(RequestType.TRIGGER, "netmonitor").user("acme")
                .timestamp(1).nonce(NslpFixtures.NONCE_2).inner(forgedInner).build());
        Verdict v = verifier.verify(trigger);
        assertThat(v.isRefused()).isTrue();
        assertThat(v.reason()).startsWith("the SETUP inside the TRIGGER: the signature does not match");
    }

    @Test
    void aNonEd25519KeyIsRefusedNotThrown() throws Exception {
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Verdict v = Verifier.verify(NslpFixtures.setupMinimal(), rsa.generateKeyPair().getPublic());
        assertThat(v.reason()).isEqualTo("the key configured for user 'acme' is not an Ed25519 public key");
        assertThat(NslpFixtures.setupMinimal().header(Header.SIGNATURE)).isPresent();
    }
}
