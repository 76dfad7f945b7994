package io.secai.kql.skill;

import io.secai.api.Capability;

import java.util.List;

/** How a skill's inputs appear to the planner, the same for every kind of skill and every plugin that runs one. */
public final class SkillParameters {

    private SkillParameters() {
    }

    /**
     * @param inputs a skill's inputs
     * @return one parameter per input: its type, description and default; required when it has no default
     */
    public static List<Capability.Parameter> of(List<KqlSkill.Input> inputs) {
        return inputs.stream().map(input -> Capability.Parameter.of(input.name(), input.type().written()
                        + (input.description().isBlank() ? "" : ": " + input.description())
                        + input.defaultValue().map(value -> " (default " + value + ")").orElse(""),
                input.defaultValue().isEmpty())).toList();
    }
}
