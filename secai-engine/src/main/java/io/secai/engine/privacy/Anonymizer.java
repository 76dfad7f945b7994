package io.secai.engine.privacy;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's anonymization: masks what a request is about to send and turns the model's tokens back.
 *
 * <p>A request is read twice: the first pass only fills the session's map from the fields the policy names, so that
 * the second pass also masks those values where they appear earlier in the text (a description that names the
 * account before the {@code Entities} cell that holds it). Everything SecAI keeps (results, answers, the session,
 * the audit log) holds real values; tokens exist only between this class and the model.
 */
public final class Anonymizer {

    private final FieldPolicy policy;
    private final TokenVault vault;

    /**
     * @param policy what happens to each field
     * @param vault the session's map
     */
    public Anonymizer(FieldPolicy policy, TokenVault vault) {
        this.policy = policy;
        this.vault = vault;
    }

    /**
     * @param text what is about to be sent
     * @param report collects which fields were masked
     * @return the text with values replaced by tokens and denied fields removed
     */
    public String mask(String text, MaskReport report) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        new TextScanner(policy, new ValueMasker(vault, new MaskReport(), false)).scan(text, "");
        return new TextScanner(policy, new ValueMasker(vault, report, true)).scan(text, "");
    }

    /**
     * @param request a request a task or the planner is about to send
     * @param report collects which fields were masked
     * @return the same request with every message masked
     */
    public ChatRequest mask(ChatRequest request, MaskReport report) {
        MaskReport ignored = new MaskReport();
        // The first pass over every message fills the map, so a value named in a later message's field is masked
        // in an earlier message's text too.
        for (ChatMessage message : request.messages()) {
            if (message.role() != ChatMessage.Role.SYSTEM) {
                new TextScanner(policy, new ValueMasker(vault, ignored, false)).scan(message.content(), "");
            }
        }
        List<ChatMessage> masked = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            ValueMasker values = new ValueMasker(vault, report, true);
            // System messages are SecAI's and the plugins' instructions, which name fields as words ("Account:
            // FullName, Name, ..."): only the detectors and the known values apply to them.
            masked.add(ChatMessage.of(message.role(), message.role() == ChatMessage.Role.SYSTEM
                    ? values.text(message.content())
                    : new TextScanner(policy, values).scan(message.content(), "")));
        }
        ChatRequest copy = ChatRequest.of(request.purpose(), masked);
        if (request.responseSchema().isPresent()) {
            copy = copy.withSchema(request.responseSchema().get());
        }
        if (request.temperature().isPresent()) {
            copy = copy.withTemperature(request.temperature().getAsDouble());
        }
        if (request.maxTokens().isPresent()) {
            copy = copy.withMaxTokens(request.maxTokens().getAsInt());
        }
        return copy;
    }

    /**
     * @param text the model's text
     * @return the text with this session's tokens turned back into real values
     */
    public String reveal(String text) {
        return vault.reveal(text);
    }

    /** @return how many values the session has masked */
    public int maskedValues() {
        return vault.size();
    }
}
