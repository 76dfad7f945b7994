package io.secai.api;

import java.util.Objects;

/**
 * A JSON schema for structured model output, as text so that no JSON library crosses the plugin boundary.
 *
 * @since 1.0
 */
public final class JsonSchema {

    private final String name;
    private final String json;

    private JsonSchema(String name, String json) {
        this.name = Objects.requireNonNull(name, "name");
        this.json = Objects.requireNonNull(json, "json");
        if (!name.matches("[a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("schema name must match [a-zA-Z0-9_-]+: " + name);
        }
    }

    /**
     * Creates a schema.
     *
     * @param name a name for the schema ({@code [a-zA-Z0-9_-]+})
     * @param json the schema document
     * @return the schema
     */
    public static JsonSchema of(String name, String json) {
        return new JsonSchema(name, json);
    }

    /**
     * Gives the schema's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Gives the schema document.
     *
     * @return the JSON text
     */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonSchema that && name.equals(that.name) && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, json);
    }

    @Override
    public String toString() {
        return "JsonSchema[name=" + name + ", json=" + json + "]";
    }
}
