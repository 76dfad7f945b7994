package io.secai.engine.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.Capability;
import io.secai.api.Plugin;
import io.secai.api.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Collectors;

/**
 * Reads the model's plan and checks it against the loaded plugins. The model's answer is untrusted input: every name
 * must match a plugin, a capability of that plugin and that capability's parameters.
 */
final class PlanValidator {

    private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("r\\d{1,6}(\\.\\d{1,2})?");
    private static final int MAX_HANDLES = 50;

    /** More tasks than this is a plan gone wrong, not a request. */
    static final int MAX_TASKS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Plugin> plugins = new LinkedHashMap<>();

    PlanValidator(List<Plugin> loaded) {
        loaded.forEach(plugin -> plugins.put(plugin.name().toLowerCase(Locale.ROOT), plugin));
    }

    /**
     * The outcome: the tasks when the plan is valid, else why not.
     *
     * @param tasks the validated tasks, empty when invalid
     * @param problem why the plan is invalid, empty when valid
     * @param results per task, the handles of the earlier results it needs in full (well-formed handles only)
     */
    record Verdict(Optional<List<Task>> tasks, String problem, List<Set<String>> results) {
        static Verdict valid(List<Task> tasks, List<Set<String>> results) {
            return new Verdict(Optional.of(List.copyOf(tasks)), "", List.copyOf(results));
        }

        static Verdict invalid(String problem) {
            return new Verdict(Optional.empty(), problem, List.of());
        }
    }

    Verdict check(String answer) {
        JsonNode root;
        try {
            root = JSON.readTree(withoutCodeFence(answer));
        } catch (JsonProcessingException e) {
            return Verdict.invalid("the answer is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.path("tasks").isArray()) {
            return Verdict.invalid("the answer has no \"tasks\" list");
        }
        JsonNode items = root.get("tasks");
        if (items.isEmpty()) {
            return Verdict.invalid("the plan has no tasks");
        }
        if (items.size() > MAX_TASKS) {
            return Verdict.invalid("the plan has " + items.size() + " tasks; at most " + MAX_TASKS + " are allowed");
        }
        List<Task> tasks = new ArrayList<>();
        List<Set<String>> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<String> problem = checkTask(items.get(i), i + 1, tasks);
            if (problem.isPresent()) {
                return Verdict.invalid(problem.get());
            }
            results.add(handles(items.get(i).path("results")));
        }
        // A model that leaves "results" out altogether (one that does not follow the schema) did not choose: its
        // tasks get the whole window, as before digests, rather than lose what they may need.
        boolean chose = false;
        for (JsonNode item : items) {
            chose |= item.has("results");
        }
        return Verdict.valid(tasks, chose ? results : List.of());
    }

    private Optional<String> checkTask(JsonNode item, int number, List<Task> tasks) {
        String pluginName = item.path("plugin").asText("").strip();
        String capabilityName = item.path("capability").asText("").strip();
        String instruction = item.path("instruction").asText("").strip();
        if (!item.isObject() || pluginName.isEmpty() || capabilityName.isEmpty()) {
            return Optional.of("task " + number + " does not name a plugin and a capability");
        }
        Plugin plugin = plugins.get(pluginName.toLowerCase(Locale.ROOT));
        if (plugin == null) {
            return Optional.of("unknown plugin \"" + pluginName + "\" in task " + number + " (loaded: "
                    + String.join(", ", plugins.values().stream().map(Plugin::name).toList()) + ")");
        }
        Optional<Capability> capability = plugin.capabilities().stream()
                .filter(each -> each.name().equalsIgnoreCase(capabilityName)).findFirst();
        if (capability.isEmpty()) {
            return Optional.of("plugin \"" + plugin.name() + "\" has no capability \"" + capabilityName + "\" (it has: "
                    + plugin.capabilities().stream().map(Capability::name).collect(Collectors.joining(", ")) + ")");
        }
        if (instruction.isEmpty()) {
            return Optional.of("task " + number + " has no instruction");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (JsonNode input : item.path("inputs")) {
            String name = input.path("name").asText("").strip();
            Optional<Capability.Parameter> parameter = capability.get().parameters().stream()
                    .filter(each -> each.name().equals(name)).findFirst();
            if (parameter.isEmpty()) {
                return Optional.of("capability \"" + plugin.name() + "/" + capability.get().name()
                        + "\" has no input \"" + name + "\"");
            }
            inputs.put(name, input.path("value").asText(""));
        }
        for (Capability.Parameter parameter : capability.get().parameters()) {
            if (parameter.required() && inputs.getOrDefault(parameter.name(), "").isBlank()) {
                return Optional.of("task " + number + " (" + plugin.name() + "/" + capability.get().name()
                        + ") lacks the required input \"" + parameter.name() + "\"");
            }
        }
        tasks.add(Task.of(plugin.name(), capability.get().name(), instruction, inputs));
        return Optional.empty();
    }

    /**
     * The handles a task names; anything that is not a handle is ignored (it can only fail to show a result), and
     * the list is bounded like the plan.
     */
    private static Set<String> handles(JsonNode list) {
        Set<String> handles = new LinkedHashSet<>();
        for (JsonNode item : list) {
            String handle = item.asText("").strip().toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
            if (HANDLE.matcher(handle).matches() && handles.size() < MAX_HANDLES) {
                handles.add(handle);
            }
        }
        return handles;
    }

    /** Models that ignore the response format wrap JSON in a Markdown fence; the content is what counts. */
    private static String withoutCodeFence(String answer) {
        String text = answer.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int closing = text.lastIndexOf("```");
            if (firstLine > 0 && closing > firstLine) {
                return text.substring(firstLine + 1, closing);
            }
        }
        return text;
    }
}
