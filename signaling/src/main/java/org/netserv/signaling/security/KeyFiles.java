package org.netserv.signaling.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 key pairs and their files: {@code NAME.key}, the private key as PKCS#8 in PEM text
 * ({@code -----BEGIN PRIVATE KEY-----}, base64, {@code -----END PRIVATE KEY-----}; OpenSSL reads it too),
 * readable by its owner only; and {@code NAME.pub}, the one {@link UserKey} line.
 *
 * <pre>{@code
 * KeyFiles.Written w = KeyFiles.write(Path.of("keys"), "acme", KeyFiles.generate(), false);
 * Signer signer = new Signer(KeyFiles.readPrivateKey(w.key()));
 * }</pre>
 */
public final class KeyFiles {
    private KeyFiles() {}

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    /** The two files {@link #write} made. */
    public record Written(Path key, Path pub) {}

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * Writes {@code dir/user.key} (mode 600 where the file system has POSIX modes) and {@code dir/user.pub}.
     *
     * @throws FileAlreadyExistsException if either exists and {@code overwrite} is false
     */
    public static Written write(Path dir, String user, KeyPair pair, boolean overwrite) throws IOException {
        UserKey pub = new UserKey(user, pair.getPublic());
        Files.createDirectories(dir);
        Path key = dir.resolve(user + ".key");
        Path pubFile = dir.resolve(user + ".pub");
        if (!overwrite) {
            for (Path p : new Path[] {key, pubFile}) {
                if (Files.exists(p)) {
                    throw new FileAlreadyExistsException(p.toString(), null, "exists; pass --force to replace it");
                }
            }
        }
        Files.deleteIfExists(key);
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(key, privateKeyText(pair.getPrivate()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.writeString(pubFile, pub.toLine() + "\n", StandardCharsets.US_ASCII);
        return new Written(key, pubFile);
    }

    /** The PEM text of a private key. */
    public static String privateKeyText(PrivateKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n"
                + END + "\n";
    }

    /** @throws IllegalArgumentException if {@code pem} is not an Ed25519 private key in PKCS#8 PEM */
    public static PrivateKey parsePrivateKey(String pem) {
        String t = pem.strip();
        if (!t.startsWith(BEGIN) || !t.endsWith(END)) {
            throw new IllegalArgumentException("a private key file starts with '" + BEGIN + "' and ends with '" + END
                    + "' (the .key file keygen writes)");
        }
        String body = t.substring(BEGIN.length(), t.length() - END.length()).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 form");
        }
    }

    /** Reads a {@code .key} file; a bad file is an IllegalArgumentException naming it. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return parsePrivateKey(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
