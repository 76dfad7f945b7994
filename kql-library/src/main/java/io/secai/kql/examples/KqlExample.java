package io.secai.kql.examples;

import java.util.List;
import java.util.Objects;

/**
 * One known-good query from an analysts' library, with the words that describe it.
 *
 * @param id where it came from: the file's path inside its library folder, and for a page the heading above it
 * @param title its title (a page's first heading, a rule's name, a file's first comment line)
 * @param description what it finds, in words
 * @param kql the query
 * @param tags MITRE tactics and techniques, data connectors and data types, when the source names them
 */
public record KqlExample(String id, String title, String description, String kql, List<String> tags) {
    public KqlExample {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title.strip();
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(kql, "kql");
        tags = List.copyOf(tags);
    }
}
