package org.netserv.signaling.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.Request;

/**
 * Signs requests with a user's Ed25519 private key: the signature covers the canonical encoding of the
 * request without its signature header ({@link NslpCodec#signedBytes}); for a TRIGGER that includes the
 * inner request with its own signature, so sign the inner request first.
 *
 * <pre>{@code
 * Signer signer = new Signer(KeyFiles.readPrivateKey(Path.of("acme.key")));
 * Request signed = signer.sign(unsigned);
 * }</pre>
 *
 * Ed25519 signatures are deterministic: the same key and message give the same signature.
 */
public final class Signer {
    private final PrivateKey key;

    /** @throws IllegalArgumentException if {@code key} is not an Ed25519 key */
    public Signer(PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
        sign(new byte[0]); // fails now, not on the first request, if the key is of another kind
    }

    /** {@code request} with its signature header set (replaced if present). */
    public Request sign(Request request) {
        byte[] sig = sign(NslpCodec.signedBytes(request));
        return request.withSignature(Base64.getEncoder().encodeToString(sig));
    }

    /** The 64-byte Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (" + key.getAlgorithm()
                    + "); an Ed25519 private key is needed", e);
        }
    }
}
