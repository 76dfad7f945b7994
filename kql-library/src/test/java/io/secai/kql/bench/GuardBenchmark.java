package io.secai.kql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The KQL guard on real and generated queries. Run it with {@code bench/kql-guard.sh}.
 * <ol>
 *   <li>False alarms on the NL2KQL Defender gold queries, all valid KQL for their schema: every refusal is one.</li>
 *   <li>Refusals by kind on the community hunting queries, with the Defender schema and catalog plus the Sentinel
 *       workspace schema as the schema (the same guard {@code kql check} runs).</li>
 *   <li>Time per 100 KB for generated queries of 100 KB, 400 KB and 1 MB (the length cap raised to let them in).</li>
 * </ol>
 */
public final class GuardBenchmark {
    private GuardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> folder = Nl2KqlData.locate();
        if (folder.isPresent()) {
            goldFalseAlarms(folder.get());
            community(folder.get());
        }
        timing();
    }

    private static void goldFalseAlarms(Path folder) throws Exception {
        Nl2KqlData data = Nl2KqlData.load(folder, false);
        KqlGuard guard = new KqlGuard(data.schema(), GuardOptions.defaults());
        int flagged = 0;
        int capped = 0;
        int lint = 0;
        for (Nl2KqlData.Case c : data.cases()) {
            GuardReport report = guard.check(c.goldKql());
            if (!report.passed()) {
                flagged++;
                System.out.println("FALSE ALARM " + report.flags() + "\n" + c.goldKql() + "\n");
            }
            if (report.rowCapAdded()) {
                capped++;
            }
            lint += report.lint().size();
        }
        System.out.printf("gold queries (%s): %d, refused (false alarms) %d, given a row cap %d, lint notes %d%n",
                folder, data.cases().size(), flagged, capped, lint);
    }

    private static void community(Path defenderFolder) throws Exception {
        Path shared = defenderFolder.getParent();
        Path queries = shared.resolve("kql-community/queries.jsonl");
        Path sentinel = shared.resolve("sentinel-workspace-schema.json");
        if (!Files.isRegularFile(queries) || !Files.isRegularFile(sentinel)) {
            System.out.println("SKIPPED community queries: no " + queries + " or " + sentinel);
            return;
        }
        ObjectMapper json = new ObjectMapper();
        SchemaFiles files = new SchemaFiles(json);
        WorkspaceSchema defender = files.read(defenderFolder.resolve("Defender_Schema.json"),
                Optional.of(defenderFolder.resolve("Defender_DataCatalog.yml")));
        // In Sentinel the Defender XDR tables also carry TimeGenerated; half of the community queries target it.
        WorkspaceSchema schema = defender;
        for (var table : defender.tables().values()) {
            List<io.secai.kql.schema.ColumnInfo> columns = new ArrayList<>(table.columns());
            if (columns.stream().noneMatch(c -> c.name().equals("TimeGenerated"))) {
                columns.add(new io.secai.kql.schema.ColumnInfo("TimeGenerated", "datetime"));
            }
            schema = schema.with(new io.secai.kql.schema.TableInfo(table.name(), table.description(), columns,
                    table.keyFields()));
        }
        for (var table : files.read(sentinel, Optional.empty()).tables().values()) {
            if (schema.table(table.name()).isEmpty()) {
                schema = schema.with(table);
            }
        }
        KqlGuard guard = new KqlGuard(schema, new GuardOptions(0, false, true));
        Map<String, Integer> byKind = new TreeMap<>();
        int refused = 0;
        int count = 0;
        List<String> nonPolicy = new ArrayList<>();
        for (String line : Files.readAllLines(queries)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            count++;
            GuardReport report = guard.check(node.path("kql").asText());
            if (report.passed()) {
                continue;
            }
            refused++;
            report.refusals().stream().map(r -> r.kind().name().toLowerCase() + (r.kind().policy() ? " (policy)"
                    : "")).distinct().forEach(kind -> byKind.merge(kind, 1, Integer::sum));
            report.refusals().stream().filter(r -> !r.kind().policy()).findFirst()
                    .ifPresent(r -> nonPolicy.add(node.path("id").asText() + ": " + r.message()));
        }
        System.out.printf("community queries: %d, refused %d; queries per refusal kind: %s%n", count, refused,
                byKind);
        Map<String, Integer> missing = new TreeMap<>();
        nonPolicy.forEach(n -> missing.merge(n.substring(n.indexOf(": ") + 2).replaceAll(" \\(not in.*", "")
                .replaceAll(";.*", ""), 1, Integer::sum));
        missing.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.println("  not in the schema: " + e.getKey() + " x" + e.getValue()));
    }

    private static void timing() {
        KqlGuard guard = new KqlGuard(WorkspaceSchema.of(List.of()), GuardOptions.defaults()
                .withMaxQueryChars(2_000_000));
        String valid = "SecurityEvent | where TimeGenerated > ago(1d) and Account has 'admin' // note\n"
                + "| extend At = datetime(2024-01-01T10:00:00Z), Id = guid(74be27de-1e4e-49d9-b579-fe0b331d3642)\n"
                + "| where CommandLine !contains @\"C:\\Temp\\x\" or Process in~ ('a.exe', \"b.exe\")\n";
        for (String kind : List.of("valid", "datetime(")) {
            for (int size : List.of(100_000, 400_000, 1_000_000)) {
                String unit = kind.equals("valid") ? valid : "datetime(";
                String query = (kind.equals("valid") ? "" : "print x = ") + unit.repeat(size / unit.length() + 1);
                query = query.substring(0, size);
                long[] nanos = new long[9];
                guard.check(query);
                for (int run = 0; run < nanos.length; run++) {
                    long start = System.nanoTime();
                    guard.check(query);
                    nanos[run] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                double msPer100k = nanos[nanos.length / 2] / 1e6 / (size / 100_000.0);
                System.out.printf("guard on a %s query of %d KB: median %.1f ms, %.1f ms per 100 KB%n",
                        kind.equals("valid") ? "generated valid" : "repeated 'datetime('", size / 1000,
                        nanos[nanos.length / 2] / 1e6, msPer100k);
            }
        }
    }
}
