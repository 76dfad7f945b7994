package io.secai.web;

import io.secai.api.Settings;
import io.secai.web.security.LoginThrottle;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the web frontend listens.
 *
 * @param host the address to bind; {@code 127.0.0.1} by default so that only this machine can connect
 * @param port the TCP port; 0 picks a free one
 * @param token the access token; empty to have one generated at start
 * @param tlsKeystore a PKCS12 or JKS keystore holding the server certificate; empty for plain HTTP
 * @param tlsPassword the keystore's password
 * @param insecureNetwork whether plain HTTP on an address other machines reach is accepted (warned on every start)
 * @param login how wrong access tokens are slowed down
 */
public record WebSettings(String host, int port, String token, Optional<Path> tlsKeystore,
                          Optional<String> tlsPassword, boolean insecureNetwork, LoginThrottle.Limits login) {

    /** The address bound when nothing is configured. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The port bound when nothing is configured. */
    public static final int DEFAULT_PORT = 5000;

    public WebSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("web.host must name an address to bind, such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web.port must be between 0 and 65535, not " + port);
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tlsKeystore, "tlsKeystore");
        Objects.requireNonNull(tlsPassword, "tlsPassword");
        Objects.requireNonNull(login, "login");
    }

    /**
     * Localhost, port 5000, a generated token, plain HTTP.
     *
     * @return the defaults
     */
    public static WebSettings defaults() {
        return new WebSettings(DEFAULT_HOST, DEFAULT_PORT, "", Optional.empty(), Optional.empty(), false,
                LoginThrottle.Limits.DEFAULT);
    }

    /**
     * Reads {@code web.host}, {@code web.port}, {@code web.token}, {@code web.tls.keystore} and
     * {@code web.tls.password}, {@code web.insecure-network}, {@code web.login.free-attempts},
     * {@code web.login.first-delay} and {@code web.login.lockout}.
     *
     * @param settings the merged configuration
     * @return the web settings, defaults where unset
     */
    public static WebSettings from(Settings settings) {
        return new WebSettings(
                settings.string("web.host").orElse(DEFAULT_HOST),
                settings.integer("web.port", DEFAULT_PORT),
                settings.string("web.token").orElse(""),
                settings.string("web.tls.keystore").map(WebSettings::expandHome),
                settings.string("web.tls.password"),
                settings.bool("web.insecure-network", false),
                new LoginThrottle.Limits(
                        settings.integer("web.login.free-attempts", LoginThrottle.Limits.DEFAULT.freeAttempts()),
                        settings.duration("web.login.first-delay", LoginThrottle.Limits.DEFAULT.firstDelay()),
                        settings.duration("web.login.lockout", LoginThrottle.Limits.DEFAULT.lockout())));
    }

    /** @param value the address to bind @return a copy with it */
    public WebSettings withHost(String value) {
        return new WebSettings(value, port, token, tlsKeystore, tlsPassword, insecureNetwork, login);
    }

    /** @param value the port, 0 for any free one @return a copy with it */
    public WebSettings withPort(int value) {
        return new WebSettings(host, value, token, tlsKeystore, tlsPassword, insecureNetwork, login);
    }

    /** @param value the access token, empty to generate one @return a copy with it */
    public WebSettings withToken(String value) {
        return new WebSettings(host, port, value, tlsKeystore, tlsPassword, insecureNetwork, login);
    }

    /**
     * @param keystore the keystore file
     * @param password its password
     * @return a copy serving HTTPS with it
     */
    public WebSettings withTls(Path keystore, String password) {
        return new WebSettings(host, port, token, Optional.of(keystore), Optional.ofNullable(password),
                insecureNetwork, login);
    }

    /**
     * @param value whether to accept plain HTTP on an address other machines reach
     * @return a copy with it
     */
    public WebSettings withInsecureNetwork(boolean value) {
        return new WebSettings(host, port, token, tlsKeystore, tlsPassword, value, login);
    }

    /** @param value how wrong tokens are slowed down @return a copy with it */
    public WebSettings withLogin(LoginThrottle.Limits value) {
        return new WebSettings(host, port, token, tlsKeystore, tlsPassword, insecureNetwork, value);
    }

    /** @return whether the server speaks HTTPS */
    public boolean tls() {
        return tlsKeystore.isPresent();
    }

    /** Names every component but leaves the token and the password out, so that logging the settings is safe. */
    @Override
    public String toString() {
        return "WebSettings[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "(generated)" : "(set)")
                + ", tlsKeystore=" + tlsKeystore.map(Path::toString).orElse("(none)") + ", insecureNetwork=" + insecureNetwork
                + ", login=" + login + "]";
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
