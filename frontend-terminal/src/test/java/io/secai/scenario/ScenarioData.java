package io.secai.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.testkit.loganalytics.FakeWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's two sample sessions as the shared data folder holds them ({@code scenario/sessions.json} and the files
 * it names), plus the workspace they run against: the tables and columns of {@code sentinel-workspace-schema.json}
 * with the sample rows of {@code scenario/workspace/samples.json}. Read at test time, never copied into the repo.
 *
 * @param folder the shared data folder
 * @param sessions the sessions, in order
 * @param workspace the fake workspace's tables
 */
record ScenarioData(Path folder, List<Session> sessions, FakeWorkspace workspace) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One sample session.
     *
     * @param name its name in {@code sessions.json}
     * @param prompts its prompts, in order
     */
    record Session(String name, List<Prompt> prompts) {
    }

    /**
     * One prompt and what the outside world answers to it.
     *
     * @param number its position across both sessions, from 1 (as the scenario's file names count)
     * @param text what the analyst types
     * @param queryResult the Log Analytics response body for its data query, when it runs one
     * @param url the page it names, when it reads one
     * @param page that page's HTML
     * @param answer what the model writes for its narrative step, when it has one
     */
    record Prompt(int number, String text, Optional<String> queryResult, Optional<URI> url, Optional<String> page,
                  Optional<String> answer) {

        /** @return whether the prompt is answered from Sentinel data */
        boolean asksSentinel() {
            return queryResult.isPresent();
        }

        /** @return whether the prompt names a page to read */
        boolean readsPage() {
            return url.isPresent();
        }
    }

    /**
     * The shared data folder: {@code SECAI_SHARED_DATA}, else {@code <repo>/../shared/data} with the repo taken from
     * the {@code secai.root} system property (surefire sets it), else from the working folder.
     *
     * @return the folder, whether or not it exists
     */
    static Path sharedDataFolder() {
        String configured = System.getenv("SECAI_SHARED_DATA");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String root = System.getProperty("secai.root");
        Path repo = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root);
        return repo.resolve("..").resolve("shared").resolve("data").normalize();
    }

    /**
     * @param shared the shared data folder
     * @return the scenario, or empty when the folder does not hold it
     */
    static Optional<ScenarioData> load(Path shared) {
        Path scenario = shared.resolve("scenario");
        if (!Files.isRegularFile(scenario.resolve("sessions.json"))
                || !Files.isRegularFile(shared.resolve("sentinel-workspace-schema.json"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScenarioData(shared, sessions(scenario), workspace(shared, scenario)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario in " + scenario, e);
        }
    }

    /** @return every prompt of both sessions, in order */
    List<Prompt> allPrompts() {
        return sessions.stream().flatMap(session -> session.prompts().stream()).toList();
    }

    private static List<Session> sessions(Path scenario) throws IOException {
        JsonNode root = JSON.readTree(scenario.resolve("sessions.json").toFile());
        List<Session> sessions = new ArrayList<>();
        int number = 0;
        for (JsonNode session : root.path("sessions")) {
            List<Prompt> prompts = new ArrayList<>();
            for (JsonNode prompt : session.path("prompts")) {
                number++;
                prompts.add(new Prompt(number, prompt.path("prompt").asText(),
                        file(scenario, prompt, "query_result"),
                        text(prompt, "url").map(URI::create),
                        file(scenario, prompt, "page"),
                        file(scenario, prompt, "answer")));
            }
            sessions.add(new Session(session.path("name").asText(), List.copyOf(prompts)));
        }
        return List.copyOf(sessions);
    }

    private static FakeWorkspace workspace(Path shared, Path scenario) throws IOException {
        JsonNode schema = JSON.readTree(shared.resolve("sentinel-workspace-schema.json").toFile());
        Path samplesFile = scenario.resolve("workspace").resolve("samples.json");
        JsonNode samples = Files.isRegularFile(samplesFile) ? JSON.readTree(samplesFile.toFile())
                : JSON.createObjectNode();
        FakeWorkspace workspace = FakeWorkspace.empty();
        Iterator<Map.Entry<String, JsonNode>> tables = schema.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> table = tables.next();
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : samples.path(table.getKey()).path("tables").path(0).path("rows")) {
                List<Object> cells = new ArrayList<>();
                row.forEach(cell -> cells.add(JSON.convertValue(cell, Object.class)));
                rows.add(cells);
            }
            workspace = workspace.withTable(table.getKey(), table.getValue().asText(), rows);
        }
        return workspace;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<String> file(Path scenario, JsonNode node, String field) throws IOException {
        Optional<String> name = text(node, field);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(scenario.resolve(name.get())));
    }

    /**
     * The rows of a Log Analytics response body (its first table).
     *
     * @param responseJson {@code {"tables":[{"columns","rows"}]}}
     * @return the rows, cells as JSON values
     */
    static List<List<Object>> rowsOf(String responseJson) {
        try {
            JsonNode table = JSON.readTree(responseJson).path("tables").path(0);
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : table.path("rows")) {
                List<Object> cells = new ArrayList<>();
                row.forEach(cell -> cells.add(JSON.convertValue(cell, Object.class)));
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("not a Log Analytics response", e);
        }
    }

    /**
     * The column names of a Log Analytics response body (its first table).
     *
     * @param responseJson {@code {"tables":[{"columns","rows"}]}}
     * @return the names, in order
     */
    static List<String> columnsOf(String responseJson) {
        try {
            List<String> names = new ArrayList<>();
            JSON.readTree(responseJson).path("tables").path(0).path("columns")
                    .forEach(column -> names.add(column.path("name").asText()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("not a Log Analytics response", e);
        }
    }
}
