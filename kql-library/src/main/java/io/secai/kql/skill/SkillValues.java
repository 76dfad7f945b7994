package io.secai.kql.skill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a task gives a skill, checked the same way for every kind of skill: no input the skill lacks, every
 * input given or defaulted, none longer than the kind allows. What each kind then does with a value (a KQL literal,
 * a referenced instruction value, a URL part) is its own.
 */
final class SkillValues {

    /** No limit beyond what the task's inputs already bound (KQL skills: the guard caps the filled query). */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private SkillValues() {
    }

    /**
     * @param skill the skill's name, for the messages
     * @param inputs the skill's declared inputs
     * @param values values by input name, as a task's inputs carry them
     * @param maxChars the longest value this kind of skill takes
     * @return one value per declared input, in declaration order (defaults filled in, not yet parsed)
     * @throws SkillInputException naming an unknown, missing or oversized input
     */
    static Map<String, String> resolve(String skill, List<KqlSkill.Input> inputs, Map<String, String> values,
                                       int maxChars) {
        for (String given : values.keySet()) {
            if (inputs.stream().noneMatch(input -> input.name().equals(given))) {
                throw new SkillInputException("The skill " + skill + " has no input " + given + ".");
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (KqlSkill.Input input : inputs) {
            String value = values.get(input.name());
            if (value == null || value.isBlank()) {
                value = input.defaultValue().orElseThrow(() -> new SkillInputException("The skill " + skill
                        + " needs a value for " + input.name() + " (" + input.type().written() + ": "
                        + input.description() + ")."));
            }
            if (value.length() > maxChars) {
                throw new SkillInputException("The value of " + input.name() + " is longer than " + maxChars
                        + " characters.");
            }
            resolved.put(input.name(), value);
        }
        return resolved;
    }
}
