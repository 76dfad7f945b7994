package io.secai.api;

import java.util.Objects;

/**
 * One message of a conversation with the model.
 *
 * @param role who speaks
 * @param content what is said
 */
public record ChatMessage(Role role, String content) {

    /** Who speaks. */
    public enum Role {
        /** Instructions from SecAI. */
        SYSTEM,
        /** The user, or data given on the user's behalf. */
        USER,
        /** The model. */
        ASSISTANT
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** @param content the instructions @return a system message */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /** @param content the text @return a user message */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /** @param content the text @return an assistant message */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
