package io.secai.terminal.transcript;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.engine.PromptOutcome;
import io.secai.engine.session.SessionTranscript;

/**
 * Writes prompts and their results as a Markdown document: for {@code export FILE} and {@code ask --format markdown}.
 * Tables become GFM tables built from the real rows; queries become fenced code blocks.
 */
public final class MarkdownTranscript {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MarkdownTranscript() {
    }

    /**
     * @param transcript a session with its turns
     * @return the whole session as Markdown
     */
    public static String session(SessionTranscript transcript) {
        StringBuilder md = new StringBuilder();
        md.append("# SecAI session ").append(transcript.info().id()).append("\n\n");
        md.append("Created ").append(TIME.format(transcript.info().created())).append(", ")
                .append(transcript.turns().size()).append(transcript.turns().size() == 1 ? " prompt" : " prompts")
                .append(", ").append(transcript.info().usage().totalTokens()).append(" model tokens.\n\n");
        int number = 1;
        for (SessionTranscript.Turn turn : transcript.turns()) {
            md.append("## ").append(number++).append(". ").append(oneLine(turn.prompt())).append("\n\n");
            md.append("_Asked ").append(TIME.format(turn.at())).append("_\n\n");
            appendOutcome(md, turn.outcome(), "###");
        }
        return md.toString();
    }

    /**
     * @param prompt what was asked
     * @param at when
     * @param outcome how it ended
     * @return one prompt and its results as Markdown
     */
    public static String prompt(String prompt, Instant at, PromptOutcome outcome) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(oneLine(prompt)).append("\n\n");
        md.append("_Asked ").append(TIME.format(at)).append("_\n\n");
        appendOutcome(md, outcome, "##");
        return md.toString();
    }

    private static void appendOutcome(StringBuilder md, PromptOutcome outcome, String heading) {
        List<TaskRecord> tasks = outcome.tasks();
        for (TaskRecord record : tasks) {
            md.append(heading).append(' ').append(record.task().plugin()).append('/')
                    .append(record.task().capability()).append("\n\n");
            md.append("> ").append(oneLine(record.task().instruction())).append("\n\n");
            for (Artifact artifact : record.result().artifacts()) {
                if (artifact.kind() == Artifact.Kind.QUERY) {
                    md.append("**").append(artifact.label()).append("**\n\n");
                    md.append(fence(artifact.value(), "kql".equalsIgnoreCase(artifact.label()) ? "kql" : ""));
                } else {
                    md.append("**").append(artifact.label()).append(":** ").append(artifact.value()).append("\n\n");
                }
            }
            if (record.result().succeeded()) {
                if (!record.result().markdown().isBlank()) {
                    md.append(record.result().markdown().strip()).append("\n\n");
                }
            } else {
                md.append("**Failed:** ").append(record.result().markdown().strip()).append("\n\n");
            }
            record.result().table().ifPresent(table -> md.append(table(table)).append('\n'));
            for (String warning : record.result().warnings()) {
                md.append("> **Warning:** ").append(oneLine(warning)).append("\n\n");
            }
        }
        if (!outcome.succeeded()) {
            md.append("**").append(outcome.status().name().charAt(0))
                    .append(outcome.status().name().substring(1).toLowerCase(Locale.ROOT)).append(":** ")
                    .append(oneLine(outcome.message())).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "_%d model tokens (%d prompt, %d completion) in %d calls, %.1f s_%n%n",
                outcome.usage().totalTokens(), outcome.usage().promptTokens(), outcome.usage().completionTokens(),
                outcome.usage().calls(), outcome.elapsed().toMillis() / 1000.0));
    }

    /**
     * @param table rows
     * @return a GFM table, with a line saying when rows were cut
     */
    static String table(ResultTable table) {
        StringBuilder md = new StringBuilder("|");
        for (ResultTable.Column column : table.columns()) {
            md.append(' ').append(cell(column.name())).append(" |");
        }
        md.append("\n|");
        for (ResultTable.Column column : table.columns()) {
            md.append(switch (column.type()) {
                case INT, LONG, REAL, DECIMAL -> " ---: |";
                default -> " --- |";
            });
        }
        md.append('\n');
        for (List<Object> row : table.rows()) {
            md.append('|');
            for (Object value : row) {
                md.append(' ').append(cell(value == null ? "" : value.toString())).append(" |");
            }
            md.append('\n');
        }
        if (table.truncated() || table.totalRows() > table.rows().size()) {
            md.append("\n_Showing ").append(table.rows().size()).append(" of ").append(table.totalRows())
                    .append(" rows._\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    private static String fence(String code, String language) {
        String fence = "```";
        while (code.contains(fence)) {
            fence += "`";
        }
        return fence + language + "\n" + code.strip() + "\n" + fence + "\n\n";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
