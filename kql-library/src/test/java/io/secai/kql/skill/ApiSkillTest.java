package io.secai.kql.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API skill files: what is read, what is refused with path/line/reason, and how values are placed. */
class ApiSkillTest {

    static final String LOOKUP = """
            kind: api
            name: domain-reputation
            description: Look up a domain's reputation on the threat-intelligence service
            inputs:
              - name: Domain
                description: the domain, such as contoso.com
              - name: Limit
                type: int
                default: 10
            method: GET
            url: https://www.example.com/api/v3/domains/{{Domain}}/report?limit={{Limit}}&fields=all
            headers:
              X-Api-Key: settings:skills.api.intel.key
              Accept: application/json
            rows: /data/items
            """;

    static final String SEARCH = """
            kind: api
            name: ioc-search
            description: Search indicators by value
            inputs:
              - name: Value
              - name: Kinds
                type: list
              - name: Since
                type: datetime
            method: POST
            url: https://www.example.com/api/search
            headers:
              Authorization: Bearer settings:skills.api.intel.token
            body:
              query:
                value: "{{Value}}"
                kinds: "{{Kinds}}"
                note: "asked for {{Value}}"
              since: "{{Since}}"
              limit: 5
            rows: /results
            """;

    @TempDir
    Path folder;

    private static ApiSkill read(String text) {
        SkillFiles.Loaded loaded = new SkillFiles().read(text, "skill.yaml");
        assertThat(loaded.problems()).isEmpty();
        return loaded.apiSkills().get(0);
    }

    private static String problem(String text) {
        SkillFiles.Loaded loaded = new SkillFiles().read(text, "bad.yaml");
        assertThat(loaded.apiSkills()).isEmpty();
        assertThat(loaded.problems()).hasSize(1);
        return loaded.problems().get(0);
    }

    @Test
    void aGetSkillIsReadAndFilledWithTheKeyFromSettings() {
        ApiSkill skill = read(LOOKUP);
        assertThat(skill.url().host()).isEqualTo("www.example.com");
        assertThat(skill.settingKeys()).containsExactly("skills.api.intel.key");
        ApiSkill.Request request = skill.fill(Map.of("Domain", "contoso.com"),
                key -> key.equals("skills.api.intel.key") ? Optional.of("k-123") : Optional.empty());
        assertThat(request.url()).isEqualTo("https://www.example.com/api/v3/domains/contoso.com/report?limit=10"
                + "&fields=all");
        assertThat(request.headers()).containsExactly(Map.entry("X-Api-Key", "k-123"),
                Map.entry("Accept", "application/json"));
        assertThat(request.secrets()).containsExactly("k-123");
        assertThat(request.toString()).doesNotContain("k-123");
        assertThatThrownBy(() -> skill.fill(Map.of("Domain", "x"), key -> Optional.empty()))
                .hasMessageContaining("needs the setting skills.api.intel.key").hasMessageContaining("X-Api-Key");
        assertThatThrownBy(() -> skill.fill(Map.of("Domain", "x", "Limit", "10; rm"), key -> Optional.of("k")))
                .hasMessageContaining("Limit");
    }

