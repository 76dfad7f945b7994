package io.secai.plugin.fetchurl.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.SecAiException;
import io.secai.plugin.fetchurl.extract.ExtractedPage;
import io.secai.plugin.fetchurl.extract.HtmlCharset;
import io.secai.plugin.fetchurl.extract.DocumentExtractor;
import io.secai.plugin.fetchurl.fetch.FetchOptions;
import io.secai.plugin.fetchurl.fetch.FetchedPage;
import io.secai.plugin.fetchurl.fetch.HostResolver;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code secai fetch}: the extractor on the command line. {@code fetch extract DIR} turns a folder of saved pages
 * into the benchmark's JSON so any corpus can be scored; {@code fetch url URL} prints one live page's main content
 * through the same guarded fetcher the assistant uses.
 */
public final class FetchCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<FetchOptions> options;
    private final HostResolver resolver;
    private final DocumentExtractor extractor;

    /**
     * @param out where results go
     * @param err where messages go
     * @param options the fetch settings, read only when a page is fetched
     * @param extractor reads pages and documents
     * @param resolver the name resolver
     */
    public FetchCommand(PrintStream out, PrintStream err, Supplier<FetchOptions> options,
                        DocumentExtractor extractor, HostResolver resolver) {
        this.out = out;
        this.err = err;
        this.options = options;
        this.extractor = extractor;
        this.resolver = resolver;
    }

    /**
     * @param args the words after {@code fetch}
     * @return the exit code: 0 on success, 2 for a usage error, 1 otherwise
     */
    public int run(List<String> args) {
        CommandLine commandLine = new CommandLine(new Root())
                .addSubcommand(new CommandLine(new Extract()))
                .addSubcommand(new CommandLine(new Url()));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println(exception instanceof SecAiException || exception instanceof IOException
                    ? exception.getMessage() : exception.toString());
            return 1;
        });
        return commandLine.execute(args.toArray(String[]::new));
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Extract the main content of web pages as Markdown.")
    private static final class Root implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = "Read every *.html and *.html.gz file in DIR and print one JSON object "
                    + "{\"<name>\": {\"articleBody\": \"<main content>\"}}; a page that cannot be read gets "
                    + "{\"error\": \"<why>\"} instead and the others go on.")
    private final class Extract implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "folder of saved pages")
        private Path folder;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(folder)) {
                err.println("fetch extract: " + folder + " is not a folder");
                return 2;
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(folder)) {
                files = listing.filter(p -> name(p) != null).sorted().toList();
            }
            ObjectMapper json = new ObjectMapper();
            int errors = 0;
            int fallbacks = 0;
            try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                generator.useDefaultPrettyPrinter();
                generator.writeStartObject();
                for (Path file : files) {
                    generator.writeObjectFieldStart(name(file));
                    try {
                        String html = HtmlCharset.decode(read(file), null, true);
                        ExtractedPage page = extractor.html(html, file.toUri().toString(), () -> false);
                        generator.writeStringField("articleBody", page.markdown());
                        if (!page.notes().isEmpty()) {
                            fallbacks++;
                            generator.writeStringField("note", String.join(" ", page.notes()));
                            err.println("fetch extract: " + file.getFileName() + ": " + page.notes().get(0));
                        }
                    } catch (IOException | RuntimeException e) {
                        // One unreadable file must not cut the JSON for every page after it.
                        errors++;
                        String why = e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage());
                        generator.writeStringField("error", why);
                        err.println("fetch extract: " + file.getFileName() + ": could not be read (" + why + ")");
                    }
                    generator.writeEndObject();
                    generator.flush();
                }
                generator.writeEndObject();
            }
            out.println();
            err.println("fetch extract: " + files.size() + " pages, " + errors + " could not be read, " + fallbacks
                    + " given as plain text");
            return 0;
        }
    }

    @Command(name = "url", mixinStandardHelpOptions = true,
            description = "Fetch a public page (with the assistant's address checks) and print its main content.")
    private final class Url implements Callable<Integer> {
        @Parameters(paramLabel = "URL", description = "an http or https address")
        private String url;

        @Override
        public Integer call() {
            try (SafeFetcher fetcher = new SafeFetcher(options.get(), resolver)) {
                FetchedPage fetched = fetcher.fetch(url);
                ExtractedPage page = extractor.read(fetched, () -> false);
                page.notes().forEach(note -> err.println("fetch url: " + note));
                if (!page.title().isBlank()) {
                    out.println("# " + page.title());
                    out.println();
                }
                out.println("Source: " + page.url() + " (" + page.kind() + ")");
                out.println();
                out.println(page.markdown());
                return 0;
            }
        }
    }

    private static String name(Path file) {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".html.gz")) {
            return fileName.substring(0, fileName.length() - ".html.gz".length());
        }
        if (fileName.endsWith(".html")) {
            return fileName.substring(0, fileName.length() - ".html".length());
        }
        return null;
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            if (file.getFileName().toString().endsWith(".gz")) {
                try (InputStream unzipped = new GZIPInputStream(in)) {
                    return unzipped.readAllBytes();
                }
            }
            return in.readAllBytes();
        }
    }
}
