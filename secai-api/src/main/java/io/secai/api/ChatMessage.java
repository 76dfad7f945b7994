package io.secai.api;

import java.util.Objects;

/**
 * One message of a conversation with the model.
 *
 * @since 1.0
 */
public final class ChatMessage {

    /**
     * Who speaks.
     *
     * @since 1.0
     */
    public enum Role {
        /** Instructions from SecAI. */
        SYSTEM,
        /** The user, or data given on the user's behalf. */
        USER,
        /** The model. */
        ASSISTANT
    }

    private final Role role;
    private final String content;

    private ChatMessage(Role role, String content) {
        this.role = Objects.requireNonNull(role, "role");
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * Creates a message.
     *
     * @param role who speaks
     * @param content what is said
     * @return the message
     */
    public static ChatMessage of(Role role, String content) {
        return new ChatMessage(role, content);
    }

    /**
     * Creates a system message.
     *
     * @param content the instructions
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /**
     * Creates a user message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /**
     * Creates an assistant message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    /**
     * Tells who speaks.
     *
     * @return the role
     */
    public Role role() {
        return role;
    }

    /**
     * Gives what is said.
     *
     * @return the content
     */
    public String content() {
        return content;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatMessage that && role == that.role && content.equals(that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content);
    }

    @Override
    public String toString() {
        return "ChatMessage[role=" + role + ", content=" + content + "]";
    }
}