    @Test
    void hostileValuesStayInsideTheirSegmentOrValue() {
        ApiSkill skill = read(LOOKUP);
        List<String> hostile = List.of("../../admin", "..", ".", "a/b", "x?admin=1", "x#frag", "@evil.example",
                "evil.example@", "a\r\nX-Injected: 1", "%2e%2e", "ｅｖｉｌ／..／", "a b+c&d=e", "\u202e", "tab\there",
                "https://evil.example/");
        for (String value : hostile) {
            if (value.equals("..") || value.equals(".")) {
                assertThatThrownBy(() -> skill.fill(Map.of("Domain", value), key -> Optional.of("k")))
                        .isInstanceOf(SkillInputException.class).hasMessageContaining("outside");
                continue;
            }
            ApiSkill.Request request = skill.fill(Map.of("Domain", value), key -> Optional.of("k"));
            URI uri = URI.create(request.url());
            assertThat(uri.getHost()).as(value).isEqualTo("www.example.com");
            assertThat(uri.getRawUserInfo()).isNull();
            assertThat(uri.getRawFragment()).isNull();
            assertThat(uri.getRawQuery()).as(value).isEqualTo("limit=10&fields=all");
            String[] segments = uri.getRawPath().split("/");
            assertThat(segments).as(value).hasSize(6);
            assertThat(URLDecoder.decode(segments[4].replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(request.url()).doesNotContain("\r").doesNotContain("\n");
        }
        // In a query value: & = # ? stay inside it.
        ApiSkill query = read(LOOKUP.replace("domains/{{Domain}}/report?limit={{Limit}}",
                "domains/report?limit={{Limit}}&d={{Domain}}"));
        ApiSkill.Request request = query.fill(Map.of("Domain", "a&fields=none#x?y=../z"), key -> Optional.of("k"));
        assertThat(URI.create(request.url()).getRawQuery())
                .isEqualTo("limit=10&d=a%26fields%3Dnone%23x%3Fy%3D..%2Fz&fields=all");
    }

    @Test
    void aPostBodyTakesValuesAsJsonOfTheirTypes() {
        ApiSkill skill = read(SEARCH);
        ApiSkill.Request request = skill.fill(Map.of("Value", "1.2.3.4\", \"admin\": true, \"x\": \"",
                "Kinds", "ip, \"domain\"", "Since", "2026-12-01"), key -> Optional.of("tok"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer tok");
        assertThat(request.body()).contains("{\"query\":{\"value\":\"1.2.3.4\\\", \\\"admin\\\": true, \\\"x\\\": "
                + "\\\"\",\"kinds\":[\"ip\",\"\\\"domain\\\"\"],\"note\":\"asked for 1.2.3.4\\\", \\\"admin\\\": true, "
                + "\\\"x\\\": \\\"\"},\"since\":\"2026-12-01T00:00:00Z\",\"limit\":5}");
    }

    @Test
    void filesThatBreakTheRulesAreRefusedWithLineAndReason() {
        assertThat(problem(LOOKUP.replace("https://www.example.com", "https://{{Domain}}.example.com")))
                .startsWith("bad.yaml:2: ").contains("host is fixed");
        assertThat(problem(LOOKUP.replace("https://www.example.com", "https://user@www.example.com")))
                .contains("no user name");
        assertThat(problem(LOOKUP.replace("https://", "http://"))).contains("https://");
        assertThat(problem(LOOKUP.replace("X-Api-Key: settings:skills.api.intel.key",
                "X-Api-Key: 8f2a9c41d7e6b3a05c9e1f7d2b4a6c8e"))).contains("looks like a key");
        assertThat(problem(LOOKUP.replace("Accept: application/json", "X-Trace: Zm9vYmFyYmF6cXV4MTIzNDU2"))).contains(
                "looks like a key");
        assertThat(problem(LOOKUP.replace("settings:skills.api.intel.key", "settings:llm.api-key")))
                .contains("skills.api.*");
        assertThat(problem(LOOKUP.replace("&fields=all", "&{{Domain}}=all"))).contains("query name");
        assertThat(problem(LOOKUP.replace("/report?", "/{{Other}}?"))).contains("{{Other}}");
        assertThat(problem(LOOKUP.replace("?limit={{Limit}}&", "?"))).contains("Limit is declared");
        assertThat(problem(LOOKUP.replace("Accept: application/json", "Host: evil.example"))).contains("Host");
        assertThat(problem(LOOKUP.replace("rows: /data/items", "rows: data"))).contains("JSON pointer");
        assertThat(problem(LOOKUP + "body:\n  a: 1\n")).contains("POST only");
        assertThat(problem(LOOKUP.replace("/report", "/report#top"))).contains("fragment");
    }

    @Test
    void aBrokenApiFileIsReportedWhileTheOthersLoad() throws Exception {
        Files.writeString(folder.resolve("a-lookup.yaml"), LOOKUP);
        Files.writeString(folder.resolve("b-broken.yaml"), LOOKUP.replace("domain-reputation", "broken")
                .replace("https://www.example.com", "https://{{Domain}}"));
        Files.writeString(folder.resolve("c-search.yaml"), SEARCH);
        SkillFiles.Loaded loaded = new SkillFiles().load(List.of(folder));
        assertThat(loaded.apiSkills()).extracting(ApiSkill::name).containsExactly("domain-reputation", "ioc-search");
        assertThat(loaded.problems()).singleElement().asString()
                .startsWith(folder.resolve("b-broken.yaml") + ":2: ").contains("host is fixed");
    }
}
