package io.secai.engine.testing;

import io.secai.engine.loading.PluginJars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The two plugins the end-to-end tests drop into a plugins folder, compiled outside the reactor against the
 * secai-api jar alone, as a third party would build them.
 *
 * <ul>
 *   <li>{@code lookup} (capability {@code find}): returns a two-row host table and a query artifact, and writes
 *       into its Markdown which earlier tasks of the prompt it saw. With {@code plugins.lookup.context-words} above
 *       zero it gives a context text of that many words, so that a test can fill the session's token budget.</li>
 *   <li>{@code gpt} (capability {@code answer}): asks the {@link io.secai.api.LlmClient} of its task context, with
 *       the session context as rendered by {@link io.secai.api.SessionContext#asPromptText} in the system message
 *       and the instruction as the user message; its Markdown is the model's answer followed by which earlier
 *       tasks it saw. With {@code plugins.gpt.stream = true} it streams the answer to the task's
 *       {@link io.secai.api.TaskContext#textDelta}. It stands in for plugin-gpt, which builds after the engine.</li>
 *   <li>{@code hang} (capability {@code wait}): never returns. Interrupted, it ends as cancelled, unless its
 *       instruction says "ignore interrupts": then it swallows every interrupt, as a badly written plugin does.</li>
 * </ul>
 */
public final class EndToEndPlugins {

    /** The lookup plugin's name. */
    public static final String LOOKUP = "lookup";
    /** The lookup plugin's capability. */
    public static final String FIND = "find";
    /** The model-answering plugin's name, the planner's fallback. */
    public static final String GPT = "gpt";
    /** The model-answering plugin's capability. */
    public static final String ANSWER = "answer";
    /** The plugin that never ends by itself. */
    public static final String HANG = "hang";
    /** The hanging plugin's capability; an instruction containing "ignore interrupts" makes it deaf to them. */
    public static final String WAIT = "wait";
    /** The query the lookup plugin reports as its evidence. */
    public static final String LOOKUP_QUERY = "Inventory | where Risk > 5";

    private static final String LOOKUP_SOURCE = """
            package e2e.lookup;

            import io.secai.api.*;
            import java.util.List;
            import java.util.stream.Collectors;

            public final class LookupPlugin implements Plugin {
                private int contextWords;

                public String name() { return "lookup"; }
                public String version() { return "1.0"; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public String description() {
                    return "Looks up hosts in the asset inventory and returns them as a table.";
                }
                public List<Capability> capabilities() {
                    return List.of(Capability.of("find", "Find the hosts that match the instruction"));
                }
                public void start(PluginContext context) {
                    contextWords = context.settings().integer("plugins.lookup.context-words", 0);
                }

                public TaskResult run(Task task, TaskContext context) {
                    String seen = context.session().earlierTasks().stream()
                            .map(r -> r.task().plugin() + "/" + r.task().capability())
                            .collect(Collectors.joining(", "));
                    context.artifact(Artifact.of(Artifact.Kind.QUERY, "Inventory query", "%s"));
                    ResultTable table = ResultTable.of(
                            List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING),
                                    ResultTable.Column.of("Risk", ResultTable.ColumnType.INT)),
                            List.of(List.<Object>of("web-01", 7), List.<Object>of("db-02", 9)));
                    TaskResult.Builder result = TaskResult.builder()
                            .markdown("Found 2 hosts for: " + task.instruction() + "\\n\\nEarlier tasks seen: ["
                                    + seen + "]")
                            .table(table);
                    if (contextWords > 0) {
                        result.contextText("Hosts for " + task.instruction() + ": " + "host ".repeat(contextWords));
                    }
                    return result.build();
                }
            }
            """.formatted(LOOKUP_QUERY);

    private static final String GPT_SOURCE = """
            package e2e.gpt;

            import io.secai.api.*;
            import java.util.List;
            import java.util.stream.Collectors;

            public final class GptPlugin implements Plugin {
                private boolean stream;

                public String name() { return "gpt"; }
                public String version() { return "1.0"; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public String description() { return "Answers from the model over the session context."; }
                public List<Capability> capabilities() {
                    return List.of(Capability.of("answer", "Answer, summarise or draft from the context"));
                }
                public void start(PluginContext context) {
                    stream = context.settings().bool("plugins.gpt.stream", false);
                }

                public TaskResult run(Task task, TaskContext context) {
                    LlmClient llm = context.client(LlmClient.class)
                            .orElseThrow(() -> new SecAiException("no model client is available"));
                    String seen = context.session().earlierTasks().stream()
                            .map(r -> r.task().plugin() + "/" + r.task().capability()
                                    + r.result().table().map(t -> " with " + t.rows().size() + " rows").orElse(""))
                            .collect(Collectors.joining(", "));
                    ChatRequest request = ChatRequest.of("answer", List.of(
                            ChatMessage.system("You help security analysts. Context:\\n"
                                    + context.session().asPromptText(UntrustedText.newFence())),
                            ChatMessage.user(task.instruction())));
                    ChatResponse answer = stream ? llm.stream(request, context::textDelta) : llm.complete(request);
                    return TaskResult.builder()
                            .markdown(answer.content() + "\\n\\nEarlier tasks seen: [" + seen + "]")
                            .contextText(answer.content())
                            .build();
                }
            }
            """;

    private static final String HANG_SOURCE = """
            package e2e.hang;

            import io.secai.api.*;
            import java.util.List;

            public final class HangPlugin implements Plugin {
                public String name() { return "hang"; }
                public String version() { return "1.0"; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public String description() { return "Waits for ever, to test deadlines."; }
                public List<Capability> capabilities() {
                    return List.of(Capability.of("wait", "Wait for ever"));
                }

                public TaskResult run(Task task, TaskContext context) {
                    context.progress("waiting for ever");
                    boolean deaf = task.instruction().contains("ignore interrupts");
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            if (!deaf) {
                                Thread.currentThread().interrupt();
                                throw new TaskCancelledException();
                            }
                        }
                    }
                }
            }
            """;

    private EndToEndPlugins() {
    }

    /**
     * Compiles the plugins and lays out a plugins folder holding the chosen ones, each as its own jar.
     *
     * @param work a scratch folder for sources, classes and the plugins folder
     * @param names which plugins to put in ({@link #LOOKUP}, {@link #GPT})
     * @return the plugins folder
     */
    public static Path pluginsDir(Path work, String... names) throws IOException {
        Path classes = work.resolve("classes");
        if (!Files.isDirectory(classes)) {
            PluginJars.compile(Map.of("e2e.lookup.LookupPlugin", LOOKUP_SOURCE, "e2e.gpt.GptPlugin", GPT_SOURCE,
                    "e2e.hang.HangPlugin", HANG_SOURCE),
                    List.of(PluginJars.libs().resolve("secai-api.jar")), classes);
        }
        Path pluginsDir = Files.createDirectories(work.resolve("plugins-" + String.join("-", names)));
        for (String name : names) {
            String mainClass = switch (name) {
                case LOOKUP -> "e2e.lookup.LookupPlugin";
                case GPT -> "e2e.gpt.GptPlugin";
                case HANG -> "e2e.hang.HangPlugin";
                default -> throw new IllegalArgumentException("no end-to-end plugin named " + name);
            };
            PluginJars.jar(pluginsDir.resolve(name + ".jar"), classes, "e2e." + name,
                    Map.of("META-INF/services/io.secai.api.Plugin", mainClass + "\n"));
        }
        return pluginsDir;
    }
}
