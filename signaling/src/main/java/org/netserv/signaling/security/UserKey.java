package org.netserv.signaling.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user's public key as operators handle it: the one line of a {@code NAME.pub} file,
 * {@code netserv-ed25519 <base64 of the X.509 SubjectPublicKeyInfo> NAME}. That line is what goes into the
 * OFC config or the {@code publicKey} of {@code POST /api/v1/users}.
 *
 * <pre>{@code
 * UserKey k = UserKey.parse("netserv-ed25519 MCowBQYDK2VwAyEA... acme");   // IllegalArgumentException if bad
 * Verdict v = Verifier.verify(request, k.key());
 * }</pre>
 *
 * @param user the user the key belongs to
 * @param key an Ed25519 public key
 */
public record UserKey(String user, PublicKey key) {
    /** The first word of a {@code .pub} line. */
    public static final String PREFIX = "netserv-ed25519";
    private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public UserKey {
        Objects.requireNonNull(key, "key");
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user '" + user + "' must be 1-63 of a-z, 0-9, '.', '_', '-'");
        }
        if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
    }

    /**
     * Reads a {@code .pub} line (surrounding white space is ignored).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static UserKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the public key is empty; expected '" + PREFIX + " <base64> NAME'");
        }
        String[] words = text.strip().split("\\s+");
        if (words.length != 3 || !words[0].equals(PREFIX)) {
            throw new IllegalArgumentException("a public key is one line '" + PREFIX
                    + " <base64> NAME' (the .pub file keygen writes)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(words[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key part of the public key is not base64: " + e.getMessage());
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the key part is not an Ed25519 public key (X.509 SubjectPublicKeyInfo)");
        }
        if (!Arrays.equals(key.getEncoded(), der)) {
            throw new IllegalArgumentException("the key part is not an Ed25519 public key in canonical X.509 form");
        }
        return new UserKey(words[2], key);
    }

    /** Reads a {@code .pub} file. */
    public static UserKey read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The {@code .pub} line, without a line feed. */
    public String toLine() {
        return PREFIX + " " + Base64.getEncoder().encodeToString(key.getEncoded()) + " " + user;
    }
}
