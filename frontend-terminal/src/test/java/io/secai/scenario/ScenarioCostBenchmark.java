package io.secai.scenario;

import io.secai.engine.Engine;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * What the seed's two sample sessions cost in SecAI, next to the Python original's figures on the same data:
 * model calls, prompt and completion tokens (o200k_base, counted by the fake as the scenario's README counts them),
 * bytes sent to the model, result rows and page characters that reached the model, and SecAI's own time.
 *
 * <p>Run with {@code bench/scenario-cost.sh [RUNS]}. Each run starts a fresh engine (fresh data dir, so the workspace
 * schema is read again) and replays both sessions; the first run warms the JVM and is reported apart, the others
 * give medians. SecAI's own time is the wall time of a prompt minus the CPU time the fakes' threads used meanwhile
 * (their handlers, the scripted model, the HTTP servers): an upper bound, since a fake's wall time on a busy machine
 * exceeds its CPU time. The extended schema (the Sentinel plugin's first-start description of every table) is
 * measured in a separate engine with {@code load-schema=true}.
 */
public final class ScenarioCostBenchmark {

    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(3);

    private final ScenarioData data;
    private final ScenarioWorld world;
    private final RequestMeter meter;
    private final PrintStream out;

    private ScenarioCostBenchmark(ScenarioData data, ScenarioWorld world, PrintStream out) {
        this.data = data;
        this.world = world;
        this.meter = new RequestMeter(data);
        this.out = out;
    }

    /** What one prompt cost. */
    private record Cost(int calls, long promptTokens, long completionTokens, long bytes, long rows, long pageChars,
                        long queries, Duration ownTime, Duration wall, long cachedTokens) {
        static final Cost NONE = new Cost(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0);

        Cost plus(Cost other) {
            return new Cost(calls + other.calls, promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens, bytes + other.bytes, rows + other.rows,
                    pageChars + other.pageChars, queries + other.queries, ownTime.plus(other.ownTime),
                    wall.plus(other.wall), cachedTokens + other.cachedTokens);
        }
    }

    /**
     * @param args {@code [RUNS] [KEY=VALUE...]}: how many measured runs after the warm-up run (default 3), and
     *             settings for every engine (e.g. {@code privacy.anonymize=true})
     * @throws IOException when the scratch folder cannot be made
     */
    public static void main(String[] args) throws IOException {
        int runs = 3;
        Map<String, String> overrides = new java.util.TreeMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                overrides.put(arg.substring(0, equals).strip(), arg.substring(equals + 1).strip());
            } else {
                runs = Integer.parseInt(arg.strip());
            }
        }
        Path shared = ScenarioData.sharedDataFolder();
        Optional<ScenarioData> data = ScenarioData.load(shared);
        if (data.isEmpty()) {
            System.out.println("scenario-cost: no scenario data in " + shared
                    + " (scenario/sessions.json); set SECAI_SHARED_DATA. Skipped.");
            return;
        }
        Path scratch = Files.createTempDirectory("secai-scenario-cost");
        try (ScenarioWorld world = ScenarioWorld.start(data.get(), scratch)) {
            world.override(overrides);
            if (Boolean.parseBoolean(overrides.getOrDefault("privacy.anonymize", "false"))) {
                // The scripted model's answers name the real users; it reads the wire through the session's map.
                world.modelReadsTokens();
            }
            if (!overrides.isEmpty()) {
                System.out.println("Settings overridden for every engine of this run: " + overrides);
                System.out.println();
            }
            new ScenarioCostBenchmark(data.get(), world, System.out).run(Math.max(1, runs));
        } finally {
            deleteRecursively(scratch);
        }
    }

    private void run(int measuredRuns) {
        List<List<ScenarioWorld.PromptRun>> replays = new ArrayList<>();
        for (int i = 0; i <= measuredRuns; i++) {
            try (Engine engine = world.startEngine("run-" + i, false)) {
                List<ScenarioWorld.PromptRun> replay = new ArrayList<>();
                for (ScenarioData.Session session : data.sessions()) {
                    replay.addAll(world.replay(engine, session));
                }
                replays.add(replay);
            }
        }
        if (!world.model().violations().isEmpty()) {
            throw new IllegalStateException("the scripted model refused requests: " + world.model().violations());
        }
        dump(replays.get(replays.size() - 1));
        List<ScenarioWorld.PromptRun> cold = replays.get(0);
        List<List<ScenarioWorld.PromptRun>> warm = replays.subList(1, replays.size());
        List<Cost> costs = new ArrayList<>();
        for (int p = 0; p < cold.size(); p++) {
            int index = p;
            costs.add(median(warm.stream().map(replay -> cost(replay.get(index))).toList()));
        }
        Cost total = report(cold, costs, measuredRuns);
        FirstStart onDemand = extendedSchema("on-demand");
        FirstStart background = extendedSchema("background");
        out.printf(Locale.ROOT, "First start, extended schema (%d tables, 3 sample rows each, "
                        + "`plugins.sentinel-kql.load-schema=true`), before the first answer (prompt 1): on demand "
                        + "(the default) %d LLM calls, %,d prompt tokens, describing only the tables prompt 1's "
                        + "shortlist picked; the whole build (`schema-build=background`, or `secai kql schema "
                        + "build`) %d calls, %,d prompt tokens; the original %d calls, %,d prompt tokens, all before "
                        + "its first answer.%n",
                data.workspace().tables().size(), onDemand.calls(), onDemand.promptTokens(), background.calls(),
                background.promptTokens(), OriginalPattern.SCHEMA_CALLS, OriginalPattern.SCHEMA_PROMPT_TOKENS);
        out.println();
        out.printf(Locale.ROOT, "calls=%d prompt_tokens=%d completion_tokens=%d first_start_calls=%d "
                        + "first_start_prompt_tokens=%d%n", total.calls(), total.promptTokens(),
                total.completionTokens(), onDemand.calls(), onDemand.promptTokens());
    }

    /** What the extended schema cost before the first answer. */
    private record FirstStart(int calls, long promptTokens) {
    }

    /**
     * Writes each request of the last run to the folder named by {@code SECAI_SCENARIO_DUMP}, one file per call
     * ({@code p<prompt>-<n>-<schema>.txt}), to see where the tokens go.
     */
    private void dump(List<ScenarioWorld.PromptRun> replay) {
        String folder = System.getenv("SECAI_SCENARIO_DUMP");
        if (folder == null || folder.isBlank()) {
            return;
        }
        try {
            Path target = Files.createDirectories(Path.of(folder));
            for (ScenarioWorld.PromptRun run : replay) {
                int n = 0;
                for (ChatCall call : run.calls()) {
                    StringBuilder text = new StringBuilder();
                    text.append("# prompt tokens ").append(world.openAi().promptTokens(call)).append(", cached ")
                            .append(world.openAi().cachedTokens(call)).append('\n');
                    for (ChatCall.Message message : call.messages()) {
                        text.append("=== ").append(message.role()).append(" (")
                                .append(world.openAi().countTokens(message.content())).append(" tokens)\n")
                                .append(message.content()).append('\n');
                    }
                    Files.writeString(target.resolve("p" + run.prompt().number() + "-" + (++n) + "-"
                            + call.schemaName().orElse("text") + ".txt"), text);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Cost cost(ScenarioWorld.PromptRun run) {
        FakeOpenAi openAi = world.openAi();
        long prompt = 0;
        long completion = 0;
        long bytes = 0;
        long rows = 0;
        long pageChars = 0;
        Map<Integer, String> replies = new HashMap<>();
        world.model().turns().forEach(turn -> replies.put(turn.call().number(), turn.content()));
        for (ChatCall call : run.calls()) {
            prompt += openAi.promptTokens(call);
            completion += openAi.countTokens(replies.getOrDefault(call.number(), ""));
            bytes += call.body().getBytes(StandardCharsets.UTF_8).length;
            String text = call.allText();
            rows += meter.rows(text);
            pageChars += meter.pageCharacters(text);
        }
        // What SecAI read from the responses' usage.prompt_tokens_details.cached_tokens, not the fake's own count.
        long cached = run.outcome().usage().cachedPromptTokens();
        return new Cost(run.calls().size(), prompt, completion, bytes, rows, pageChars, run.queries().size(),
                run.ownTime(), run.wall(), cached);
    }

    private static Cost median(List<Cost> costs) {
        return new Cost((int) middle(costs, Cost::calls), middle(costs, Cost::promptTokens),
                middle(costs, Cost::completionTokens), middle(costs, Cost::bytes), middle(costs, Cost::rows),
                middle(costs, Cost::pageChars), middle(costs, Cost::queries), Duration.ofNanos(middle(costs, c -> c.ownTime().toNanos())),
                Duration.ofNanos(middle(costs, c -> c.wall().toNanos())), middle(costs, Cost::cachedTokens));
    }

    private static long middle(List<Cost> costs, ToLongFunction<Cost> metric) {
        List<Long> values = costs.stream().map(metric::applyAsLong).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }

    private Cost report(List<ScenarioWorld.PromptRun> cold, List<Cost> costs, int measuredRuns) {
        out.println("## What the seed's sample sessions cost");
        out.println();
        out.println("`bench/scenario-cost.sh " + measuredRuns + "`: both sessions replayed through the real engine, "
                + "plugins and Azure SDK clients against local fakes (scenario data: " + data.folder() + "). "
                + "Tokens are o200k_base, counted as the scenario's README counts the original's (message contents + "
                + "3 per message + 3 per call); figures are medians of " + measuredRuns + " runs after a warm-up run. "
                + "In brackets: the original's calls for the same prompt.");
        out.println();
        out.println("| # | prompt | plan | LLM calls (original) | prompt tokens | completion tokens | bytes to LLM "
                + "| result rows in LLM requests | page chars in LLM requests | Log Analytics queries | SecAI time |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        Cost total = Cost.NONE;
        int originalTotal = 0;
        int index = 0;
        for (ScenarioData.Session session : data.sessions()) {
            Cost sessionCost = Cost.NONE;
            int originalSession = 0;
            for (ScenarioData.Prompt prompt : session.prompts()) {
                ScenarioWorld.PromptRun run = cold.get(index);
                Cost cost = costs.get(index);
                index++;
                String plan = String.join(" + ", run.outcome().plan().stream()
                        .map(task -> task.plugin() + "/" + task.capability()).toList());
                out.println(row(Integer.toString(prompt.number()), shorten(prompt.text()), plan + status(run), cost,
                        OriginalPattern.calls(prompt)));
                sessionCost = sessionCost.plus(cost);
                originalSession += OriginalPattern.calls(prompt);
            }
            out.println(row("", "**" + session.name() + "**", "", sessionCost, originalSession));
            total = total.plus(sessionCost);
            originalTotal += originalSession;
        }
        out.println(row("", "**both sessions**", "", total, originalTotal));
        out.println();
        out.println("Rows and page characters count what the requests carried, measured in the requests the fake "
                + "model received (a row counts when one line holds all its short cells; page text by sentence). "
                + "Prompt 1 includes reading the workspace's tables and columns (1 table list + 1 getschema per "
                + "table), as on any fresh data dir.");
        out.println();
        out.printf(Locale.ROOT, "Original, same 8 prompts: %d LLM calls, %,d prompt tokens (%s). SecAI: %d calls "
                        + "(%.0f%% of the original's), %,d prompt tokens (%.0f%%).%n",
                OriginalPattern.TOTAL_CALLS, OriginalPattern.TOTAL_PROMPT_TOKENS,
                "4 per Sentinel prompt, 3 for the executive summary, 5 per fetch prompt, 3 for the ARM template",
                total.calls(), 100.0 * total.calls() / OriginalPattern.TOTAL_CALLS, total.promptTokens(),
                100.0 * total.promptTokens() / OriginalPattern.TOTAL_PROMPT_TOKENS);
        Duration coldWall = cold.stream().map(ScenarioWorld.PromptRun::wall).reduce(Duration.ZERO, Duration::plus);
        Duration coldOwn = cold.stream().map(ScenarioWorld.PromptRun::ownTime)
                .reduce(Duration.ZERO, Duration::plus);
        out.printf(Locale.ROOT, "SecAI time = wall time minus the fakes' CPU time (an upper bound). Warm JVM: %s "
                        + "for all 8 prompts (wall %s); the first run in a cold JVM: %s (wall %s).%n",
                millis(total.ownTime()), millis(total.wall()), millis(coldOwn), millis(coldWall));
        out.printf(Locale.ROOT, "Cached prompt tokens (as SecAI read them from the responses' "
                        + "usage.prompt_tokens_details.cached_tokens; the fake plays the service's prefix cache: "
                        + "1,024 tokens or more, in steps of 128): %,d of the %,d prompt tokens.%n",
                total.cachedTokens(), total.promptTokens());
        out.println();
        return total;
    }

    /**
     * The extended schema's calls before the first answer: an engine with {@code load-schema=true} and the given
     * build mode runs prompt 1. On demand, the calls are the descriptions of the tables prompt 1's shortlist
     * picked, made inside the prompt; in the background, the whole build is awaited (it competes with the first
     * prompts for the model), as the original builds it all before its first answer.
     */
    private FirstStart extendedSchema(String mode) {
        int tables = data.workspace().tables().size();
        ScenarioData.Prompt first = data.allPrompts().stream().filter(ScenarioData.Prompt::asksSentinel)
                .findFirst().orElseThrow();
        int callsBefore = world.openAi().callCount();
        Map<String, String> build = Map.of("plugins.sentinel-kql.schema-build", mode);
        world.override(build);
        try (Engine engine = world.startEngine("extended-schema-" + mode, true)) {
            String session = engine.sessions().create("analyst").id();
            ScenarioWorld.PromptRun run = world.run(engine, session, first);
            if (!run.outcome().succeeded()) {
                throw new IllegalStateException("prompt 1 failed with the extended schema: " + run.outcome().message());
            }
            if (mode.equals("background")) {
                long deadline = System.nanoTime() + SCHEMA_TIMEOUT.toNanos();
                while (descriptions(callsBefore).size() < tables && System.nanoTime() < deadline) {
                    sleep(Duration.ofMillis(100));
                }
                sleep(Duration.ofMillis(500));
            }
            List<ChatCall> calls = descriptions(callsBefore);
            return new FirstStart(calls.size(), calls.stream().mapToLong(world.openAi()::promptTokens).sum());
        }
    }

    private List<ChatCall> descriptions(int callsBefore) {
        List<ChatCall> calls = world.openAi().calls();
        return calls.subList(callsBefore, calls.size()).stream()
                .filter(call -> call.schemaName().filter("table_description"::equals).isPresent()).toList();
    }

    private static String row(String number, String prompt, String plan, Cost cost, int originalCalls) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %d (%d) | %,d | %,d | %,d | %d | %,d | %d | %s |",
                number, prompt, plan, cost.calls(), originalCalls, cost.promptTokens(), cost.completionTokens(),
                cost.bytes(), cost.rows(), cost.pageChars(), cost.queries(), millis(cost.ownTime()));
    }

    private static String status(ScenarioWorld.PromptRun run) {
        return run.outcome().succeeded() ? "" : " (" + run.outcome().status() + ": " + run.outcome().message() + ")";
    }

    private static String shorten(String prompt) {
        String text = prompt.replace("|", "\\|");
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
