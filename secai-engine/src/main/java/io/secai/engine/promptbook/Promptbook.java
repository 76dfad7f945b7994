package io.secai.engine.promptbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A saved investigation: ordered prompts that may use named inputs written {@code <Name>}.
 *
 * @param name how it is run ({@code secai run NAME}): lower case, digits and dashes
 * @param description what it investigates
 * @param tags words to find it by
 * @param inputs the values it asks for, in order
 * @param prompts the prompts, in order; each may use the inputs
 * @param source where it was read from (a file, or {@code built-in:NAME})
 */
public record Promptbook(String name, String description, List<String> tags, List<Input> inputs,
                         List<String> prompts, String source) {

    /** Names a promptbook may have: what a file name and a shell word can carry without quoting. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** An input used in a prompt. Only declared names are placeholders; the reader refuses undeclared ones. */
    static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z][A-Za-z0-9_]{0,63})>");
    /** Longest input value: an incident number, a URL, a user; not a document. */
    static final int MAX_VALUE_CHARS = 2000;

    /**
     * One named input.
     *
     * @param name as written between angle brackets in the prompts
     * @param description what to give
     * @param defaultValue used when no value is given; empty means the input is required
     */
    public record Input(String name, String description, Optional<String> defaultValue) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }

        /** @return whether a run must give a value */
        public boolean required() {
            return defaultValue.isEmpty();
        }
    }

    public Promptbook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
        prompts = List.copyOf(prompts);
        Objects.requireNonNull(source, "source");
    }

    /**
     * The prompts with the inputs put in. Each placeholder is replaced once, in one pass, so a value that itself
     * looks like {@code <Other>} stays as written.
     *
     * @param values values by input name
     * @return the prompts to run, in order
     * @throws PromptbookException naming the input when a required one is missing, an unknown one is given, or a
     *     value is empty, too long or holds a line break or another control character
     */
    public List<String> fill(Map<String, String> values) {
        Map<String, String> resolved = resolve(values);
        List<String> filled = new ArrayList<>();
        for (String prompt : prompts) {
            Matcher placeholder = PLACEHOLDER.matcher(prompt);
            StringBuilder text = new StringBuilder();
            while (placeholder.find()) {
                String value = resolved.getOrDefault(placeholder.group(1), placeholder.group());
                placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(text);
            filled.add(text.toString());
        }
        return filled;
    }

    /**
     * Reads {@code KEY=VALUE} words as a command line or the shell gives them.
     *
     * @param words each {@code KEY=VALUE}; the value may hold further {@code =} signs
     * @return the values by key, in order
     * @throws PromptbookException naming the word that has no {@code =} or gives a key twice
     */
    public static Map<String, String> inputs(List<String> words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new PromptbookException("Give each input as NAME=VALUE, not \"" + word + "\".");
            }
            String key = word.substring(0, equals).strip();
            if (values.put(key, word.substring(equals + 1)) != null) {
                throw new PromptbookException("The input " + key + " is given twice.");
            }
        }
        return values;
    }

    private Map<String, String> resolve(Map<String, String> values) {
        Set<String> declared = new LinkedHashSet<>();
        inputs.forEach(input -> declared.add(input.name()));
        for (String given : values.keySet()) {
            if (!declared.contains(given)) {
                throw new PromptbookException("The promptbook " + name + " has no input " + given + "; its inputs: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ".");
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Input input : inputs) {
            String value = values.containsKey(input.name()) ? values.get(input.name())
                    : input.defaultValue().orElse(null);
            if (value == null) {
                missing.add(input.name() + " (" + input.description() + ")");
                continue;
            }
            resolved.put(input.name(), checked(input.name(), value));
        }
        if (!missing.isEmpty()) {
            throw new PromptbookException("The promptbook " + name + " needs a value for " + String.join(", ", missing)
                    + "; give it as " + inputs.stream().filter(Input::required).findFirst()
                    .map(input -> input.name() + "=VALUE").orElse("NAME=VALUE") + ".");
        }
        return resolved;
    }

    private String checked(String input, String value) {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new PromptbookException("The input " + input + " of the promptbook " + name + " is empty.");
        }
        if (stripped.length() > MAX_VALUE_CHARS) {
            throw new PromptbookException("The input " + input + " of the promptbook " + name + " is "
                    + stripped.length() + " characters long; at most " + MAX_VALUE_CHARS + " are taken.");
        }
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isISOControl(stripped.charAt(i))) {
                // A line break in a value could pass for a new instruction inside the prompt; refuse it.
                throw new PromptbookException("The input " + input + " of the promptbook " + name
                        + " holds a line break or another control character; give it on one line.");
            }
        }
        return stripped;
    }
}
