package io.secai.plugin.fetchurl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.plugin.fetchurl.extract.DocumentExtractor;
import io.secai.plugin.fetchurl.extract.MainContentExtractor;
import io.secai.plugin.fetchurl.fetch.FetchOptions;
import io.secai.plugin.fetchurl.fetch.HostResolver;
import io.secai.plugin.fetchurl.testing.LocalServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchCommandTest {

    private static final String PAGE = "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav>"
            + "<article><p>The main text of the article, long enough to be recognised as the content of the page.</p>"
            + "</article><footer>Footer text</footer></body></html>";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private FetchCommand command(FetchOptions options) {
        return command(options, DocumentExtractor.withDefaults());
    }

    private FetchCommand command(FetchOptions options, DocumentExtractor extractor) {
        return new FetchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> options, extractor, HostResolver.SYSTEM);
    }

    @Test
    void extractRecordsAnErrorForAnUnreadablePageAndGoesOnWithValidJson(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("a-first.html"), PAGE);
        Files.write(folder.resolve("b-broken.html.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        Files.writeString(folder.resolve("c-after.html"), PAGE.replace("main text", "later text"));

        int exit = command(FetchOptions.DEFAULTS).run(List.of("extract", folder.toString()));

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.fieldNames()).toIterable().containsExactly("a-first", "b-broken", "c-after");
        assertThat(json.path("b-broken").path("error").asText()).contains("EOFException");
        assertThat(json.path("c-after").path("articleBody").asText()).contains("later text");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("b-broken.html.gz: could not be read")
                .contains("3 pages, 1 could not be read");
    }

    @Test
    void extractGivesACrashingPageAsPlainTextWithANoteAndGoesOn(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("crash.html"), PAGE.replace("main text", "CRASH text"));
        Files.writeString(folder.resolve("fine.html"), PAGE);
        MainContentExtractor real = new MainContentExtractor();
        DocumentExtractor crashingOnOne = new DocumentExtractor((html, url, deadline) -> {
            if (html.contains("CRASH")) {
                throw new IllegalStateException("extractor bug");
            }
            return real.extract(html, url, deadline);
        }, Duration.ofSeconds(5), 10);

        int exit = command(FetchOptions.DEFAULTS, crashingOnOne).run(List.of("extract", folder.toString()));

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.path("crash").path("articleBody").asText()).contains("CRASH text").contains("Footer text");
        assertThat(json.path("crash").path("note").asText()).contains("IllegalStateException");
        assertThat(json.path("fine").path("articleBody").asText()).startsWith("The main text")
                .doesNotContain("Footer");
    }

    @Test
    void extractWritesOneJsonObjectKeyedByFileNameWithoutExtensions(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("plain.html"), PAGE);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("zipped.html.gz")))) {
            gz.write(PAGE.replace("main text", "zipped text").getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(folder.resolve("notes.txt"), "not a page");

        int exit = command(FetchOptions.DEFAULTS).run(List.of("extract", folder.toString()));

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.fieldNames()).toIterable().containsExactly("plain", "zipped");
        assertThat(json.path("plain").path("articleBody").asText()).startsWith("The main text of the article")
                .doesNotContain("Footer").doesNotContain("About");
        assertThat(json.path("zipped").path("articleBody").asText()).contains("zipped text");
    }

    @Test
    void extractOfAMissingFolderIsAUsageError(@TempDir Path folder) {
        assertThat(command(FetchOptions.DEFAULTS).run(List.of("extract", folder.resolve("nope").toString())))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a folder");
    }

    @Test
    void urlPrintsTheMainContentOfALivePage() {
        try (LocalServer server = LocalServer.http()) {
            server.page("/a", "text/html", PAGE.replace("<body>", "<head><title>A page</title></head><body>"));
            int exit = command(FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port())))
                    .run(List.of("url", server.url("/a")));
            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("# A page")
                    .contains("Source: " + server.url("/a")).contains("The main text").doesNotContain("Footer");
        }
    }

    @Test
    void urlRefusesAnInternalAddressWithAMessageAndNoStackTrace() {
        int exit = command(FetchOptions.DEFAULTS).run(List.of("url", "http://127.0.0.1:9/"));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("loopback").doesNotContain("\tat ");
    }

    @Test
    void withoutASubcommandItPrintsUsage() {
        assertThat(command(FetchOptions.DEFAULTS).run(List.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("extract").contains("url");
    }
}
