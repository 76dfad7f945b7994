package io.secai.kql.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Kusto.Language parser (npm {@code @kusto/language-service-next}), run by node over a batch of queries
 * through {@code src/test/node/read-kql.js}. Test-only.
 */
final class KustoReference {
    private final Path script;

    private KustoReference(Path script) {
        this.script = script;
    }

    /**
     * @return the reference parser, or a reason why it cannot run here (no node, or its npm package not installed)
     */
    static Result locate() {
        Path root = Path.of(System.getProperty("secai.root", ".."));
        Path folder = root.resolve("kql-library/src/test/node");
        if (!Files.isDirectory(folder)) {
            folder = Path.of("src/test/node");
        }
        if (!nodeRuns()) {
            return new Result(Optional.empty(), "node is not installed; the differential test against Kusto's own"
                    + " parser needs Node 18+ and 'npm ci' in " + folder);
        }
        if (!Files.isDirectory(folder.resolve("node_modules/@kusto/language-service-next"))) {
            return new Result(Optional.empty(), "Kusto's parser is not installed; run 'npm ci --prefix " + folder
                    + "' (.ci/run does)");
        }
        return new Result(Optional.of(new KustoReference(folder.resolve("read-kql.js").toAbsolutePath())), "");
    }

    /** The reference, or why there is none. */
    record Result(Optional<KustoReference> reference, String whyNot) {
    }

    private static boolean nodeRuns() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param queries the queries, all read by one node process
     * @return one reading per query, in order
     */
    List<JsonNode> read(List<String> queries) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        Process process = new ProcessBuilder("node", script.toString()).directory(script.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(json.writeValueAsBytes(queries));
        }
        byte[] bytes = output.join();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("the reference parser failed: " + new String(bytes, StandardCharsets.UTF_8));
        }
        JsonNode answers = json.readTree(bytes);
        return java.util.stream.StreamSupport.stream(answers.spliterator(), false).toList();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
