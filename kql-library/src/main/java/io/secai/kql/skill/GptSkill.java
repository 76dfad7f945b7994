package io.secai.kql.skill;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GPT skill: an instruction template over typed inputs, answered by the model from the session context.
 *
 * <p>The template is the skill author's (trusted) text; the values a prompt gives are not. So {@link #fill} never
 * writes a value into the instruction: each {@code {{Name}}} becomes a reference {@code [input Name]} and the values
 * are returned apart, for the caller to put inside the untrusted-text fence.
 *
 * @param name the capability name the planner uses
 * @param description when to use it
 * @param inputs its inputs, in order (types are checked as for KQL skills)
 * @param template the instruction, with a {@code {{Name}}} placeholder per input
 * @param source the file it came from
 */
public record GptSkill(String name, String description, List<KqlSkill.Input> inputs, String template, String source) {

    /** Longest value one input takes. */
    public static final int MAX_VALUE_CHARS = 4_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]{0,63})\\s*}}");

    /**
     * The instruction and the values that go with it.
     *
     * @param instruction the template with each placeholder written as {@code [input Name]}
     * @param values the value of each input, by name, in declaration order (untrusted)
     */
    public record Filled(String instruction, Map<String, String> values) {
        public Filled {
            Objects.requireNonNull(instruction, "instruction");
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public GptSkill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The names a template uses, in order of first use.
     *
     * @param template the instruction template
     * @return the placeholder names
     */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Fills the template for one task.
     *
     * @param values values by input name (as a task's inputs carry them)
     * @return the instruction (values only referenced) and the values
     * @throws SkillInputException naming a missing, unknown, ill-typed or oversized input
     */
    public Filled fill(Map<String, String> values) {
        Map<String, String> resolved = SkillValues.resolve(name, inputs, values, MAX_VALUE_CHARS);
        Map<String, String> filled = new LinkedHashMap<>();
        for (KqlSkill.Input input : inputs) {
            String value = resolved.get(input.name());
            // The KQL literal writer is the one strict reader of the five types; its output is not used here.
            KqlLiterals.literal(input.name(), input.type(), value);
            filled.put(input.name(), value.strip());
        }
        String instruction = PLACEHOLDER.matcher(template)
                .replaceAll(match -> Matcher.quoteReplacement("[input " + match.group(1) + "]"));
        return new Filled(instruction, filled);
    }
}
