package io.secai.terminal.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.secai.api.Artifact;
import io.secai.engine.ProgressEvent;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.terminal.render.Style;

class ProgressPrinterTest {
    private final Task kql = Task.of("sentinel-kql", "run-kql", "New incidents");
    private final Task gpt = Task.of("gpt", "answer", "Summarise");

    private String print(Style style) {
        StringWriter text = new StringWriter();
        try (ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), style, () -> 80)) {
            printer.on(new ProgressEvent.PlanReady(List.of(kql, gpt), "repaired after: unknown plugin \"foo\""));
            printer.on(new ProgressEvent.TaskStarted(0, kql));
            printer.on(new ProgressEvent.TaskProgress(0, "Running KQL, attempt 1 of 3"));
            printer.on(new ProgressEvent.TaskArtifact(0, Artifact.query("SecurityIncident\n| where Status == 'New'")));
            printer.on(new ProgressEvent.Waiting("Azure OpenAI", Duration.ofSeconds(4), "throttled (HTTP 429)"));
            printer.on(new ProgressEvent.TaskFinished(0, kql, TaskResult.success("ok")));
            printer.on(new ProgressEvent.TaskStarted(1, gpt));
            printer.on(new ProgressEvent.TaskFinished(1, gpt, TaskResult.failed("Azure OpenAI: content filter")));
            printer.on(new ProgressEvent.PromptFinished(false, "failed", TokenUsage.NONE, Duration.ofSeconds(1)));
        }
        return text.toString();
    }

    @Test
    void plainOutputIsOneLinePerEventWithoutEscapesOrRedraws() {
        String out = print(Style.PLAIN);

        assertThat(out.split("\\R")).containsExactly(
                "Plan (2 tasks)",
                "  1. sentinel-kql/run-kql: New incidents",
                "  2. gpt/answer: Summarise",
                "  (repaired after: unknown plugin \"foo\")",
                "[1/2] sentinel-kql/run-kql started",
                "      Running KQL, attempt 1 of 3",
                "      KQL: SecurityIncident | where Status == 'New'",
                "waiting 4s: Azure OpenAI throttled (HTTP 429)",
                "[1/2] sentinel-kql/run-kql done in 0.0s",
                "[2/2] gpt/answer started",
                "[2/2] gpt/answer failed after 0.0s: Azure OpenAI: content filter");
        assertThat(out).doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void terminalOutputRedrawsTheRunningTaskInPlaceWithASpinner() {
        String out = print(Style.ANSI);

        assertThat(out).containsPattern("\r\u001b\\[1;34m[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\u001b\\[0m \\[1/2] sentinel-kql/run-kql · Running KQL, "
                + "attempt 1 of 3 \\d+\\.\\ds\u001b\\[K");
        assertThat(out).contains("\r\u001b[K");
        assertThat(out).contains("✔\u001b[0m [1/2] sentinel-kql/run-kql done in");
        assertThat(out).contains("✖\u001b[0m [2/2] gpt/answer failed after");
        assertThat(out).containsPattern("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]");
        assertThat(out).as("no live line is left behind").endsWith("content filter" + System.lineSeparator());
    }

    @Test
    void aPlanningLineWithTheElapsedTimeShowsUntilThePlanArrivesAndIsThenReplaced() throws Exception {
        StringWriter text = new StringWriter();
        try (ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), Style.ANSI, () -> 80)) {
            Thread.sleep(400);
            synchronized (printer) {
                assertThat(text.toString()).containsPattern("\r\u001b\\[1;34m[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\u001b\\[0m \u001b\\[2mplanning… "
                        + "\\d+\\.\\ds\u001b\\[0m\u001b\\[K");
            }
            printer.on(new ProgressEvent.PlanReady(List.of(kql), ""));
            int planAt = text.toString().indexOf("Plan");
            Thread.sleep(300);
            assertThat(text.toString().substring(planAt)).as("no planning line after the plan").doesNotContain("planning");
            assertThat(text.toString().substring(0, planAt)).as("the planning line is erased first")
                    .endsWith("\r\u001b[K\u001b[1m");
        }
    }

    @Test
    void plainOutputHasNoPlanningLine() throws Exception {
        StringWriter text = new StringWriter();
        try (ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), Style.PLAIN, () -> 80)) {
            Thread.sleep(200);
            printer.on(new ProgressEvent.PlanReady(List.of(kql), ""));
        }
        assertThat(text.toString()).doesNotContain("planning").startsWith("Plan (1 task)");
    }
}
