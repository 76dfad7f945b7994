package io.secai.terminal.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.secai.engine.Engine;
import io.secai.terminal.DataDirectory;
import io.secai.web.security.StoredToken;
import io.secai.web.WebServer;
import io.secai.web.WebSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code secai web}: serves the chat page on localhost until Ctrl-C. The access token is generated once and kept in
 * the data folder (owner-only) until {@code --rotate-token}; it is shown here once, inside the login link, because
 * the operator needs it to log in; a configured one ({@code web.token}) is never printed.
 */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Serve the web chat page (localhost only unless web.host says otherwise) until Ctrl-C.")
final class WebCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to bind (default: web.host, "
            + "127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The port; 0 picks a free one (default: web.port, "
            + "5000).")
    Integer port;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The access token to require (default: web.token; "
            + "empty generates one). Prefer web.token in application.conf: a command line is visible to other "
            + "users of this machine.")
    String token;

    @Option(names = "--insecure-network", description = "Accept plain HTTP on an address other machines reach "
            + "(default: web.insecure-network). The token then crosses the network unencrypted; a warning is "
            + "printed on every start. Prefer --tls-keystore.")
    boolean insecureNetwork;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with this PKCS12 or JKS "
            + "keystore (default: web.tls.keystore); its password comes from web.tls.password.")
    Path tlsKeystore;

    @Option(names = "--rotate-token", description = "Replace the kept access token (in the data folder, file "
            + StoredToken.FILE + ") by a new one: earlier login links and bearer tokens stop working.")
    boolean rotateToken;

    private final SecAiCommand root;

    WebCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        Engine engine = root.engine();
        WebSettings settings = WebSettings.from(engine.settings());
        if (host != null) {
            settings = settings.withHost(host);
        }
        if (port != null) {
            settings = settings.withPort(port);
        }
        if (token != null) {
            settings = settings.withToken(token);
        }
        boolean configuredToken = !settings.token().isEmpty();
        StoredToken.Loaded stored = null;
        if (!configuredToken) {
            // Kept across restarts, so that a bookmarked login link and scripts' bearer tokens go on working.
            stored = StoredToken.loadOrCreate(DataDirectory.of(engine.settings()).resolve(StoredToken.FILE),
                    new SecureRandom(), rotateToken);
            settings = settings.withToken(stored.token());
        } else if (rotateToken) {
            root.io().err().println("! --rotate-token has no effect: the token comes from web.token or --token.");
        }
        if (insecureNetwork) {
            settings = settings.withInsecureNetwork(true);
        }
        if (tlsKeystore != null) {
            settings = settings.withTls(tlsKeystore, settings.tlsPassword().orElse(""));
        }
        for (String notice : engine.notices()) {
            root.io().err().println("! " + notice);
        }
        root.laterNotices().showThrough(notice -> root.io().err().println("! " + notice));
        WebServer server = WebServer.start(engine, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            root.close();
            stopped.countDown();
        }, "secai-web-stop"));
        server.warnings().forEach(root.io().err()::println);
        root.io().err().flush();
        root.io().out().println("SecAI web is serving " + server.url());
        if (stored != null) {
            // The one place the token is shown: the login link (the browser trades it for a cookie and drops it
            // from the address bar); scripts send it as a bearer token.
            root.io().out().println("Log in by opening this link (it carries the access token, "
                    + (stored.created() ? "new" : "kept") + " in " + DataDirectory.of(engine.settings())
                    .resolve(StoredToken.FILE) + "; --rotate-token replaces it):");
            root.io().out().println("  " + server.loginLink());
        } else {
            root.io().out().println("Log in with the access token configured in web.token.");
        }
        root.io().out().println("Press Ctrl-C to stop.");
        root.io().out().flush();
        stopped.await();
        return 0;
    }
}
