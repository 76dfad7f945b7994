package io.secai.demo;

import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo's web site: a threat-intelligence page to turn into a detection, and a KQL optimisation guide, served
 * over plain HTTP on loopback under a name in the reserved {@code .test} domain, which no DNS answers. The fetch
 * plugin reaches it only because the demo routes that one name to this server ({@code connect-to}) and allows it
 * ({@code allow-hosts}); see {@link DemoWorld#settings}.
 */
final class DemoPages implements AutoCloseable {

    /** The demo site's host name: reserved for testing (RFC 6761), so it can never name a real site. */
    static final String HOST = "intel.demo.secai.test";
    static final String TECHNIQUE_PATH = "/techniques/hidden-inbox-rules";
    static final String GUIDE_PATH = "/guides/kql-optimization";

    private static final Map<String, String> PAGES = Map.of(TECHNIQUE_PATH, """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <title>Hidden inbox rules (T1564.008) - Demo Threat Intelligence</title></head><body>
            <nav><a href="/">Demo Threat Intelligence</a> | <a href="/techniques">Techniques</a></nav>
            <main><article>
            <h1>Hidden inbox rules after a password spray</h1>
            <p>Technique: Hide Artifacts: Email Hiding Rules (T1564.008), tactic Defense Evasion.</p>
            <p>After a successful password spray, attackers sign in to the mailbox and create an inbox rule so that
            the victim does not see warnings: messages whose subject or body contains words such as
            <code>security</code>, <code>password</code> or <code>invoice</code> are moved to a rarely opened folder
            (often <em>RSS Subscriptions</em> or <em>Conversation History</em>), marked as read, or deleted.</p>
            <h2>What to look for</h2>
            <ul>
            <li>Exchange audit events <code>New-InboxRule</code>, <code>Set-InboxRule</code> and
            <code>UpdateInboxRules</code> in the <code>OfficeActivity</code> table.</li>
            <li>Rule parameters <code>MoveToFolder</code>, <code>DeleteMessage</code> or <code>MarkAsRead</code>
            together with <code>SubjectOrBodyContainsWords</code>.</li>
            <li>A client IP that also appears in failed sign-ins of the same user shortly before.</li>
            </ul>
            <h2>Example detection</h2>
            <pre><code>OfficeActivity
            | where Operation in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules")
            | where Parameters contains "MoveToFolder" or Parameters contains "DeleteMessage"
            | project TimeGenerated, UserId, ClientIP, Operation, Parameters</code></pre>
            </article></main>
            <footer>Demo content written for SecAI's demo. Not a real threat report.</footer>
            </body></html>
            """, GUIDE_PATH, """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <title>Optimise KQL queries - Demo Guide</title></head><body>
            <main><article>
            <h1>Optimise KQL queries</h1>
            <ol>
            <li>Filter on <code>TimeGenerated</code> first: tables are partitioned by time, so a time filter at the
            top lets the engine skip whole partitions.</li>
            <li>Prefer <code>has</code> and <code>has_any</code> over <code>contains</code>: they use the term
            index; <code>contains</code> scans every value.</li>
            <li>Filter on the most selective column (such as <code>Operation</code>) before parsing JSON.</li>
            <li><code>project</code> only the columns you need, as early as you can.</li>
            </ol>
            </article></main>
            <footer>Demo content written for SecAI's demo.</footer>
            </body></html>
            """);

    private final LoopbackServer server;

    private DemoPages() {
        this.server = LoopbackServer.http("secai-demo-web").on("/", this::handle);
    }

    static DemoPages start() {
        return new DemoPages();
    }

    int port() {
        return server.port();
    }

    static String url(String path) {
        return "http://" + HOST + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String html = "GET".equals(exchange.getRequestMethod()) ? PAGES.get(exchange.getRequestURI().getPath()) : null;
        byte[] body = (html == null ? "<html><body><h1>Not found</h1></body></html>" : html)
                .getBytes(StandardCharsets.UTF_8);
        LoopbackServer.send(exchange, html == null ? 404 : 200, "text/html; charset=utf-8", body, Map.of());
    }

    @Override
    public void close() {
        server.close();
    }
}
