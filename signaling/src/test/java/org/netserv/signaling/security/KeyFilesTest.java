package org.netserv.signaling.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.signaling.nslp.NslpFixtures;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenKeysReadBackAndSignAndVerify() throws Exception {
        KeyPair pair = KeyFiles.generate();
        KeyFiles.Written w = KeyFiles.write(dir, "acme", pair, false);
        assertThat(w.key()).isEqualTo(dir.resolve("acme.key"));
        assertThat(Files.readString(w.key())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.key()))).isEqualTo("rw-------");
        String pub = Files.readString(w.pub());
        assertThat(pub).matches("netserv-ed25519 [A-Za-z0-9+/=]+ acme\n");
        UserKey k = UserKey.read(w.pub());
        assertThat(k.user()).isEqualTo("acme");
        assertThat(k.key()).isEqualTo(pair.getPublic());
        assertThat(k.toLine() + "\n").isEqualTo(pub);
        assertThat(KeyFiles.readPrivateKey(w.key())).isEqualTo(pair.getPrivate());
        var signed = new Signer(KeyFiles.readPrivateKey(w.key())).sign(NslpFixtures.setupMinimal().withoutSignature());
        assertThat(Verifier.verify(signed, k.key()).isAccepted()).isTrue();
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws Exception {
        KeyFiles.write(dir, "acme", KeyFiles.generate(), false);
        assertThatThrownBy(() -> KeyFiles.write(dir, "acme", KeyFiles.generate(), false))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--force");
        KeyPair second = KeyFiles.generate();
        KeyFiles.write(dir, "acme", second, true);
        assertThat(UserKey.read(dir.resolve("acme.pub")).key()).isEqualTo(second.getPublic());
    }

    @Test
    void badPublicKeysAreRefusedWithAReason() throws Exception {
        String good = NslpFixtures.publicKey().toLine();
        assertThatThrownBy(() -> UserKey.parse("")).hasMessageContaining("the public key is empty");
        assertThatThrownBy(() -> UserKey.parse("ssh-ed25519 AAAA acme")).hasMessageContaining("a public key is one line");
        assertThatThrownBy(() -> UserKey.parse(good.replace(" acme", ""))).hasMessageContaining("a public key is one line");
        assertThatThrownBy(() -> UserKey.parse("netserv-ed25519 !!!! acme")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> UserKey.parse("netserv-ed25519 AAAA acme"))
                .hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> UserKey.parse(good.replace(" acme", " ACME"))).hasMessageContaining("user 'ACME'");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String rsaLine = "netserv-ed25519 " + java.util.Base64.getEncoder()
                .encodeToString(rsa.generateKeyPair().getPublic().getEncoded()) + " acme";
        assertThatThrownBy(() -> UserKey.parse(rsaLine)).hasMessageContaining("not an Ed25519 public key");
        assertThat(UserKey.parse("  " + good + "\n")).isEqualTo(NslpFixtures.publicKey());
    }

    @Test
    void badPrivateKeysAreRefusedWithAReason() throws Exception {
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey("hello")).hasMessageContaining("starts with '-----BEGIN PRIVATE KEY-----'");
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("not an Ed25519 private key");
        Path f = dir.resolve("x.key");
        Files.writeString(f, "nonsense");
        assertThatThrownBy(() -> KeyFiles.readPrivateKey(f)).hasMessageStartingWith(f + ": ");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertThatThrownBy(() -> new Signer(rsa.generateKeyPair().getPrivate()))
                .hasMessageContaining("an Ed25519 private key is needed");
    }
}
