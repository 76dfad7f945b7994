package io.secai.web.render;

import io.secai.api.Artifact;
import io.secai.engine.ProgressEvent;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes the page and scripts receive, built from engine values. Markdown arrives twice: as its text, which
 * the page only ever shows as text, and as sanitized HTML. Table cells stay typed values the page puts in the DOM as
 * text.
 */
public final class Views {
    /** Rows of one table sent to the page. */
    static final int PAGE_ROWS = 500;

    private final MarkdownRenderer markdown;
    /** Links to open a KQL query in Log Analytics; null when the workspace is not known. */
    private final LogAnalyticsLinks links;

    /** @param markdown the renderer for result text */
    public Views(MarkdownRenderer markdown) {
        this(markdown, java.util.Optional.empty());
    }

    /**
     * @param markdown the renderer for result text
     * @param links links that open a KQL query in Log Analytics, when the workspace is known
     */
    public Views(MarkdownRenderer markdown, java.util.Optional<LogAnalyticsLinks> links) {
        this.markdown = markdown;
        this.links = links.orElse(null);
    }

    /**
     * Converts a progress event into its SSE name and payload.
     *
     * @param event the event
     * @param cache results already rendered in this run, so that the outcome does not render them again
     * @return the named payload
     */
    public Named event(ProgressEvent event, Map<TaskResult, ResultView> cache) {
        if (event instanceof ProgressEvent.PlanReady e) {
            return new Named("plan", new PlanView(e.tasks().stream().map(Views::task).toList(), e.note()));
        } else if (event instanceof ProgressEvent.TaskStarted e) {
            return new Named("task-started", new TaskEventView(e.index(), task(e.task())));
        } else if (event instanceof ProgressEvent.TaskProgress e) {
            return new Named("task-progress", new IndexedText(e.index(), e.message()));
        } else if (event instanceof ProgressEvent.TaskArtifact e) {
            return new Named("task-artifact", new ArtifactEventView(e.index(), artifact(e.artifact())));
        } else if (event instanceof ProgressEvent.TaskTextDelta e) {
            return new Named("task-delta", new IndexedText(e.index(), e.text()));
        } else if (event instanceof ProgressEvent.TaskFinished e) {
            return new Named("task-finished",
                    new TaskFinishedView(e.index(), task(e.task()), result(e.result(), cache)));
        } else if (event instanceof ProgressEvent.Waiting e) {
            return new Named("waiting", new WaitingView(e.service(), e.delay().toMillis(), e.reason()));
        } else if (event instanceof ProgressEvent.Notice e) {
            return new Named("notice", new NoticeView(e.message()));
        } else if (event instanceof ProgressEvent.PromptFinished e) {
            return new Named("prompt-finished",
                    new PromptFinishedView(e.succeeded(), e.message(), usage(e.usage()), e.elapsed().toMillis()));
        }
        throw new IllegalArgumentException("unknown progress event " + event.getClass().getName());
    }

    /**
     * @param outcome how a prompt ended
     * @param cache results already rendered, reused by identity
     * @return its view
     */
    public OutcomeView outcome(PromptOutcome outcome, Map<TaskResult, ResultView> cache) {
        return new OutcomeView(outcome.status().name(), outcome.message(),
                outcome.plan().stream().map(Views::task).toList(),
                outcome.tasks().stream().map(record -> taskRecord(record, cache)).toList(),
                usage(outcome.usage()), outcome.elapsed().toMillis());
    }

    /**
     * @param transcript a session with its turns
     * @return its view
     */
    public TranscriptView transcript(SessionTranscript transcript) {
        Map<TaskResult, ResultView> cache = new IdentityHashMap<>();
        return new TranscriptView(session(transcript.info()), transcript.turns().stream()
                .map(turn -> new TurnView(turn.prompt(), turn.at().toString(), outcome(turn.outcome(), cache)))
                .toList());
    }

    /**
     * @param info a session's summary
     * @return its view
     */
    public static SessionView session(SessionInfo info) {
        return new SessionView(info.id(), info.title(), info.created().toString(), info.updated().toString(),
                info.turns(), usage(info.usage()));
    }

    /**
     * @param status a plugin's state
     * @return its view
     */
    public static PluginView plugin(PluginStatus status) {
        return new PluginView(status.name(), status.version(), status.apiVersion(), status.description(),
                status.state().name(), status.reason().orElse(""),
                status.capabilities().stream().map(c -> new CapabilityView(c.name(), c.description())).toList());
    }

