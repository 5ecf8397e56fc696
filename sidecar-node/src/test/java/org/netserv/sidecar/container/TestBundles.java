package org.netserv.sidecar.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes small bundles (manifest plus classes from the test class path) for the failure cases. */
final class TestBundles {
    private TestBundles() {}

    static final Path MODULES = Path.of("target", "modules");
    static final Path TEST_MODULES = Path.of("target", "test-modules");

    static Path jar(Path dir, String fileName, Map<String, String> headers, Class<?>... classes) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Path out = dir.resolve(fileName);
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, mf)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return out;
    }

    static Map<String, String> bundle(String bsn) {
        return Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", bsn, "Bundle-Version", "1.0.0");
    }
}
