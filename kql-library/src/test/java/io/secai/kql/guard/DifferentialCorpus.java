package io.secai.kql.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Queries for the differential test: hostile cases written here, variants a generator splices comments, line
 * terminators, strings and Unicode into, and the shared benchmark corpora (read in place, never copied).
 */
final class DifferentialCorpus {
    private DifferentialCorpus() {
    }

    /** Cases aimed at the places where a reader can disagree with Kusto. */
    static List<String> hostile() {
        String join = "| join (externaldata (x:string) [\"https://evil.example/x.csv\"]) on x";
        List<String> cases = new ArrayList<>();
        for (String end : List.of("\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\u000b", "\f")) {
            cases.add("SecurityIncident | take 1 // x" + end + join);
            cases.add("SecurityIncident | take 1; // x" + end + ".drop table SecurityIncident");
            cases.add("SecurityIncident | take 1 // x" + end + "| union workspace('other').SecurityIncident");
            cases.add("SecurityIncident | take 1 // x" + end + "| evaluate http_request('https://evil.example')");
            cases.add("SecurityIncident // x" + end + "| where Title has 'a' // y" + end + "| take 1");
            cases.add("SecurityIncident | where Title == 'a" + end + "' | take 1");
            cases.add("SecurityIncident | where Title == @'a" + end + "' | take 1");
            cases.add("print x = datetime(2020-01-01" + end + ") | take 1");
            cases.add("#connect cluster('x')" + end + "SecurityIncident | take 1");
            cases.add("SecurityIncident | where Title == ```a" + end + "b``` | take 1");
        }
        cases.addAll(List.of(
                // workspace() arguments the cross-workspace rule reads as one string literal (or refuses).
                "union SecurityIncident, workspace(\"emea\").SecurityIncident | take 1",
                "union SecurityIncident, workspace(@\"em\"\"ea\").SecurityIncident | take 1",
                "union SecurityIncident, workspace('em' 'ea').SecurityIncident | take 1",
                "union SecurityIncident, workspace(h'emea').SecurityIncident | take 1",
                "union SecurityIncident, workspace(```emea```).SecurityIncident | take 1",
                "union SecurityIncident, workspace('em' + 'ea').SecurityIncident | take 1",
                "union SecurityIncident, workspace ( 'emea' ) . SecurityIncident | take 1",
                "print x = ```a\n| join (externaldata (x:string) [\"u\"]) on x```",
                "print x = ```a``` | evaluate python(typeof(*), 'x')",
                "print x = ~~~a ``` b~~~ | take 1",
                "print x = ```unterminated | evaluate python()",
                "print x = ~~~a\n~~~, y = ```b```",
                "SecurityIncident | evaluate r(typeof(*), 'x')",
                "external_data (x:string) ['https://evil.example/x']",
                "SecurityIncident | evaluate infer_storage_schema('x')",
                "evaluate execute_query('cluster', 'T | take 1')",
                "evaluate execute_show_command('cluster', '.show tables')",
                "SecurityIncident | evaluate csharp('x')",
                "evaluate dax_request('x')",
                "external_datatable('x')",
                "SecurityIncident | project ['Ti' + 'tle']",
                "SecurityIncident | project ['ext' 'ernaldata']",
                "SecurityIncident\u00a0| take 1",
                "SecurityIncident\u2003|\u200btake\ufeff1",
                "SecurityIncident\u3000| where true == True and false != FALSE | take 1",
                "print datetime(2020-01-01), datetime( 2020-01-01 10:00 ), guid(74be27de-1e4e-49d9-b579-fe0b331d3642)",
                "print datetime(x | evaluate python()) , int(1), long(null), real(nan), bool(true), decimal(1.5)",
                "print timespan(1d), time(1h), date(2020-01-01), int64(5), int32(3), double(1)",
                "print 'a\\'b // c', \"x\\\"y // z\", @'a''b', @\"c\"\"d\", h'x', H\"y\", h@'z', H@\"w\"",
                "print 'a' 'b' \"c\"",
                "SecurityIncident | project ['Title'], [ \"Severity\" ], ['Status' ]",
                "SecurityIncident | project ['a\\'b'] = Title",
                "SecurityIncident | where Title has_cs 'x' and Title !has 'y' and Status in~ ('a') | take 1",
                "SecurityIncident | mv-expand AlertIds | project-away Title | parse-where Title with * 'a' b",
                "SecurityIncident | make-series n = count() on TimeGenerated from ago(1d) to now() step 1h",
                "SecurityIncident | top-nested 3 of Title by count() | take 1",
                "let x = 1; let f = (t:string) { SecurityIncident | where Title == t }; f('a') | take x",
                "let T = SecurityIncident | where TimeGenerated > ago(1d); T | join kind=inner (SecurityAlert) on x",
                "union SecurityIncident, (SecurityAlert | take 1), SigninLogs | take 1",
                "union withsource=Src isfuzzy=true Security*, SigninLogs | summarize count() by Src",
                "SecurityIncident | lookup kind=leftouter SecurityAlert on $left.x == $right.y",
                "SecurityIncident | where Title in (SecurityAlert | project AlertName)",
                "SecurityIncident | summarize count() by bin(TimeGenerated, 1h) | render timechart",
                "SecurityIncident | mv-apply a = AlertIds on (where a != '' | take 1)",
                "SecurityIncident | partition by Title (take 1)",
                "datatable(a:string, b:int) ['x', 1, 'y', 2] | where b > 1",
                "range x from 1 to 10 step 1 | extend y = x * 2",
                "print x = 1.5e3, y = 0x1F, z = 1_000, w = 10e, v = 5.",
                "print x = 1d, y = 1.5h, z = 10ms, w = 1tick, v = 2.5days, u = 1microsecond",
                "SecurityIncident | where Title matches regex @'^a\\d+' and Title !contains 'x//y'",
                "SecurityIncident | extend a = dynamic({\"k\": [1, 2], \"v\": \"//\"}) | project a.k, a['v']",
                "SecurityIncident | where Title == 'x' // a comment with 'quotes' and ``` fences\n| take 1",
                "// only a comment",
                "SecurityIncident | take 1 // trailing comment without newline",
                "SecurityIncident | where x == 1 ` | take 1",
                "SecurityIncident | where x == 1 ~ 2",
                "print a = 1 \\ 2",
                "search \"x\" | take 1",
                "search in (SecurityIncident, SecurityAlert) \"x\" | take 1",
                "find where Title has 'x' | take 1",
                "union * | take 1",
                "SecurityIncident | as T | join (T) on x",
                "SecurityIncident | invoke f() | take 1",
                "SecurityIncident | evaluate bag_unpack(AlertIds) | project-reorder *",
                "SecurityIncident | evaluate hint.distribution=per_node autocluster()",
                "set notruncation; SecurityIncident | take 1",
                "declare query_parameters(n:long = 10); SecurityIncident | take n",
                "SecurityIncident | where not(isempty(Title)) and isnotnull(toscalar(SecurityAlert | count))",
                "SecurityIncident | extend t = iff(Title == 'a', true, false), u = case(true, 1, 2)",
                "let s = materialize(SecurityIncident | take 10); s | union s",
                "SecurityIncident | fork (where Title == 'a') (take 1)",
                "SecurityIncident | facet by Title, Status with (take 1)",
                "cluster('x').database('y').SecurityIncident | take 1",
                "database('y').SecurityIncident | take 1",
                "SecurityIncident | scan with (step s1: Title == 'a';)",
                "SecurityIncident | project-rename T2 = Title | sort by T2 asc nulls last"));
        return cases;
    }

