package io.secai.kql.skill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A KQL skill: a saved query with typed inputs that the planner can pick like any capability.
 *
 * @param name the capability name the planner uses
 * @param description when to use it
 * @param inputs its inputs, in order
 * @param template the query, with a {@code {{name}}} placeholder per input
 * @param target the workspace alias it runs on ({@code default} for {@code azure.workspace-id})
 * @param source the file it came from
 */
public record KqlSkill(String name, String description, List<Input> inputs, KqlTemplate template, String target,
                       String source) {

    /**
     * One typed input.
     *
     * @param name as in the template's placeholder
     * @param type its type; the value becomes a literal of it
     * @param description what to give
     * @param defaultValue used when no value is given; empty means required
     */
    public record Input(String name, InputType type, String description, Optional<String> defaultValue) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    public KqlSkill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The query with the values written in as literals of their types.
     *
     * @param values values by input name (as a task's inputs carry them)
     * @return the query, still to be guarded
     * @throws SkillInputException naming a missing, unknown or ill-typed input
     */
    public String query(Map<String, String> values) {
        Map<String, String> resolved = SkillValues.resolve(name, inputs, values, SkillValues.UNLIMITED);
        Map<String, String> literals = new LinkedHashMap<>();
        for (Input input : inputs) {
            literals.put(input.name(), KqlLiterals.literal(input.name(), input.type(), resolved.get(input.name())));
        }
        return template.fill(literals);
    }
}
