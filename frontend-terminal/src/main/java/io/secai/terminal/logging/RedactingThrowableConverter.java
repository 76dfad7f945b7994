package io.secai.terminal.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %redactedEx}: the stack trace with every configured secret masked, as {@link RedactingMessageConverter}. */
public final class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogSetup.redact(getContext(), super.convert(event));
    }
}
