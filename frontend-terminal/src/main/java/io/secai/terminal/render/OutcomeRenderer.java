package io.secai.terminal.render;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.usage.Pricing;

/**
 * Draws a finished prompt: for each task its evidence (KQL as a code block, URLs), its Markdown, its table fitted to
 * the width and its warnings; then how the prompt ended and what it cost.
 */
public final class OutcomeRenderer {
    /** Rows of one table drawn on the terminal. */
    static final int SCREEN_ROWS = 100;

    private final Style style;
    private final MarkdownRenderer markdown;
    private final TableRenderer tables;
    /** How the user sees one row whole ({@code "show %d"}), or null where there is no such command. */
    private final String fullRowCommand;

    /** @param style ANSI or plain */
    public OutcomeRenderer(Style style) {
        this(style, null);
    }

    /**
     * @param style ANSI or plain
     * @param fullRowCommand how the user sees row N whole, such as {@code "show %d"}; pointed at where a cell is cut;
     *     null where there is no such command
     */
    public OutcomeRenderer(Style style, String fullRowCommand) {
        this.fullRowCommand = fullRowCommand;
        this.style = style;
        this.markdown = new MarkdownRenderer(style);
        this.tables = new TableRenderer(style);
    }

    /**
     * @param outcome how the prompt ended
     * @param pricing prices for the cost estimate
     * @param width the terminal width
     * @return the lines to print
     */
    public List<String> render(PromptOutcome outcome, Pricing pricing, int width) {
        List<String> lines = new ArrayList<>();
        List<TaskRecord> tasks = outcome.tasks();
        int planned = Math.max(outcome.plan().size(), tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.addAll(task(i, planned, tasks.get(i), width));
        }
        if (!outcome.succeeded()) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            String label = switch (outcome.status()) {
                case CANCELLED -> "Cancelled";
                case REFUSED -> "Not run";
                default -> "Failed";
            };
            String message = outcome.message().isBlank() ? label + "." : label + ": "
                    + TextWidth.singleLine(outcome.message());
            lines.add(outcome.status() == PromptOutcome.Status.CANCELLED ? style.warn(message) : style.bad(message));
        }
        if (outcome.status() != PromptOutcome.Status.REFUSED) {
            lines.add(style.dim(usageLine(outcome.usage(), outcome.elapsed(), pricing)));
        }
        return lines;
    }

    /**
     * @param index the task's position, from 0
     * @param count how many tasks were planned
     * @param record the task and its result
     * @param width the terminal width
     * @return the lines to print
     */
    public List<String> task(int index, int count, TaskRecord record, int width) {
        List<String> lines = new ArrayList<>();
        String title = (count > 1 ? (index + 1) + "/" + count + " " : "") + record.task().plugin() + "/"
                + record.task().capability();
        String rule = String.valueOf(style.rule());
        String heading = rule + rule + " " + TextWidth.singleLine(title) + " ";
        lines.add(style.accent(heading + rule.repeat(Math.max(2, Math.min(width, 60) - TextWidth.of(heading)))));
        for (Artifact artifact : record.result().artifacts()) {
            lines.addAll(artifact(artifact));
        }
        if (!record.result().succeeded()) {
            lines.add(style.bad("Failed: " + TextWidth.singleLine(record.result().markdown())));
        } else if (!record.result().markdown().isBlank()) {
            lines.addAll(markdown.render(record.result().markdown(), width));
        }
        record.result().table().ifPresent(table -> {
            lines.add("");
            lines.addAll(table(table, width));
        });
        for (String warning : record.result().warnings()) {
            lines.add(style.warn("warning: " + TextWidth.singleLine(warning)));
        }
        return lines;
    }

    /**
     * @param artifact evidence
     * @return a code block for a query, a pointer to {@code export} for a file (an ARM template, Bicep), one line
     *     for anything else
     */
    public List<String> artifact(Artifact artifact) {
        if (artifact.kind() == Artifact.Kind.QUERY) {
            return markdown.codeBlock(artifact.label(), artifact.value());
        }
        if (artifact.value().contains("\n")) {
            return List.of(style.dim(TextWidth.singleLine(artifact.label()) + ": "
                    + artifact.value().lines().count() + " lines; 'export FILE' writes it (.json, .bicep, .yaml)"));
        }
        String value = artifact.kind() == Artifact.Kind.TIMESPAN ? Durations.wordsOrAsIs(artifact.value())
                : artifact.value();
        return List.of(style.dim(TextWidth.singleLine(artifact.label()) + ": ") + TextWidth.singleLine(value));
    }

    /**
     * @param table rows from a data source
     * @param width the terminal width
     * @return the table fitted to the width, with a line saying how many rows there are
     */
    public List<String> table(ResultTable table, int width) {
        List<TableRenderer.Column> columns = table.columns().stream()
                .map(c -> new TableRenderer.Column(c.name(), numeric(c.type())))
                .toList();
        // A terminal is no place for ten thousand rows: the first ones, and the count; --format json has them all.
        List<List<String>> rows = table.rows().stream().limit(SCREEN_ROWS)
                .map(row -> row.stream().map(OutcomeRenderer::cell).toList())
                .toList();
        TableRenderer.Rendered rendered = tables.render(columns, rows, width, fullRowCommand);
        List<String> lines = new ArrayList<>(rendered.lines());
        long total = Math.max(table.totalRows(), table.rows().size());
        String count = table.truncated() || total > rows.size()
                ? String.format(Locale.ROOT, "showing %,d of %,d rows (truncated)", rows.size(), total)
                : Plural.of(rows.size(), "row");
        if (rendered.cut() && fullRowCommand != null) {
            count += "; " + String.format(Locale.ROOT, fullRowCommand, 1).replace("1", "N") + " shows row N in full";
        }
        lines.add(style.dim("(" + count + ")"));
        return lines;
    }

    /**
     * @param usage tokens spent
     * @param elapsed how long it took
     * @param pricing prices for the estimate
     * @return one line such as {@code tokens 1,234 (1,000 prompt + 234 completion) in 3 calls · 2.3s · ≈ $0.0123}
     */
    public String usageLine(TokenUsage usage, Duration elapsed, Pricing pricing) {
        String dot = style.ansi() ? " · " : ", ";
        String cached = usage.cachedPromptTokens() > 0
                ? String.format(Locale.ROOT, ", %,d of them cached", usage.cachedPromptTokens()) : "";
        String line = String.format(Locale.ROOT, "tokens %,d (%,d prompt%s + %,d completion) in %d %s%s%s",
                usage.totalTokens(), usage.promptTokens(), cached, usage.completionTokens(), usage.calls(),
                usage.calls() == 1 ? "call" : "calls", dot, Durations.format(elapsed));
        Optional<String> cost = pricing.costText(usage);
        return cost.map(c -> line + dot + "~" + c).orElse(line);
    }

    private static boolean numeric(ResultTable.ColumnType type) {
        return switch (type) {
            case INT, LONG, REAL, DECIMAL -> true;
            default -> false;
        };
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : BigDecimal.valueOf(d).stripTrailingZeros()
                    .toPlainString();
        }
        return value.toString();
    }
}
