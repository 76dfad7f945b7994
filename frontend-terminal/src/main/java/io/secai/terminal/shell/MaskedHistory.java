package io.secai.terminal.shell;

import java.time.Instant;

import org.jline.reader.impl.history.DefaultHistory;

import io.secai.engine.redaction.PromptSecrets;

/**
 * The input history with secrets masked as the engine masks them in prompts: a key pasted into a prompt must not
 * survive in the history file either.
 */
final class MaskedHistory extends DefaultHistory {

    private final PromptSecrets secrets;

    MaskedHistory(PromptSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void add(Instant time, String line) {
        super.add(time, secrets.mask(line).text());
    }
}
