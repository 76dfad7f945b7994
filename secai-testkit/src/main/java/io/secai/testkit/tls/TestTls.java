package io.secai.testkit.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A throw-away certificate authority and one server certificate it signed, for serving fakes over HTTPS.
 *
 * <p>azure-core refuses to send an API key or a bearer token over plain HTTP, so the fakes of Azure OpenAI and Log
 * Analytics must speak TLS. The server certificate names {@code localhost}, {@code 127.0.0.1}, {@code ::1} and any
 * extra host names given, so that a public name routed to a local fake (for example {@code attack.mitre.org}) still
 * passes hostname verification.
 *
 * <p>Use {@link #shared()} in tests: {@link #installAsJvmDefault()} changes JVM-wide state, so a JVM gets one
 * authority. A child process (the {@code secai} launcher started by a test) trusts it through
 * {@link #javaTrustOptions(Path)}.
 */
public final class TestTls {

    private static final char[] PASSWORD = "secai-test".toCharArray();
    /** Names every fake may be reached by; tests that route public names to fakes add theirs here. */
    private static final List<String> DEFAULT_NAMES = List.of(
            "localhost", "127.0.0.1", "::1", "attack.mitre.org", "learn.microsoft.com", "fake-openai.local",
            "api.loganalytics.io", "example.com", "www.example.com");

    private static TestTls shared;

    private final X509Certificate authority;
    private final KeyStore serverKeys;
    private final KeyStore trust;
    /** Written by the first {@link #trustInThisJvm()}; deleted when the JVM exits. */
    private Path jvmTrustStore;

    private TestTls(Set<String> names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256, new SecureRandom());
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeyPair = generator.generateKeyPair();
            X500Name caName = new X500Name("CN=SecAI Test Authority");
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofDays(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(30)));

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter,
                    caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.authority = sign(ca, caKeys);

            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter,
                    new X500Name("CN=localhost"), serverKeyPair.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            X509Certificate serverCertificate = sign(server, caKeys);

            this.serverKeys = KeyStore.getInstance("PKCS12");
            serverKeys.load(null, null);
            serverKeys.setKeyEntry("server", serverKeyPair.getPrivate(), PASSWORD,
                    new X509Certificate[] {serverCertificate, authority});

            this.trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("secai-test-authority", authority);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("could not create the test certificate authority", e);
        }
    }

    /**
     * The authority for this JVM, created on first use, with a server certificate for the default names.
     *
     * @return the shared instance
     */
    public static synchronized TestTls shared() {
        if (shared == null) {
            shared = new TestTls(new LinkedHashSet<>(DEFAULT_NAMES));
        }
        return shared;
    }

    /**
     * An SSL context for a fake server presenting the test certificate.
     *
     * @return the context
     */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(serverKeys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not build the server TLS context", e);
        }
    }

    /**
     * An SSL context for a client that trusts only the test authority.
     *
     * @return the context
     */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not build the client TLS context", e);
        }
    }

    /**
     * Makes every client in this JVM that uses the default SSL context (the JDK HTTP client, and so azure-core's
     * JDK transport) trust the test authority. Idempotent.
     */
    public synchronized void installAsJvmDefault() {
        SSLContext.setDefault(clientContext());
    }

    /**
     * {@link #installAsJvmDefault()}, and also points the {@code javax.net.ssl.trustStore} properties at a trust store
     * holding the authority, for clients that build their own trust managers from them (OkHttp, and so openai-java
     * and the fetch plugin). The file lives in a folder of its own until the JVM exits: a trust store in a test's
     * folder would be gone when a later test's client first reads the properties, and that client would then fail
     * with "problem accessing trust store". Idempotent.
     */
    public synchronized void trustInThisJvm() {
        installAsJvmDefault();
        if (jvmTrustStore == null) {
            try {
                Path folder = Files.createTempDirectory("secai-test-trust");
                folder.toFile().deleteOnExit();
                jvmTrustStore = writeTrustStore(folder);
                jvmTrustStore.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.setProperty("javax.net.ssl.trustStore", jvmTrustStore.toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /**
     * Writes the authority to a PKCS12 trust store.
     *
     * @param directory where to write {@code secai-test-trust.p12}
     * @return the file
     */
    public Path writeTrustStore(Path directory) {
        Path file = directory.resolve("secai-test-trust.p12");
        try {
            Files.createDirectories(directory);
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, PASSWORD);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the trust store", e);
        }
    }

    /**
     * JVM options that make a child Java process trust the test authority.
     *
     * @param directory where to write the trust store
     * @return options to put in {@code JAVA_OPTS} or on the {@code java} command line
     */
    public List<String> javaTrustOptions(Path directory) {
        Path file = writeTrustStore(directory);
        List<String> options = new ArrayList<>();
        options.add("-Djavax.net.ssl.trustStore=" + file.toAbsolutePath());
        options.add("-Djavax.net.ssl.trustStorePassword=" + new String(PASSWORD));
        options.add("-Djavax.net.ssl.trustStoreType=PKCS12");
        return options;
    }

    /** @return the authority's certificate */
    public X509Certificate authority() {
        return authority;
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws org.bouncycastle.operator.OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static GeneralNames alternativeNames(Set<String> names) throws IOException {
        List<GeneralName> entries = new ArrayList<>();
        for (String name : names) {
            if (name.matches("[0-9.]+") || name.contains(":")) {
                entries.add(new GeneralName(GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(name).getAddress())));
            } else {
                entries.add(new GeneralName(GeneralName.dNSName, name));
            }
        }
        return new GeneralNames(entries.toArray(GeneralName[]::new));
    }
}