    private TaskRecordView taskRecord(TaskRecord record, Map<TaskResult, ResultView> cache) {
        return new TaskRecordView(task(record.task()), result(record.result(), cache));
    }

    private ResultView result(TaskResult result, Map<TaskResult, ResultView> cache) {
        synchronized (cache) {
            ResultView known = cache.get(result);
            if (known != null) {
                return known;
            }
        }
        ResultView view = new ResultView(result.status().name(), result.markdown(),
                markdown.toSafeHtml(result.markdown()), result.table().map(Views::table).orElse(null),
                result.artifacts().stream().map(this::artifact).toList(), usage(result.usage()),
                result.warnings());
        synchronized (cache) {
            cache.put(result, view);
        }
        return view;
    }

    private static TableView table(ResultTable table) {
        // The page and its event stream get the first rows and the count, never a whole large result.
        List<List<Object>> rows = table.rows().size() <= PAGE_ROWS ? table.rows()
                : table.rows().subList(0, PAGE_ROWS);
        return new TableView(table.columns().stream()
                .map(c -> new ColumnView(c.name(), c.type().name().toLowerCase(Locale.ROOT))).toList(),
                rows, Math.max(table.totalRows(), table.rows().size()), table.truncated() || rows != table.rows());
    }

    private static TaskView task(Task task) {
        return new TaskView(task.plugin(), task.capability(), task.instruction());
    }

    private ArtifactView artifact(Artifact artifact) {
        // Only the Sentinel plugin's queries ("KQL") run in the Log Analytics workspace; another plugin's query
        // (Defender advanced hunting) would open in the wrong place.
        String portal = links != null && artifact.kind() == Artifact.Kind.QUERY && artifact.label().startsWith("KQL")
                ? links.link(artifact.value()) : null;
        return new ArtifactView(artifact.kind().name(), artifact.label(), artifact.value(), portal);
    }

    private static UsageView usage(TokenUsage usage) {
        return new UsageView(usage.calls(), usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }

    /** @param name the SSE event name @param data the payload */
    public record Named(String name, Object data) { }

    /** Model tokens spent. */
    public record UsageView(long calls, long promptTokens, long completionTokens, long totalTokens) { }

    /** A planned task. */
    public record TaskView(String plugin, String capability, String instruction) { }

    /** Evidence with a copy button. */
    public record ArtifactView(String kind, String label, String value, String logAnalyticsUrl) { }

    /** A typed column. */
    public record ColumnView(String name, String type) { }

    /** Rows as the source returned them. */
    public record TableView(List<ColumnView> columns, List<List<Object>> rows, long totalRows, boolean truncated) { }

    /** A task's result: Markdown text, its sanitized HTML, the table, the evidence. */
    public record ResultView(String status, String markdown, String html, TableView table,
                             List<ArtifactView> artifacts, UsageView usage, List<String> warnings) { }

    /** A task with its result. */
    public record TaskRecordView(TaskView task, ResultView result) { }

    /** How a prompt ended. */
    public record OutcomeView(String status, String message, List<TaskView> plan, List<TaskRecordView> tasks,
                              UsageView usage, long elapsedMillis) { }

    /** The plan. */
    public record PlanView(List<TaskView> tasks, String note) { }

    /** A task began. */
    public record TaskEventView(int index, TaskView task) { }

    /** A line or a text delta of a task. */
    public record IndexedText(int index, String text) { }

    /** Evidence of a task. */
    public record ArtifactEventView(int index, ArtifactView artifact) { }

    /** A task ended. */
    public record TaskFinishedView(int index, TaskView task, ResultView result) { }

    /** Waiting for a throttled service. */
    public record WaitingView(String service, long delayMillis, String reason) { }

    /** A message outside any task. */
    public record NoticeView(String message) { }

    /** The engine's own end-of-prompt event. */
    public record PromptFinishedView(boolean succeeded, String message, UsageView usage, long elapsedMillis) { }

    /** A session's summary. */
    public record SessionView(String id, String title, String created, String updated, int turns,
                              UsageView usage) { }

    /** One earlier prompt and how it ended. */
    public record TurnView(String prompt, String at, OutcomeView outcome) { }

    /** A session with its turns. */
    public record TranscriptView(SessionView session, List<TurnView> turns) { }

    /** A plugin's capability. */
    public record CapabilityView(String name, String description) { }

    /** A plugin found in plugins-dir. */
    public record PluginView(String name, String version, String apiVersion, String description, String state,
                             String reason, List<CapabilityView> capabilities) { }
}
