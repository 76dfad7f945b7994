package io.secai.terminal.transcript;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.engine.ModelUsage;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.usage.Pricing;

/**
 * The result of {@code secai ask --format json}: one JSON object with the status, the plan, every task's result
 * (Markdown, table with typed columns and the real rows, evidence, warnings) and the token usage, for scripts.
 */
public final class JsonOutcome {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param sessionId the session the prompt ran in
     * @param prompt what was asked
     * @param outcome how it ended
     * @return the JSON text
     */
    public String write(String sessionId, String prompt, PromptOutcome outcome) {
        return write(sessionId, prompt, outcome, List.of(), Pricing.NONE);
    }

    /**
     * As {@link #write(String, String, PromptOutcome)}, with {@code models}: calls, tokens and cost per model
     * profile, for a run whose planner, KQL writer and answers went to different models.
     *
     * @param sessionId the session the prompt ran in
     * @param prompt what was asked
     * @param outcome how it ended
     * @param models the engine's usage per model profile
     * @param pricing the general prices, which a profile's own override
     * @return the JSON text
     */
    public String write(String sessionId, String prompt, PromptOutcome outcome, List<ModelUsage> models,
                        Pricing pricing) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", outcome.status().name());
        root.put("message", outcome.message());
        root.put("sessionId", sessionId);
        root.put("prompt", prompt);
        ArrayNode plan = root.putArray("plan");
        for (Task task : outcome.plan()) {
            plan.add(task(task));
        }
        ArrayNode tasks = root.putArray("tasks");
        for (TaskRecord record : outcome.tasks()) {
            ObjectNode node = task(record.task());
            node.put("status", record.result().status().name());
            node.put("markdown", record.result().markdown());
            record.result().table().ifPresent(table -> node.set("table", table(table)));
            ArrayNode artifacts = node.putArray("artifacts");
            for (Artifact artifact : record.result().artifacts()) {
                artifacts.addObject().put("kind", artifact.kind().name()).put("label", artifact.label())
                        .put("value", artifact.value());
            }
            ArrayNode warnings = node.putArray("warnings");
            record.result().warnings().forEach(warnings::add);
            node.set("usage", usage(record.result().usage()));
            tasks.add(node);
        }
        root.set("usage", usage(outcome.usage()));
        ArrayNode byModel = root.putArray("models");
        for (ModelUsage model : models) {
            ObjectNode node = byModel.addObject();
            node.put("profile", model.profile());
            node.put("provider", model.provider());
            node.put("model", model.model());
            node.setAll(usage(model.usage()));
            // Tokens from a server that reports none are counted here; without the model's encoding, estimated.
            node.put("tokenizer", model.exactTokens() ? "exact" : "estimate");
            pricing.forModel(model).cost(model.usage()).ifPresent(cost -> node.put("estimatedCost", cost));
        }
        root.put("elapsedMillis", outcome.elapsed().toMillis());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of plain values could not be written", e);
        }
    }

    private ObjectNode task(Task task) {
        ObjectNode node = mapper.createObjectNode();
        node.put("plugin", task.plugin());
        node.put("capability", task.capability());
        node.put("instruction", task.instruction());
        ObjectNode inputs = node.putObject("inputs");
        for (Map.Entry<String, String> input : task.inputs().entrySet()) {
            inputs.put(input.getKey(), input.getValue());
        }
        return node;
    }

    private ObjectNode table(ResultTable table) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode columns = node.putArray("columns");
        for (ResultTable.Column column : table.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type().name().toLowerCase(
                    java.util.Locale.ROOT));
        }
        ArrayNode rows = node.putArray("rows");
        for (List<Object> row : table.rows()) {
            ArrayNode cells = rows.addArray();
            for (Object value : row) {
                cells.addPOJO(value);
            }
        }
        node.put("totalRows", table.totalRows());
        node.put("truncated", table.truncated());
        return node;
    }

    private ObjectNode usage(TokenUsage usage) {
        ObjectNode node = mapper.createObjectNode();
        node.put("calls", usage.calls());
        node.put("promptTokens", usage.promptTokens());
        node.put("cachedPromptTokens", usage.cachedPromptTokens());
        node.put("completionTokens", usage.completionTokens());
        node.put("totalTokens", usage.totalTokens());
        return node;
    }
}
