package org.netserv.sidecar.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;

/** With a signer configured, only bundles signed by that key install (JDK keytool and jarsigner sign them). */
class SignedBundleTest {
    @TempDir
    Path dir;

    private void jdkTool(String tool, String... args) throws IOException, InterruptedException {
        Path bin = Path.of(System.getProperty("java.home"), "bin", tool);
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(tool + ": " + out).isZero();
    }

    private PublicKey keyPair(String alias, Path store) throws Exception {
        jdkTool("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                "secret", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias, "-validity", "2");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        return ks.getCertificate(alias).getPublicKey();
    }

    private Path signed(Path store, String alias, String name) throws Exception {
        Path copy = Files.copy(TestBundles.MODULES.resolve("netmonitor.jar"), dir.resolve(name));
        jdkTool("jarsigner", "-keystore", store.toString(), "-storepass", "secret", copy.toString(), alias);
        return copy;
    }

    @Test
    void onlyBundlesSignedByTheConfiguredKeyInstall() throws Exception {
        PublicKey ours = keyPair("provider", dir.resolve("ours.p12"));
        keyPair("stranger", dir.resolve("theirs.p12"));
        Path good = signed(dir.resolve("ours.p12"), "provider", "good.jar");
        Path foreign = signed(dir.resolve("theirs.p12"), "stranger", "foreign.jar");
        Path unsigned = TestBundles.MODULES.resolve("netmonitor.jar");

        ContainerRuntime rt = new ContainerRuntime(new ContainerConfig("acme", dir.resolve("sandbox"), Set.of(),
                Optional.of(ours), 10), new ContainerListener() {
                    @Override
                    public void moduleChanged(ModuleStatus status) {}

                    @Override
                    public void filterChanged(String pcapExpression) {}
                });
        rt.start();
        try {
            assertThat(rt.install(ContainerRuntimeTest.request("good", good)).state()).isEqualTo(ModuleState.ACTIVE);
            assertThatThrownBy(() -> rt.install(ContainerRuntimeTest.request("unsigned", unsigned)))
                    .hasMessageContaining("signature check failed").hasMessageContaining("is not signed");
            assertThatThrownBy(() -> rt.install(ContainerRuntimeTest.request("foreign", foreign)))
                    .hasMessageContaining("is not signed by the configured signer");
            assertThat(rt.modules()).extracting(ModuleStatus::name).containsExactly("good");
        } finally {
            rt.close();
        }
    }
}
