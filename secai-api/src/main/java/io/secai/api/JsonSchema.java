package io.secai.api;

import java.util.Objects;

/**
 * A JSON schema for structured model output, as text so that no JSON library crosses the plugin boundary.
 *
 * @param name a name for the schema ({@code [a-zA-Z0-9_-]+})
 * @param json the schema document
 */
public record JsonSchema(String name, String json) {
    public JsonSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
        if (!name.matches("[a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("schema name must match [a-zA-Z0-9_-]+: " + name);
        }
    }
}
