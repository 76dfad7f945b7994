package io.secai.plugin.kql;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.TokenUsage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A hand-written {@link LlmClient} that answers from a script. The model is the one boundary these tests cannot
 * run for real (the engine's Azure OpenAI client and its fake belong to other modules), and the plugin only sees
 * the {@code io.secai.api} interface, so a scripted implementation of that interface is the honest stand-in: the
 * tests then assert what the plugin sent to the model and what it did with the answers.
 */
final class ScriptedLlm implements LlmClient {
    private final Deque<Function<ChatRequest, String>> answers = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();

    ScriptedLlm answer(String json) {
        answers.addLast(request -> json);
        return this;
    }

    ScriptedLlm answer(Function<ChatRequest, String> answer) {
        answers.addLast(answer);
        return this;
    }

    List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the text of every message of a request, joined */
    static String text(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        request.messages().forEach(m -> text.append(m.content()).append('\n'));
        return text.toString();
    }

    @Override
    public synchronized ChatResponse complete(ChatRequest request) {
        requests.add(request);
        if (answers.isEmpty()) {
            throw new AssertionError("the model was asked more often than scripted: " + text(request));
        }
        return new ChatResponse(answers.removeFirst().apply(request), new TokenUsage(1, 100, 20), "stop");
    }

    @Override
    public int countTokens(String text) {
        return text.length() / 4;
    }

    /** A JSON answer in the plugin's schema. */
    static String kql(String kql, String rationale, String timespan) {
        return "{\"tables\":[],\"kql\":" + quote(kql) + ",\"rationale\":" + quote(rationale) + ",\"timespan\":"
                + quote(timespan) + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
