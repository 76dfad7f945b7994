package io.secai.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.ResultTable;
import io.secai.api.SecAiException;
import io.secai.api.TaskResult;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a server's answer becomes, for well-formed and hostile answers, and what a server section must say. */
class McpToolResultsTest {

    @Test
    void recordsBecomeATypedTableAndNestedValuesTheirJson() {
        ResultTable table = McpToolResults.table(List.of(
                Map.of("id", 1, "score", 0.5, "tags", List.of("a")),
                Map.of("id", 2, "score", 3, "extra", "x"))).orElseThrow();
        assertThat(table.columns()).extracting(ResultTable.Column::name).contains("id", "score", "tags", "extra");
        assertThat(table.columns().get(table.columnIndex("id")).type()).isEqualTo(ResultTable.ColumnType.LONG);
        assertThat(table.columns().get(table.columnIndex("score")).type()).isEqualTo(ResultTable.ColumnType.REAL);
        assertThat(table.columns().get(table.columnIndex("tags")).type()).isEqualTo(ResultTable.ColumnType.DYNAMIC);
        assertThat(table.rows().get(0).get(table.columnIndex("tags"))).isEqualTo("[\"a\"]");
        assertThat(table.rows().get(1).get(table.columnIndex("tags"))).isNull();
    }

    @Test
    void hostileShapesGiveNoTableOrABoundedOne() {
        assertThat(McpToolResults.table("just text")).isEmpty();
        assertThat(McpToolResults.table(List.of(1, 2, 3))).isEmpty();
        assertThat(McpToolResults.table(List.of(Map.of("a", 1), "not a record"))).isEmpty();
        assertThat(McpToolResults.table(Map.of("x", List.of(Map.of("a", 1)), "y", List.of(Map.of("b", 2)))))
                .as("two candidate lists: no guess").isEmpty();
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            wide.put("c" + i, i);
        }
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            many.add(wide);
        }
        ResultTable bounded = McpToolResults.table(many).orElseThrow();
        assertThat(bounded.columns()).hasSize(50);
        assertThat(bounded.rows()).hasSize(5000);
        assertThat(bounded.truncated()).isTrue();
        assertThat(bounded.totalRows()).isEqualTo(6000);
    }

    @Test
    void anErrorAnswerIsAFailedTaskAndLongTextIsCutInTheContext() {
        TaskResult failed = McpToolResults.toResult("s", "t", "{}", McpSchema.CallToolResult.builder()
                .addTextContent("no such ticket").isError(true).build());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.markdown()).contains("s/t reported an error: no such ticket");
        TaskResult long_ = McpToolResults.toResult("s", "t", "{}", McpSchema.CallToolResult.builder()
                .addTextContent("x".repeat(100_000)).build());
        assertThat(long_.contextText().orElseThrow()).hasSizeLessThan(4200).contains("cut at 4000");
    }

    @Test
    void aServerSectionNeedsOneWayInAndAnAllowList() {
        assertThatThrownBy(() -> McpServerConfig.from(MapSettings.empty()
                .with("mcp.servers.t.allow-tools", "[\"a\"]"), "t"))
                .isInstanceOf(SecAiException.class).hasMessageContaining("needs either command");
        assertThatThrownBy(() -> McpServerConfig.from(MapSettings.empty()
                .with("mcp.servers.t.url", "https://x.example/mcp"), "t"))
                .hasMessageContaining("allow-tools is empty");
        assertThatThrownBy(() -> McpServerConfig.from(MapSettings.empty()
                .with("mcp.servers.t.url", "file:///etc/passwd").with("mcp.servers.t.allow-tools", "a"), "t"))
                .hasMessageContaining("http or https");
        McpServerConfig config = McpServerConfig.from(MapSettings.empty()
                .with("mcp.servers.t.url", "https://x.example/mcp")
                .with("mcp.servers.t.headers.Authorization", "Bearer s3cret-token")
                .with("mcp.servers.t.allow-tools", "a, b"), "t");
        assertThat(config.allowTools()).containsExactly("a", "b");
        assertThat(config.mask("401 for Bearer s3cret-token")).doesNotContain("s3cret").contains("****");
        assertThat(McpServerConfig.names(MapSettings.empty().with("mcp.servers.t.url", "u")
                .with("mcp.servers.u.command", "c"))).containsExactly("t", "u");
    }
}
