package io.secai.api;

import java.util.List;
import java.util.Objects;

/**
 * One thing a plugin can do, described for the planner.
 *
 * @since 1.0
 */
public final class Capability {

    private final String name;
    private final String description;
    private final List<Parameter> parameters;

    private Capability(String name, String description, List<Parameter> parameters) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Describes a capability without parameters.
     *
     * @param name a short identifier, unique within the plugin (for example {@code run-kql})
     * @param description when to use it, in a sentence the planner can act on
     * @return the capability
     */
    public static Capability of(String name, String description) {
        return new Capability(name, description, List.of());
    }

    /**
     * Describes a capability with named inputs.
     *
     * @param name a short identifier, unique within the plugin
     * @param description when to use it
     * @param parameters inputs the planner may fill in a task's {@link Task#inputs()}
     * @return the capability
     */
    public static Capability of(String name, String description, List<Parameter> parameters) {
        return new Capability(name, description, parameters);
    }

    /**
     * Gives the identifier, unique within the plugin.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Gives when to use it, in a sentence the planner can act on.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Gives the named inputs the planner may fill in a task's {@link Task#inputs()}.
     *
     * @return the parameters, possibly none
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Capability that && name.equals(that.name) && description.equals(that.description)
                && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parameters);
    }

    @Override
    public String toString() {
        return "Capability[name=" + name + ", description=" + description + ", parameters=" + parameters + "]";
    }

    /**
     * A named input of a capability.
     *
     * @since 1.0
     */
    public static final class Parameter {
        private final String name;
        private final String description;
        private final boolean required;

        private Parameter(String name, String description, boolean required) {
            this.name = Objects.requireNonNull(name, "name");
            this.description = Objects.requireNonNull(description, "description");
            this.required = required;
        }

        /**
         * Describes an input.
         *
         * @param name the key in {@link Task#inputs()}
         * @param description what value to give
         * @param required whether a task must carry it
         * @return the parameter
         */
        public static Parameter of(String name, String description, boolean required) {
            return new Parameter(name, description, required);
        }

        /**
         * Gives the key in {@link Task#inputs()}.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Gives what value to give.
         *
         * @return the description
         */
        public String description() {
            return description;
        }

        /**
         * Tells whether a task must carry it.
         *
         * @return true when required
         */
        public boolean required() {
            return required;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Parameter that && name.equals(that.name)
                    && description.equals(that.description) && required == that.required;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, description, required);
        }

        @Override
        public String toString() {
            return "Parameter[name=" + name + ", description=" + description + ", required=" + required + "]";
        }
    }
}
