package io.secai.kql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The community hunting queries written out as the Markdown pages they came from, so that benchmarks measure the
 * real {@link io.secai.kql.examples.ExampleReader} and index. One page per {@code path} of queries.jsonl; every
 * example read from a page has an id starting with {@link #pageId} of that path.
 */
final class CommunityLibrary implements AutoCloseable {
    private final Path folder;
    private final int queries;
    private final int pages;

    private CommunityLibrary(Path folder, int queries, int pages) {
        this.folder = folder;
        this.queries = queries;
        this.pages = pages;
    }

    /** Writes the pages to a new temporary folder, deleted by {@link #close}. */
    static CommunityLibrary write(Path shared) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> pages = new LinkedHashMap<>();
        for (String line : Files.readAllLines(shared.resolve("kql-community/queries.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                pages.computeIfAbsent(node.path("path").asText(), p -> new ArrayList<>()).add(node);
            }
        }
        Path folder = Files.createTempDirectory("secai-kql-library");
        int queries = 0;
        for (Map.Entry<String, List<JsonNode>> page : pages.entrySet()) {
            StringBuilder md = new StringBuilder();
            JsonNode first = page.getValue().get(0);
            md.append("# ").append(first.path("title").asText()).append("\n\n#### Description\n")
                    .append(first.path("description").asText()).append("\n\n");
            for (JsonNode query : page.getValue()) {
                md.append("## ").append(query.path("platform").asText()).append("\n```KQL\n")
                        .append(query.path("kql").asText().replace("```", "` ` `")).append("\n```\n\n");
                queries++;
            }
            Files.writeString(folder.resolve(pageId(page.getKey())), md);
        }
        return new CommunityLibrary(folder, queries, pages.size());
    }

    /** The file name (and so the example id prefix) of the page for a queries.jsonl {@code path}. */
    static String pageId(String path) {
        String file = path.replaceAll("[^A-Za-z0-9._-]", "_");
        return file.endsWith(".md") ? file : file + ".md";
    }

    /** The page part of an example id. */
    static String pageOf(String exampleId) {
        return exampleId.replaceFirst("#.*$", "");
    }

    Path folder() {
        return folder;
    }

    int queries() {
        return queries;
    }

    int pages() {
        return pages;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
