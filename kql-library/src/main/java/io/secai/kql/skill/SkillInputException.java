package io.secai.kql.skill;

import io.secai.api.SecAiException;

/** A value cannot be given to a skill input (wrong type, too long, unusable characters); says which and why. */
public final class SkillInputException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /** @param message for the user, naming the input */
    public SkillInputException(String message) {
        super(message);
    }
}
