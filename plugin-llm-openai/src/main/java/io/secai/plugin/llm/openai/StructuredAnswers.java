package io.secai.plugin.llm.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.JsonSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Structured answers from models that do not enforce a schema: the JSON is found in the text (code fences and prose
 * around it are dropped), checked for being an object with the schema's required fields, and when it is not, the
 * model gets one repair call that shows it what was wrong. What is still wrong after that is returned as it is, for
 * the caller's own validation (the planner then falls back to a plain answer and says why).
 */
final class StructuredAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The text of an answer is bounded by the model's token limit; this caps the repair prompt as well. */
    private static final int MAX_ECHO = 4000;

    private StructuredAnswers() {
    }

    static String instruction(JsonSchema schema) {
        return "Answer with one JSON object and nothing else: no prose, no code fence. It must follow this JSON "
                + "schema (\"" + schema.name() + "\"):\n" + schema.json();
    }

    static Map<String, Object> parseSchema(JsonSchema schema) {
        try {
            return JSON.readValue(schema.json(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("the JSON schema \"" + schema.name() + "\" is not a JSON object", e);
        }
    }

    /**
     * @param request what was asked
     * @param response what came back
     * @param mode how the schema was asked for
     * @param repair sends a repair request and returns its answer
     * @return the answer, its content the JSON object when one was found
     */
    static ChatResponse finish(ChatRequest request, ChatResponse response, Capabilities.Structured mode,
                               Function<ChatRequest, ChatResponse> repair) {
        if (request.responseSchema().isEmpty() || mode == Capabilities.Structured.JSON_SCHEMA) {
            return response;
        }
        JsonSchema schema = request.responseSchema().get();
        Verdict first = check(response.content(), schema);
        if (first.problem().isEmpty()) {
            return ChatResponse.of(first.json(), response.usage(), response.finishReason());
        }
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        String echo = response.content().length() > MAX_ECHO
                ? response.content().substring(0, MAX_ECHO) + " [...]" : response.content();
        messages.add(ChatMessage.assistant(echo));
        messages.add(ChatMessage.user("That answer cannot be used: " + first.problem().get() + ". Reply again with "
                + "only the JSON object that follows the schema."));
        ChatRequest again = ChatRequest.of(request.purpose(), messages).withSchema(schema);
        if (request.temperature().isPresent()) {
            again = again.withTemperature(request.temperature().getAsDouble());
        }
        if (request.maxTokens().isPresent()) {
            again = again.withMaxTokens(request.maxTokens().getAsInt());
        }
        ChatResponse second = repair.apply(again);
        Verdict repaired = check(second.content(), schema);
        String content = repaired.problem().isEmpty() ? repaired.json() : second.content();
        return ChatResponse.of(content, response.usage().plus(second.usage()), second.finishReason());
    }

    /** The JSON found and what is wrong with it, if anything. */
    record Verdict(String json, Optional<String> problem) {
    }

    static Verdict check(String text, JsonSchema schema) {
        String candidate = extract(text);
        JsonNode node;
        try {
            node = JSON.readTree(candidate);
        } catch (IOException e) {
            return new Verdict(candidate, Optional.of("it is not valid JSON"));
        }
        if (node == null || !node.isObject()) {
            return new Verdict(candidate, Optional.of("it is not a JSON object"));
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode required : schemaNode(schema).path("required")) {
            if (!node.has(required.asText())) {
                missing.add(required.asText());
            }
        }
        return missing.isEmpty() ? new Verdict(node.toString(), Optional.empty())
                : new Verdict(candidate, Optional.of("it lacks the required field" + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing)));
    }

    /** The outermost {...} of the text, so that a fence or a sentence around the object does not spoil it. */
    static String extract(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        return start >= 0 && end > start ? text.substring(start, end + 1) : text.strip();
    }

    private static JsonNode schemaNode(JsonSchema schema) {
        try {
            return JSON.readTree(schema.json());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
