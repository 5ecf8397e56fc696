package org.netserv.signaling.security;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;

/**
 * Checks a request's signature against its user's public key (thesis 6.2.2). A refusal carries
 * {@link NslpStatus#UNAUTHORIZED} and says why: unknown user, no signature, or a signature that does not
 * match (forged, altered on the way, or made with another key). A TRIGGER passes only if the request it
 * carries is also signed by the same user.
 *
 * <pre>{@code
 * Verifier verifier = new Verifier(user -> Optional.ofNullable(keysByUser.get(user)));
 * Verdict v = verifier.verify(request);
 * if (v.isRefused()) { answer(Response.to(request, v.status(), v.reason()).withNode(v.entry(myId))); return; }
 * }</pre>
 *
 * Check the signature before the {@link ReplayGuard}, so only genuine requests take room in its memory.
 */
public final class Verifier {
    private final Function<String, Optional<PublicKey>> keysByUser;

    /** @param keysByUser the public key of each known user, empty for unknown users */
    public Verifier(Function<String, Optional<PublicKey>> keysByUser) {
        this.keysByUser = Objects.requireNonNull(keysByUser, "keysByUser");
    }

    /** Finds the request's user's key and checks the signature. */
    public Verdict verify(Request request) {
        Optional<PublicKey> key = keysByUser.apply(request.user());
        if (key == null || key.isEmpty()) {
            return Verdict.refuse(NslpStatus.UNAUTHORIZED, "unknown user '" + request.user() + "'");
        }
        return verify(request, key.get());
    }

    /** Checks {@code request}'s signature (and a TRIGGER's inner one) against {@code key}. */
    public static Verdict verify(Request request, PublicKey key) {
        Verdict outer = verifyOne(request, key, "");
        if (!outer.isAccepted() || request.type() != RequestType.TRIGGER) {
            return outer;
        }
        return verifyOne(request.inner(), key, "the " + request.inner().type() + " inside the TRIGGER: ");
    }

    private static Verdict verifyOne(Request request, PublicKey key, String where) {
        if (request.signatureBytes().isEmpty()) {
            return Verdict.refuse(NslpStatus.UNAUTHORIZED, where + "the request is not signed");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(NslpCodec.signedBytes(request));
            if (s.verify(request.signatureBytes().get())) {
                return Verdict.accept();
            }
        } catch (InvalidKeyException e) {
            return Verdict.refuse(NslpStatus.UNAUTHORIZED, where + "the key configured for user '" + request.user()
                    + "' is not an Ed25519 public key");
        } catch (GeneralSecurityException e) {
            // a malformed signature: refused below like any other mismatch
        }
        return Verdict.refuse(NslpStatus.UNAUTHORIZED, where + "the signature does not match the message and the key of user '"
                + request.user() + "' (forged, altered on the way, or signed with another key)");
    }
}
