package io.secai.plugin.fetchurl.testing;

import io.secai.testkit.tls.TestTls;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A trust manager for the test certificate authority, as OkHttp needs one next to its socket factory. */
public record TestTrust(SSLContext context, X509TrustManager trustManager) {

    /** @return trust in {@link TestTls#shared()} only */
    public static TestTrust shared() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("secai-test", TestTls.shared().authority());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager manager = (X509TrustManager) factory.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {manager}, null);
            return new TestTrust(context, manager);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not trust the test authority", e);
        }
    }
}
