package io.secai.plugin.llm.openai;

import java.util.Locale;

/**
 * What one model (one profile) has shown it accepts, learned from the first refusal and remembered for the client's
 * life, so that each refusal costs one extra call once and never again. Thread-safe.
 */
final class Capabilities {

    /** How structured output is asked for, best first. */
    enum Structured {
        /** {@code response_format: json_schema}: the server enforces the schema. */
        JSON_SCHEMA,
        /** {@code response_format: json_object}: valid JSON, the schema only in the prompt; checked and repaired. */
        JSON_MODE,
        /** No response format: the schema in the prompt, the JSON found in the text and repaired. */
        PLAIN_TEXT
    }

    /** Which request field carries the completion limit. */
    enum TokenLimit { MAX_TOKENS, MAX_COMPLETION_TOKENS }

    private volatile Structured structured = Structured.JSON_SCHEMA;
    private volatile boolean temperature = true;
    private volatile boolean streaming;
    private volatile TokenLimit tokenLimit;

    /** What a model accepts, as remembered between starts ({@link CapabilityStore}). */
    record Snapshot(Structured structured, boolean temperature, boolean streaming, TokenLimit tokenLimit) {
    }

    Capabilities(String model, boolean streaming) {
        this.streaming = streaming;
        // OpenAI's reasoning models refuse max_tokens; asking right the first time saves a refused call.
        this.tokenLimit = isReasoningModel(model) ? TokenLimit.MAX_COMPLETION_TOKENS : TokenLimit.MAX_TOKENS;
    }

    /**
     * @param remembered what an earlier start learned
     * @param streaming whether the profile wants streaming at all; what was remembered cannot turn it back on
     */
    Capabilities(Snapshot remembered, boolean streaming) {
        this.structured = remembered.structured();
        this.temperature = remembered.temperature();
        this.streaming = streaming && remembered.streaming();
        this.tokenLimit = remembered.tokenLimit();
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(structured, temperature, streaming, tokenLimit);
    }

    static boolean isReasoningModel(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = slash >= 0 ? name.substring(slash + 1) : name;
        return name.matches("o\\d.*") || name.startsWith("gpt-5");
    }

    Structured structured() {
        return structured;
    }

    /** Steps down one level of structured output and tells which one now applies. */
    synchronized Structured degradeStructured() {
        structured = structured == Structured.JSON_SCHEMA ? Structured.JSON_MODE : Structured.PLAIN_TEXT;
        return structured;
    }

    boolean temperature() {
        return temperature;
    }

    void refuseTemperature() {
        temperature = false;
    }

    boolean streaming() {
        return streaming;
    }

    void refuseStreaming() {
        streaming = false;
    }

    TokenLimit tokenLimit() {
        return tokenLimit;
    }

    synchronized void switchTokenLimit() {
        tokenLimit = tokenLimit == TokenLimit.MAX_TOKENS ? TokenLimit.MAX_COMPLETION_TOKENS : TokenLimit.MAX_TOKENS;
    }

    @Override
    public String toString() {
        return "Capabilities[structured=" + structured + ", temperature=" + temperature + ", streaming=" + streaming
                + ", tokenLimit=" + tokenLimit + "]";
    }
}