    /**
     * Splices comments, line terminators, strings and Unicode whitespace into valid queries.
     *
     * @param bases valid queries
     * @param variants variants per base query
     * @param seed the generator's seed, so a failure can be reproduced
     * @return the variants
     */
    static List<String> spliced(List<String> bases, int variants, long seed) {
        Random random = new Random(seed);
        String[] terminators = {"\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085"};
        String[] spaces = {"\u00a0", "\u2003", "\u200b", "\ufeff", "\u3000", "\t", "\f", "\u1680", "\u202f",
                "\u000b", "\u0085", "\u180e"};
        String[] strings = {"@\"a//b\"", "h'x|y'", "```a\n| evaluate python()\nb```", "~~~c // d~~~", "'e\\'f//g'",
                "\"h\\\"i\"", "H@'j''k'", "'l' 'm'"};
        String[] comments = {"// plain", "// it's a 'quote", "// ``` fence", "// \"x\" | evaluate python()",
                "//", "// ~~~"};
        List<String> out = new ArrayList<>();
        for (String base : bases) {
            for (int v = 0; v < variants; v++) {
                String query = base;
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    query = switch (random.nextInt(4)) {
                        case 0 -> insertAtSpace(query, random, " " + comments[random.nextInt(comments.length)]
                                + terminators[random.nextInt(terminators.length)]);
                        case 1 -> replaceSpace(query, random, spaces[random.nextInt(spaces.length)]);
                        case 2 -> replaceString(query, random, strings[random.nextInt(strings.length)]);
                        default -> replaceNewline(query, random, terminators[random.nextInt(terminators.length)]);
                    };
                }
                out.add(query);
            }
        }
        return out;
    }

    private static List<Integer> positionsOf(String query, char c) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < query.length(); i++) {
            if (query.charAt(i) == c) {
                at.add(i);
            }
        }
        return at;
    }

    private static String insertAtSpace(String query, Random random, String text) {
        List<Integer> at = positionsOf(query, ' ');
        if (at.isEmpty()) {
            return query + text;
        }
        int i = at.get(random.nextInt(at.size()));
        return query.substring(0, i) + text + query.substring(i);
    }

    private static String replaceSpace(String query, Random random, String text) {
        List<Integer> at = positionsOf(query, ' ');
        if (at.isEmpty()) {
            return query;
        }
        int i = at.get(random.nextInt(at.size()));
        return query.substring(0, i) + text + query.substring(i + 1);
    }

    private static String replaceNewline(String query, Random random, String text) {
        List<Integer> at = positionsOf(query, '\n');
        if (at.isEmpty()) {
            return query;
        }
        int i = at.get(random.nextInt(at.size()));
        return query.substring(0, i) + text + query.substring(i + 1);
    }

    /** Replaces one string literal (as Kusto reads it) with another form. */
    private static String replaceString(String query, Random random, String literal) {
        List<KqlToken> strings;
        try {
            strings = KqlLexer.tokenize(query).stream().filter(t -> t.type() == KqlToken.Type.STRING).toList();
        } catch (KqlSyntaxException e) {
            return query;
        }
        if (strings.isEmpty()) {
            return query;
        }
        KqlToken token = strings.get(random.nextInt(strings.size()));
        return query.substring(0, token.offset()) + literal + query.substring(token.end());
    }

    /** @return the shared data folder, from {@code -Dsecai.shared-data}, {@code SECAI_SHARED_DATA} or beside the repo */
    static Path sharedData() {
        String property = System.getProperty("secai.shared-data");
        String env = System.getenv("SECAI_SHARED_DATA");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("secai.root", "..")).resolve("../shared/data").normalize();
    }

    /** @return the 230 NL2KQL Defender gold queries, or empty when the data is absent */
    static Optional<List<String>> defenderGold() throws IOException {
        Path file = sharedData().resolve("nl2kql-defender/Defender_Evaluation.jsonl");
        return readJsonLines(file, "baseline");
    }

    /** @return the community hunting queries, or empty when the data is absent */
    static Optional<List<String>> community() throws IOException {
        Path file = sharedData().resolve("kql-community/queries.jsonl");
        return readJsonLines(file, "kql");
    }

    private static Optional<List<String>> readJsonLines(Path file, String field) throws IOException {
        if (!Files.isRegularFile(file)) {
            System.out.println("SKIPPED part of the corpus: no " + file.toAbsolutePath().normalize()
                    + " (set -Dsecai.shared-data or SECAI_SHARED_DATA to the shared data folder)");
            return Optional.empty();
        }
        ObjectMapper json = new ObjectMapper();
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                queries.add(node.path(field).asText());
            }
        }
        return Optional.of(queries);
    }
}
