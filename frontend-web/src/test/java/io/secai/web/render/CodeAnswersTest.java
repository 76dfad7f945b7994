package io.secai.web.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeAnswersTest {

    @Test
    void aBareJsonAnswerBecomesAJsonCodeBlock() {
        String template = "{\n  \"$schema\": \"x\",\n  \"resources\": [ { \"kind\": \"Scheduled\" } ]\n}";

        assertThat(CodeAnswers.fenced("\n" + template + "\n")).isEqualTo("```json\n" + template + "\n```\n");
        assertThat(CodeAnswers.fenced("[1, 2]")).isEqualTo("```json\n[1, 2]\n```\n");
    }

    @Test
    void aBareKqlPipelineBecomesAKqlCodeBlock() {
        String query = "SecurityEvent\n| where EventID == 4726\n\n| summarize count() by Account";

        assertThat(CodeAnswers.fenced(query)).isEqualTo("```kql\n" + query + "\n```\n");
    }

    @Test
    void markdownProseAndAlreadyFencedCodeAreLeftAlone() {
        for (String answer : new String[] {"Three incidents are new.", "```json\n{}\n```",
                "{ this is not JSON }", "{\"a\": 1} {\"b\": 2}", "Summary\n| a | b |\n|---|---|", "",
                "SecurityEvent\nwhere EventID == 1"}) {
            assertThat(CodeAnswers.fenced(answer)).isEqualTo(answer);
        }
        assertThat(CodeAnswers.fenced(null)).isEmpty();
    }

    @Test
    void backticksInsideCannotCloseTheFence() {
        String json = "{\"note\": \"```html <script>\"}";

        String fenced = CodeAnswers.fenced(json);

        assertThat(fenced).startsWith("````json\n").endsWith("\n````\n");
        assertThat(new MarkdownRenderer().toSafeHtml(json)).startsWith("<pre><code class=\"language-json\">")
                .contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void theWebRendererKeepsAJsonAnswersLinesInAPreBlock() {
        String html = new MarkdownRenderer().toSafeHtml("{\n  \"kind\": \"Scheduled\",\n  \"enabled\": true\n}");

        assertThat(html).startsWith("<pre><code class=\"language-json\">{\n  &#34;kind&#34;: &#34;Scheduled&#34;,\n");
    }
}
