package io.secai.plugin.fetchurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.secai.api.LlmClient;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.plugin.fetchurl.extract.DocumentReader;
import io.secai.plugin.fetchurl.fetch.HostResolver;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import io.secai.plugin.fetchurl.prompt.PagePrompt;
import io.secai.plugin.fetchurl.testing.LocalServer;
import io.secai.plugin.fetchurl.url.UrlFinder;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import io.secai.testkit.plugin.TestPluginContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Documents that are not HTML articles, and a reader that crashes, through the plugin and a local web server. */
class DocumentTypesEndToEndTest {

    private static final String KQL = """
            // Rare AD object deletions
            SecurityEvent
            | where EventID in (5141, 4726)
            | summarize Deletions = count() by Account, bin(TimeGenerated, 1h)
            | where Deletions > 5""";

    private final LocalServer server = LocalServer.http();
    private final FetchUrlPlugin plugin = new FetchUrlPlugin();
    private final ScriptedLlmClient llm = ScriptedLlmClient.alwaysAnswering("Answer.");
    private TestPluginContext pluginContext;

    @BeforeEach
    void start() {
        pluginContext = TestPluginContext.of(Map.of("plugins.fetchurl.allow-hosts", "127.0.0.1:" + server.port(),
                "plugins.fetchurl.max-pdf-pages", "2"));
        plugin.start(pluginContext);
    }

    @AfterEach
    void stop() {
        plugin.close();
        server.close();
    }

    private RecordingTaskContext context() {
        return RecordingTaskContext.builder().client(LlmClient.class, llm).build();
    }

    private String userMessage() {
        return llm.requests().get(0).messages().get(1).content();
    }

    @Test
    void aPdfReportIsReadPageByPageWithinThePageCapAndThePromptSaysItIsAPdf() {
        byte[] pdf = pdf("Threat report: Storm-0000", "Initial access through password spray against VPN portals.",
                "Lateral movement with remote services and scheduled tasks.", "Page three is past the cap.");
        server.on("/report.pdf", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, pdf.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pdf);
            }
        });
        TaskResult result = plugin.run(Task.of("fetchurl", "fetch", "Summarize " + server.url("/report.pdf")),
                context());
        assertThat(result.succeeded()).isTrue();
        String user = userMessage();
        assertThat(user).contains("(data, PDF document, 3 pages):\n")
                .contains("Address: " + server.url("/report.pdf") + ", titled \"Threat report: Storm-0000\"")
                .contains("Initial access through password spray against VPN portals.")
                .contains("Lateral movement with remote services")
                .doesNotContain("Page three is past the cap")
                .contains("Note: Only the first 2 of 3 pages were read (plugins.fetchurl.max-pdf-pages).");
        assertThat(result.warnings()).anyMatch(w -> w.contains("Only the first 2 of 3 pages"));
    }

    @Test
    void aRawKqlFileFromACodeHostIsPassedThroughAsAFencedKustoBlock() {
        server.page("/Azure/Hunting/main/Queries/rare-deletions.kql", "text/plain; charset=utf-8", KQL);
        TaskResult result = plugin.run(Task.of("fetchurl", "fetch", "Explain "
                + server.url("/Azure/Hunting/main/Queries/rare-deletions.kql")), context());
        assertThat(result.succeeded()).isTrue();
        assertThat(userMessage()).contains("(data, KQL query file):\n")
                .contains("```kusto\n" + KQL + "\n```");
    }

    @Test
    void aSigmaRuleIsNamedAsSuchAndFencedAsYaml() {
        String sigma = "title: Suspicious Deletion\nlogsource:\n  product: windows\ndetection:\n  selection:\n"
                + "    EventID: 4726\n  condition: selection\n";
        server.page("/rules/deletion.yml", "text/plain", sigma);
        plugin.run(Task.of("fetchurl", "fetch", "Convert " + server.url("/rules/deletion.yml")), context());
        assertThat(userMessage()).contains("(data, Sigma detection rule (YAML)):\n").contains("```yaml\ntitle:");
    }

    @Test
    void aCrashingReaderEndsTheTaskWithAClearMessage() {
        server.page("/page", "text/html", "<html><body><p>text</p></body></html>");
        FetchUrlConfig config = FetchUrlConfig.from(pluginContext.settings());
        DocumentReader crashing = (page, cancelled) -> {
            throw new IllegalStateException("reader bug");
        };
        try (SafeFetcher fetcher = new SafeFetcher(config.fetch(), HostResolver.SYSTEM)) {
            PageTask task = new PageTask(fetcher, crashing, new UrlFinder(), new PagePrompt(), config);
            TaskResult result = task.run(Task.of("fetchurl", "fetch", "Read " + server.url("/page?token=s3cret")),
                    context());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.markdown()).startsWith("Could not read the page:")
                    .contains(server.url("/page") + "?\u2026: the page could not be read because of an internal "
                            + "error (IllegalStateException)")
                    .doesNotContain("s3cret");
            assertThat(llm.requests()).isEmpty();
        }
    }

    static byte[] pdf(String title, String... pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            document.setDocumentInformation(info);
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
