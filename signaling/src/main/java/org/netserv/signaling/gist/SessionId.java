package org.netserv.signaling.gist;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

/**
 * GIST's 128-bit Session Identifier (RFC 5971 A.3.2): random, chosen by the requester, the same in every
 * retransmission and in the response, so the requester can match them.
 */
public record SessionId(long high, long low) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static SessionId random() {
        return random(RANDOM);
    }

    public static SessionId random(Random random) {
        return new SessionId(random.nextLong(), random.nextLong());
    }

    /** From 32 hex digits. */
    public static SessionId parse(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("a session id is 32 hex digits, got '" + hex + "'");
        }
        return new SessionId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /** 32 lower-case hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
