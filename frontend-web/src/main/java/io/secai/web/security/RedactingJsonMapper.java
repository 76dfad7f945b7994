package io.secai.web.security;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Stream;

import io.javalin.json.JsonMapper;
import io.secai.api.Redactor;

/**
 * Every JSON answer of the API passes the redactor, so a secret that reached a session, a result or an error
 * message (in any encoding the redactor knows) never leaves the server.
 */
public final class RedactingJsonMapper implements JsonMapper {

    private final JsonMapper delegate;
    private final Redactor redactor;

    /**
     * @param delegate writes and reads the JSON
     * @param redactor masks secrets in what is written
     */
    public RedactingJsonMapper(JsonMapper delegate, Redactor redactor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public String toJsonString(Object value, Type type) {
        return redactor.redact(delegate.toJsonString(value, type));
    }

    @Override
    public InputStream toJsonStream(Object value, Type type) {
        return new ByteArrayInputStream(toJsonString(value, type).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeToOutputStream(Stream<?> stream, OutputStream outputStream) {
        throw new UnsupportedOperationException("streamed JSON is not redacted; answer with a whole document");
    }

    @Override
    public <T> T fromJsonString(String json, Type type) {
        return delegate.fromJsonString(json, type);
    }

    @Override
    public <T> T fromJsonStream(InputStream json, Type type) {
        return delegate.fromJsonStream(json, type);
    }
}
