package org.netserv.sidecar.container;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Gets a module bundle into the container's sandbox and checks it before anything is installed: the
 * download works and is not too big, the SHA-256 is the one asked for, the file is an OSGi bundle, and,
 * when a signer key is configured, every entry is signed with that key. On any failure the partial file
 * is deleted and the reason given.
 */
final class BundleFetcher {
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path downloads;
    private final Optional<PublicKey> signer;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    BundleFetcher(Path downloads, Optional<PublicKey> signer) {
        this.downloads = downloads;
        this.signer = signer;
    }

    /** A checked bundle file, and its symbolic name and version. */
    record Fetched(Path file, String symbolicName, String version, String sha256) {}

    Fetched fetch(String url, String expectedSha256) throws InstallException {
        Path file = downloads.resolve(UUID.randomUUID() + ".jar");
        try {
            Files.createDirectories(downloads);
            String sha = download(URI.create(url), file);
            if (expectedSha256 != null && !expectedSha256.equals(sha)) {
                throw new InstallException("SHA-256 mismatch for " + url + ": expected " + expectedSha256
                        + ", got " + sha);
            }
            Manifest manifest = checkJar(file, url);
            Attributes a = manifest.getMainAttributes();
            String bsn = a.getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw new InstallException("not an OSGi bundle: " + url + " has no Bundle-SymbolicName in its manifest");
            }
            String version = a.getValue("Bundle-Version");
            return new Fetched(file, bsn.split(";")[0].trim(), version == null ? "0.0.0" : version, sha);
        } catch (InstallException e) {
            deleteQuietly(file);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw new InstallException("cannot fetch " + url + ": " + describe(e), e);
        }
    }

    private String download(URI uri, Path file) throws IOException, InstallException {
        MessageDigest sha = sha256();
        try (InputStream in = open(uri); DigestInputStream din = new DigestInputStream(in, sha)) {
            long n = Files.copy(new LimitedInputStream(din, MAX_BYTES), file, StandardCopyOption.REPLACE_EXISTING);
            if (n == 0) {
                throw new InstallException("not an OSGi bundle: " + uri + " is empty");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private InputStream open(URI uri) throws IOException, InstallException {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("file")) {
            return Files.newInputStream(Path.of(uri));
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new InstallException("cannot fetch " + uri + ": HTTP " + resp.statusCode());
        }
        return resp.body();
    }

    private Manifest checkJar(Path file, String url) throws IOException, InstallException {
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new InstallException("not an OSGi bundle: " + url + " has no META-INF/MANIFEST.MF");
            }
            if (signer.isPresent()) {
                verifySignatures(jar, url, signer.get());
            }
            return manifest;
        } catch (java.util.zip.ZipException e) {
            throw new InstallException("not an OSGi bundle: " + url + " is not a jar (" + e.getMessage() + ")");
        } catch (SecurityException e) {
            throw new InstallException("signature check failed for " + url + ": " + e.getMessage());
        }
    }

    /** Every entry outside META-INF must be signed by the configured key (reading an entry verifies it). */
    private static void verifySignatures(JarFile jar, String url, PublicKey key) throws IOException, InstallException {
        byte[] buf = new byte[8192];
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (e.isDirectory() || e.getName().startsWith("META-INF/")) {
                continue;
            }
            try (InputStream in = jar.getInputStream(e)) {
                while (in.read(buf) >= 0) {
                    // reading to the end makes JarFile check the digest against the signature
                }
            }
            Certificate[] certs = e.getCertificates();
            boolean ours = false;
            if (certs != null) {
                for (Certificate c : certs) {
                    ours |= c.getPublicKey().equals(key);
                }
            }
            if (!ours) {
                throw new InstallException("signature check failed for " + url + ": " + e.getName()
                        + (certs == null ? " is not signed" : " is not signed by the configured signer"));
            }
        }
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the sandbox is cleaned when the container stops
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Fails a download that grows beyond the limit instead of filling the disk. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new IOException("bundle larger than " + (limit >> 20) + " MiB");
            }
        }
    }
}
