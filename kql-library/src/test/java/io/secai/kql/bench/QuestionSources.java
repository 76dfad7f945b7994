package io.secai.kql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.guard.KqlSyntaxException;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every question source the table shortlist is measured on, each with the schema its questions are asked against.
 *
 * <ul>
 *   <li>{@code defender}: the NL2KQL Defender set over its own 29-table schema (and, optionally, its catalog);</li>
 *   <li>{@code community}: the community hunting queries, title and description as the question, the tables the
 *       KQL names as the gold, over a union schema (below); queries naming none of its tables are left out;</li>
 *   <li>{@code own}: Sentinel-style questions written for this benchmark ({@code bench/sentinel-questions.jsonl} on
 *       the test class path) over the same union schema.</li>
 * </ul>
 * The union schema is what a Sentinel workspace with the Defender XDR connector looks like: the Defender tables
 * (with the catalog when asked), the 32 tables of the real workspace schema in the shared data, and eight
 * well-known Sentinel tables the two lack ({@code bench/sentinel-extra-tables.json}: AWSCloudTrail, OfficeActivity,
 * SecurityEvent, Syslog, CommonSecurityLog, Event, DnsEvents, AADUserRiskEvents), names and columns only, as a
 * freshly read workspace has them.
 */
record QuestionSources(List<Source> sources) {
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)");

    /**
     * One question and the tables a right answer reads; {@code group} keeps near-copies in one fold;
     * {@code tablesOutside} counts the tables its query reads that the schema lacks (the guard's unknown-table
     * refusals): they are not in the gold, so no ranker is asked for them, but the question is about them too.
     */
    record Case(String question, Set<String> goldTables, String group, int tablesOutside) {
        Case(String question, Set<String> goldTables, String group) {
            this(question, goldTables, group, 0);
        }
    }

    /** A named set of cases over one schema. */
    record Source(String name, WorkspaceSchema schema, List<Case> cases) {
    }

    static QuestionSources load(Path sharedData, boolean withCatalog) throws IOException {
        ObjectMapper json = new ObjectMapper();
        SchemaFiles files = new SchemaFiles(json);
        Path defenderFolder = sharedData.resolve("nl2kql-defender");
        Nl2KqlData defender = Nl2KqlData.load(defenderFolder, withCatalog);
        List<Case> defenderCases = new ArrayList<>();
        for (Nl2KqlData.Case c : defender.cases()) {
            if (!c.goldTables().isEmpty()) {
                defenderCases.add(new Case(c.question(), c.goldTables(), c.question(),
                        tablesOutside(c.goldKql(), defender.schema())));
            }
        }
        Map<String, TableInfo> union = new LinkedHashMap<>(defender.schema().tables());
        WorkspaceSchema sentinel = files.read(sharedData.resolve("sentinel-workspace-schema.json"), Optional.empty());
        sentinel.tables().values().forEach(t -> union.putIfAbsent(t.name(), t));
        WorkspaceSchema extra = files.parse(json.readTree(resource("bench/sentinel-extra-tables.json")),
                "sentinel-extra-tables.json");
        extra.tables().values().forEach(t -> union.putIfAbsent(t.name(), t));
        WorkspaceSchema unionSchema = WorkspaceSchema.of(union.values());

        List<Case> community = new ArrayList<>();
        for (String line : Files.readAllLines(sharedData.resolve("kql-community/queries.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            String title = node.path("title").asText("");
            if (title.startsWith("*")) {
                continue; // the collection's template page
            }
            Set<String> gold = tablesRead(node.path("kql").asText(""), unionSchema);
            String question = (title + ". " + node.path("description").asText("")).strip();
            if (!gold.isEmpty() && !question.isBlank()) {
                community.add(new Case(question, gold, node.path("path").asText(question),
                        tablesOutside(node.path("kql").asText(""), unionSchema)));
            }
        }
        List<Case> own = new ArrayList<>();
        for (String line : new String(resource("bench/sentinel-questions.jsonl").readAllBytes(),
                StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            Set<String> gold = new LinkedHashSet<>();
            node.path("tables").forEach(t -> gold.add(t.asText()));
            for (String table : gold) {
                if (!unionSchema.tables().containsKey(table)) {
                    throw new IllegalStateException("own question names a table outside the schema: " + table);
                }
            }
            own.add(new Case(node.path("question").asText(), gold, node.path("question").asText()));
        }
        return new QuestionSources(List.of(new Source("defender", defender.schema(), defenderCases),
                new Source("community", unionSchema, community), new Source("own", unionSchema, own)));
    }

    /** The schema's tables a query names; a query the lexer cannot read is scanned for identifiers instead. */
    static Set<String> tablesRead(String kql, WorkspaceSchema schema) {
        try {
            return Nl2KqlData.tablesNamedIn(kql, schema);
        } catch (KqlSyntaxException unreadable) {
            Set<String> named = new LinkedHashSet<>();
            Matcher m = IDENTIFIER.matcher(kql);
            while (m.find()) {
                if (schema.tables().containsKey(m.group(1))) {
                    named.add(m.group(1));
                }
            }
            return named;
        }
    }

    /** How many tables a query reads that the schema lacks, as the guard sees it (0 when it cannot read it). */
    static int tablesOutside(String kql, WorkspaceSchema schema) {
        try {
            return (int) new KqlGuard(schema, new GuardOptions(0, false, false)).check(kql).refusals().stream()
                    .filter(r -> r.kind() == GuardReport.Kind.UNKNOWN_TABLE).count();
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = QuestionSources.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing test resource " + name);
        }
        return in;
    }
}
