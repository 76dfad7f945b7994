package io.secai.plugin.kql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.PluginContext;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.skill.KqlSkill;
import io.secai.kql.skill.SkillFiles;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code skills describe} (every loaded skill with its typed inputs, as JSON) and {@code skills run NAME
 * [NAME=VALUE]...} (one skill run, its result as JSON). They exist for SecAI's MCP server, which offers each skill as
 * a tool of its own but reaches plugins only through their commands: {@code run} hands the skill to the plugin's own
 * {@link io.secai.api.Plugin#run} as a task, exactly as the planner would, so the typed literals and the read-only
 * guard apply unchanged. Exit 0 when the skill ran, 1 when it was refused or failed (the JSON still says why), 2 for
 * a wrong command line.
 */
final class SkillCalls {

    private final Supplier<SkillFiles.Loaded> loaded;
    private final BiFunction<Task, TaskContext, TaskResult> runner;
    private final Supplier<PluginContext> plugin;
    private final ObjectMapper json;

    SkillCalls(Supplier<SkillFiles.Loaded> loaded, BiFunction<Task, TaskContext, TaskResult> runner,
               Supplier<PluginContext> plugin, ObjectMapper json) {
        this.loaded = loaded;
        this.runner = runner;
        this.plugin = plugin;
        this.json = json;
    }

    int describe(PrintStream out) {
        ArrayNode skills = json.createArrayNode();
        for (KqlSkill skill : loaded.get().skills()) {
            ObjectNode node = skills.addObject();
            node.put("name", skill.name());
            node.put("description", skill.description());
            node.put("workspace", skill.target());
            ArrayNode inputs = node.putArray("inputs");
            for (KqlSkill.Input input : skill.inputs()) {
                ObjectNode in = inputs.addObject();
                in.put("name", input.name());
                in.put("type", input.type().written());
                in.put("description", input.description());
                input.defaultValue().ifPresent(value -> in.put("default", value));
                in.put("required", input.defaultValue().isEmpty());
            }
        }
        ObjectNode root = json.createObjectNode();
        root.set("skills", skills);
        out.println(root.toString());
        return 0;
    }

    int run(List<String> words, PrintStream out, PrintStream err) {
        if (words.isEmpty()) {
            err.println("Usage: secai skills run NAME [INPUT=VALUE]...");
            return 2;
        }
        String name = words.get(0);
        Optional<KqlSkill> skill = loaded.get().skills().stream().filter(s -> s.name().equals(name)).findFirst();
        if (skill.isEmpty()) {
            err.println("No KQL skill named " + name + "; see secai skills list.");
            return 2;
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String word : words.subList(1, words.size())) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                err.println("Give each input as NAME=VALUE, not \"" + word + "\".");
                return 2;
            }
            inputs.put(word.substring(0, equals), word.substring(equals + 1));
        }
        List<Artifact> shown = new ArrayList<>();
        TaskResult result = runner.apply(Task.of("sentinel-kql", name, "", inputs), new CommandTaskContext(shown,
                err));
        out.println(answer(name, result, shown).toString());
        return result.status() == TaskResult.Status.SUCCEEDED ? 0 : 1;
    }

    private ObjectNode answer(String name, TaskResult result, List<Artifact> shown) {
        ObjectNode root = json.createObjectNode();
        root.put("skill", name);
        root.put("status", result.status().name().toLowerCase(Locale.ROOT));
        root.put("ran", result.status() == TaskResult.Status.SUCCEEDED);
        root.put("markdown", result.markdown());
        List<Artifact> artifacts = new ArrayList<>(shown);
        result.artifacts().stream().filter(a -> !artifacts.contains(a)).forEach(artifacts::add);
        artifacts.stream().filter(a -> a.kind() == Artifact.Kind.QUERY).reduce((first, second) -> second)
                .ifPresent(query -> root.put("kql", query.value()));
        result.table().ifPresent(table -> table(root, table));
        ArrayNode warnings = root.putArray("warnings");
        result.warnings().forEach(warnings::add);
        return root;
    }

    private void table(ObjectNode root, ResultTable table) {
        ArrayNode columns = root.putArray("columns");
        for (ResultTable.Column column : table.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode rows = root.putArray("rows");
        for (List<Object> row : table.rows()) {
            ObjectNode record = rows.addObject();
            for (int i = 0; i < table.columns().size() && i < row.size(); i++) {
                record.set(table.columns().get(i).name(), json.valueToTree(row.get(i)));
            }
        }
        root.put("truncated", table.truncated());
    }

    /** A task context for a command: the plugin's own clients, progress to standard error, never cancelled. */
    private final class CommandTaskContext implements TaskContext {
        private final List<Artifact> shown;
        private final PrintStream err;

        CommandTaskContext(List<Artifact> shown, PrintStream err) {
            this.shown = shown;
            this.err = err;
        }

        @Override
        public SessionContext session() {
            return SessionContext.of("command", List.of(), List.of());
        }

        @Override
        public <T extends Client> Optional<T> client(Class<T> type) {
            return plugin.get().client(type);
        }

        @Override
        public void progress(String message) {
            err.println(message);
        }

        @Override
        public void artifact(Artifact artifact) {
            shown.add(artifact);
        }

        @Override
        public void textDelta(String text) {
            // A skill calls no model; there is no text to stream.
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
