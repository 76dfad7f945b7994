package io.secai.kql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.kql.guard.KqlLexer;
import io.secai.kql.guard.KqlToken;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The NL2KQL Defender set, read from the shared data folder (never copied into the repository). */
record Nl2KqlData(WorkspaceSchema schema, List<Case> cases) {

    /** One question, its gold query and the schema tables the gold query names. */
    record Case(String question, String goldKql, Set<String> goldTables) {
    }

    /** @return the folder, or empty (after printing why) when the data is absent */
    static Optional<Path> locate() {
        String override = System.getenv("SECAI_SHARED_DATA");
        Path base = override == null || override.isBlank() ? Path.of("..", "shared", "data") : Path.of(override);
        Path folder = base.resolve("nl2kql-defender");
        if (!Files.isRegularFile(folder.resolve("Defender_Evaluation.jsonl"))) {
            System.out.println("SKIPPED: no NL2KQL data at " + folder.toAbsolutePath().normalize()
                    + " (set SECAI_SHARED_DATA to the shared data folder)");
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    static Nl2KqlData load(Path folder, boolean withCatalog) throws IOException {
        ObjectMapper json = new ObjectMapper();
        WorkspaceSchema schema = new SchemaFiles(json).read(folder.resolve("Defender_Schema.json"),
                withCatalog ? Optional.of(folder.resolve("Defender_DataCatalog.yml")) : Optional.empty());
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("Defender_Evaluation.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            String kql = node.path("baseline").asText();
            cases.add(new Case(node.path("context").asText(), kql, tablesNamedIn(kql, schema)));
        }
        return new Nl2KqlData(schema, cases);
    }

    /** Gold tables, as DESIGN.md defines them: the schema's tables that the gold query names. */
    static Set<String> tablesNamedIn(String kql, WorkspaceSchema schema) {
        Set<String> named = new LinkedHashSet<>();
        List<KqlToken> tokens = KqlLexer.tokenize(kql);
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            boolean afterDot = i > 0 && tokens.get(i - 1).is(".");
            if (token.type() == KqlToken.Type.IDENTIFIER && !afterDot && schema.tables().containsKey(token.text())) {
                named.add(token.text());
            }
        }
        return named;
    }
}
