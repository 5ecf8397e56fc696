package org.netserv.sidecar.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/** Reads the module signer's X.509 certificate (PEM or DER). */
public final class SignerKeys {
    private SignerKeys() {}

    public static PublicKey load(Path certificate) throws IOException {
        try (InputStream in = Files.newInputStream(certificate)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
        } catch (CertificateException e) {
            throw new IOException("not an X.509 certificate: " + certificate + " (" + e.getMessage() + ")", e);
        }
    }
}
