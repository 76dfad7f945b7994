package io.secai.plugin.kql.eval;

import io.secai.api.Artifact;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.Client;
import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Scores one question: runs SecAI's KQL task on it (a fresh session each time, so questions do not lean on each
 * other), then the gold query, and compares the two. Thread-safe: each question gets its own context and counters.
 */
public final class KqlEvaluation {
    private final KqlPipeline pipeline;
    private final PluginContext plugin;
    private final KqlGuard guard;
    private final BooleanSupplier cancelled;

    /**
     * @param pipeline the plugin's task and workspace
     * @param plugin gives the model and the Azure identity
     * @param schema the workspace's tables, for reading which tables each query reads
     * @param cancelled whether the run was interrupted
     */
    public KqlEvaluation(KqlPipeline pipeline, PluginContext plugin, WorkspaceSchema schema,
                         BooleanSupplier cancelled) {
        this.pipeline = pipeline;
        this.plugin = plugin;
        this.guard = new KqlGuard(schema, new GuardOptions(0, false, false));
        this.cancelled = cancelled;
    }

    /**
     * @param line the question's line number
     * @param question the question
     * @param goldKql the reference query
     * @return its score; a failure of SecAI's side is a score, not an exception
     */
    public EvalRecord score(int line, String question, String goldKql) {
        long started = System.nanoTime();
        LlmClient model = plugin.client(LlmClient.class).orElseThrow(() -> new io.secai.api.SecAiException(
                "No language model is configured (set openai.endpoint): the evaluation needs one."));
        CountingLlm counting = new CountingLlm(model);
        Context context = new Context(counting);
        String error = "";
        TaskResult result = null;
        try {
            result = pipeline.ask(question, context);
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String kql = "";
        if (result != null) {
            for (Artifact artifact : result.artifacts()) {
                if (artifact.kind() == Artifact.Kind.QUERY) {
                    kql = artifact.value();
                }
            }
            if (result.status() == TaskResult.Status.FAILED && error.isEmpty()) {
                error = result.markdown();
            }
        }
        boolean executed = result != null && result.status() != TaskResult.Status.FAILED
                && result.table().isPresent();
        boolean guardValid = !kql.isEmpty() && result != null && !result.markdown().contains("failed the guard");
        List<String> gold = tablesOf(goldKql);
        List<String> used = kql.isEmpty() ? List.of() : tablesOf(kql);
        double jaccard = -1;
        if (executed) {
            try {
                jaccard = jaccard(pipeline.runGold(goldKql), result.table().get());
            } catch (RuntimeException goldFailed) {
                error = "the gold query failed: " + goldFailed.getMessage();
            }
        }
        return new EvalRecord(line, question, gold, used, !kql.isEmpty() && used.containsAll(gold), guardValid,
                executed, jaccard, counting.calls.get(), counting.tokens.get(),
                (System.nanoTime() - started) / 1_000_000, kql, error);
    }

    private List<String> tablesOf(String kql) {
        GuardReport report = guard.check(kql);
        return report.tables();
    }

    /**
     * Row-set Jaccard over the columns both results have (by name, in the gold's order): |A ∩ B| / |A ∪ B| of the
     * distinct rows projected on those columns; -1 when they share no column, 1 when both are empty.
     */
    static double jaccard(ResultTable gold, ResultTable answer) {
        List<int[]> shared = new ArrayList<>();
        for (int g = 0; g < gold.columns().size(); g++) {
            int a = answer.columnIndex(gold.columns().get(g).name());
            if (a >= 0) {
                shared.add(new int[] {g, a});
            }
        }
        if (shared.isEmpty()) {
            return -1;
        }
        Set<List<String>> goldRows = project(gold, shared, 0);
        Set<List<String>> answerRows = project(answer, shared, 1);
        if (goldRows.isEmpty() && answerRows.isEmpty()) {
            return 1;
        }
        Set<List<String>> union = new HashSet<>(goldRows);
        union.addAll(answerRows);
        goldRows.retainAll(answerRows);
        return (double) goldRows.size() / union.size();
    }

    private static Set<List<String>> project(ResultTable table, List<int[]> shared, int side) {
        Set<List<String>> rows = new HashSet<>();
        for (List<Object> row : table.rows()) {
            List<String> key = new ArrayList<>(shared.size());
            for (int[] pair : shared) {
                key.add(String.valueOf(row.get(pair[side])));
            }
            rows.add(key);
        }
        return rows;
    }

    /** Counts the calls and tokens of one question. */
    private static final class CountingLlm implements LlmClient {
        private final LlmClient delegate;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong tokens = new AtomicLong();

        CountingLlm(LlmClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            ChatResponse response = delegate.complete(request);
            calls.addAndGet(Math.max(1, response.usage().calls()));
            tokens.addAndGet(response.usage().totalTokens());
            return response;
        }

        @Override
        public int countTokens(String text) {
            return delegate.countTokens(text);
        }
    }

    /** A task context with an empty session, the counting model, and no screen. */
    private final class Context implements TaskContext {
        private final SessionContext session = SessionContext.of("eval", List.of(), List.of());
        private final LlmClient model;

        Context(LlmClient model) {
            this.model = model;
        }

        @Override
        public SessionContext session() {
            return session;
        }

        @Override
        public <T extends Client> Optional<T> client(Class<T> type) {
            if (type == LlmClient.class) {
                return Optional.of(type.cast(model));
            }
            return plugin.client(type);
        }

        @Override
        public void progress(String message) {
            Objects.requireNonNull(message);
        }

        @Override
        public void artifact(Artifact artifact) {
            Objects.requireNonNull(artifact);
        }

        @Override
        public void textDelta(String text) {
            Objects.requireNonNull(text);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getAsBoolean();
        }
    }
}
