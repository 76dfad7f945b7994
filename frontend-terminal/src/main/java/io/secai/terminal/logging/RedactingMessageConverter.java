package io.secai.terminal.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %redactedMsg}: the log message with every configured secret masked, a safety net under the rule that
 * nothing logs a secret (SDKs sometimes echo a request in an exception message).
 */
public final class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogSetup.redact(getContext(), super.convert(event));
    }
}
