package io.secai.kql.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.guard.KqlLexer;
import io.secai.kql.guard.KqlToken;
import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

/**
 * KQL injection through every input type of a skill: each hostile value either ends as one inert literal (the
 * query keeps exactly the template's tokens, the value is the literal's content, and the guard passes it) or is
 * refused with a message naming the input. Nothing of a value ever becomes an operator, a command or a comment.
 */
class KqlSkillInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KqlGuard GUARD = new KqlGuard(WorkspaceSchema.of(List.of(new TableInfo("SigninLogs", "",
            List.of(new ColumnInfo("TimeGenerated", "datetime"), new ColumnInfo("UserPrincipalName", "string"),
                    new ColumnInfo("ResultType", "string"), new ColumnInfo("Attempts", "long")), List.of()))),
            GuardOptions.defaults());
    private static final KqlTemplate TEMPLATE = KqlTemplate.of("""
            SigninLogs
            | where TimeGenerated > ago({{Lookback}}) and TimeGenerated >= {{Since}}
            | where UserPrincipalName == {{User}}
            | where ResultType in ({{Codes}})
            | where Attempts > {Minimum}
            | take 100""");
    private static final Map<String, String> SAFE = Map.of("Lookback", "24h", "Since", "2026-12-01",
            "User", "alice@contoso.com", "Codes", "50126,50053", "Minimum", "3");
    private static final Map<String, InputType> TYPES = Map.of("Lookback", InputType.TIMESPAN,
            "Since", InputType.DATETIME, "User", InputType.STRING, "Codes", InputType.STRING_LIST,
            "Minimum", InputType.INT);

    /** Quotes, pipes, semicolons, newlines, management commands, comments and every string opener KQL has. */
    static final String[] HOSTILE = {
        "\"",
        "alice@contoso.com\" | .drop table SigninLogs; //",
        "alice\" or 1==1 or \"",
        "x\n.drop table SigninLogs",
        "x\r\n| take 1000000",
        "a' or 'a'=='a",
        "| getschema",
        "; .set-or-replace T <| SigninLogs",
        ".drop table SigninLogs",
        "// everything after is a comment",
        "/* block",
        "@\"verbatim \\\" still open",
        "h'obfuscated'",
        "```multi-line string opener",
        "'''",
        "\\",
        "\\\"",
        "\\\\\" | count",
        "{{User}}",
        "$left",
        "evil\t| take 5",
        "ß✓ — 雪",
    };

    static List<String> hostile() {
        return List.of(HOSTILE);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileStringEndsAsOneInertLiteral(String hostile) {
        String query = fill(Map.of("User", hostile));

        assertSameShapeAsTheSafeQuery(query);
        List<KqlToken> strings = strings(query);
        assertThat(strings).hasSize(3);
        assertThat(unquote(strings.get(0).text())).isEqualTo(hostile);
        assertThat(GUARD.check(query).passed()).as(query).isTrue();
    }

    @Test
    void hostileListItemsEndAsInertLiteralsWhetherJsonOrCommaSeparated() throws Exception {
        List<String> items = List.of(HOSTILE).stream().filter(value -> !value.contains(",")).toList();
        for (String given : List.of(JSON.writeValueAsString(List.of(HOSTILE)), String.join(",", items))) {
            String query = fill(Map.of("Codes", given));
            List<KqlToken> strings = strings(query);
            List<String> values = new ArrayList<>();
            strings.subList(1, strings.size()).forEach(token -> values.add(unquote(token.text())));
            List<String> expected = given.startsWith("[") ? List.of(HOSTILE)
                    : items.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
            assertThat(values).isEqualTo(expected);
            assertThat(GUARD.check(query).passed()).as(query).isTrue();
            assertThat(KqlLexer.tokenizeWithComments(query)).noneMatch(token -> token.is(";")
                    || token.type() == KqlToken.Type.COMMENT || token.isWord("drop"));
        }
    }

    @Test
    void hostileValuesForIntDatetimeAndTimespanAreRefusedByName() {
        for (String hostile : HOSTILE) {
            for (String input : List.of("Minimum", "Since", "Lookback")) {
                assertThatThrownBy(() -> fill(Map.of(input, hostile))).as("%s = %s", input, hostile)
                        .isInstanceOf(SkillInputException.class).hasMessageContaining("The input " + input);
            }
        }
        for (String hostile : List.of("3 | take 1000000", "3;", "0x10", "3 3", "1e3", "3) or (1==1")) {
            assertThatThrownBy(() -> fill(Map.of("Minimum", hostile))).isInstanceOf(SkillInputException.class);
        }
        assertThatThrownBy(() -> fill(Map.of("Since", "2026-12-01T00:00:00Z) | take 5 //")))
                .isInstanceOf(SkillInputException.class);
        assertThatThrownBy(() -> fill(Map.of("Lookback", "24h) | take 5 //")))
                .isInstanceOf(SkillInputException.class);
        assertThatThrownBy(() -> fill(Map.of("User", "nul\u0000byte"))).hasMessageContaining("control character");
        assertThatThrownBy(() -> fill(Map.of("User", "line\u2028separator"))).hasMessageContaining("U+2028");
        assertThatThrownBy(() -> fill(Map.of("User", "x".repeat(1001)))).hasMessageContaining("1001 characters");
    }

    @Test
    void typedValuesAreWrittenFromTheParsedValue() {
        String query = fill(Map.of());

        assertThat(query).contains("ago(timespan(24h))", ">= datetime(2026-12-01T00:00:00Z)",
                "== \"alice@contoso.com\"", "in (\"50126\", \"50053\")", "> long(3)");
        assertThat(KqlLiterals.literal("t", InputType.TIMESPAN, "PT1H30M")).isEqualTo("timespan(5400s)");
        assertThat(KqlLiterals.literal("l", InputType.STRING_LIST, "50126")).isEqualTo("\"50126\"");
        assertThat(KqlLiterals.literal("d", InputType.DATETIME, "2026-12-01T08:00:00+02:00"))
                .isEqualTo("datetime(2026-12-01T06:00:00Z)");
        assertThat(GUARD.check(query).passed()).isTrue();
    }

    @Test
    void aPlaceholderInsideAStringOrACommentIsRefusedWhenTheTemplateIsRead() {
        assertThatThrownBy(() -> KqlTemplate.of("SigninLogs | where UserPrincipalName == \"user: {{User}}\""))
                .hasMessageContaining("{{User}} sits inside a string or a comment");
        assertThat(KqlTemplate.of("SigninLogs | where UserPrincipalName == '{{User}}'").fill(Map.of("User",
                KqlLiterals.literal("User", InputType.STRING, "o'brien\" | take 5"))))
                .as("a placeholder quoted whole, as Security Copilot writes it, is one literal")
                .isEqualTo("SigninLogs | where UserPrincipalName == \"o'brien\\\" | take 5\"");
        assertThatThrownBy(() -> KqlTemplate.of("SigninLogs // {{User}}\n| take 1"))
                .hasMessageContaining("{{User}}");
        assertThatThrownBy(() -> KqlTemplate.of("SigninLogs | where x == @'{User}'"))
                .hasMessageContaining("{{User}}");
        assertThat(KqlTemplate.of("SigninLogs | where UserPrincipalName == {{ User }} and x == {User}").placeholders())
                .containsExactly("User");
    }

    @Test
    void aManagementCommandTemplateFillsButTheGuardRefusesIt() {
        KqlTemplate template = KqlTemplate.of(".drop table {{Table}}");
        String query = template.fill(Map.of("Table", KqlLiterals.literal("Table", InputType.STRING, "SigninLogs")));

        GuardReport report = GUARD.check(query);
        assertThat(report.passed()).isFalse();
    }

    private static String fill(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(SAFE);
        values.putAll(overrides);
        Map<String, String> literals = new LinkedHashMap<>();
        values.forEach((name, value) -> literals.put(name, KqlLiterals.literal(name, TYPES.get(name), value)));
        return TEMPLATE.fill(literals);
    }

    private static void assertSameShapeAsTheSafeQuery(String query) {
        List<KqlToken> safe = KqlLexer.tokenizeWithComments(fill(Map.of()));
        List<KqlToken> tokens = KqlLexer.tokenizeWithComments(query);
        assertThat(tokens).as(query).hasSameSizeAs(safe);
        for (int i = 0; i < safe.size(); i++) {
            assertThat(tokens.get(i).type()).isEqualTo(safe.get(i).type());
            if (safe.get(i).type() != KqlToken.Type.STRING) {
                assertThat(tokens.get(i).text()).isEqualTo(safe.get(i).text());
            }
        }
    }

    private static List<KqlToken> strings(String query) {
        return KqlLexer.tokenizeWithComments(query).stream().filter(token -> token.type() == KqlToken.Type.STRING)
                .toList();
    }

    /** A double-quoted literal's value, as Kusto reads its escapes. */
    private static String unquote(String literal) {
        assertThat(literal).startsWith("\"").endsWith("\"");
        String inside = literal.substring(1, literal.length() - 1);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '\\') {
                char next = inside.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }
}
