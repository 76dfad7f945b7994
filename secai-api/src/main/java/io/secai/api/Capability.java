package io.secai.api;

import java.util.List;
import java.util.Objects;

/**
 * One thing a plugin can do, described for the planner.
 *
 * @param name a short identifier, unique within the plugin (for example {@code run-kql})
 * @param description when to use it, in a sentence the planner can act on
 * @param parameters optional named inputs the planner may fill in a task's {@link Task#inputs()}
 */
public record Capability(String name, String description, List<Parameter> parameters) {

    public Capability {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
    }

    /**
     * A capability without parameters.
     *
     * @param name the identifier
     * @param description when to use it
     */
    public Capability(String name, String description) {
        this(name, description, List.of());
    }

    /**
     * A named input of a capability.
     *
     * @param name the key in {@link Task#inputs()}
     * @param description what value to give
     * @param required whether a task must carry it
     */
    public record Parameter(String name, String description, boolean required) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }
}
