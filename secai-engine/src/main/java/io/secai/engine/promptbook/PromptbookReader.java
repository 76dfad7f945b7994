package io.secai.engine.promptbook;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a promptbook from YAML text. Promptbook files are user input (shared between analysts, copied from a
 * wiki), so the parser is bounded: the text is capped before parsing, aliases (the "billion laughs" expansion)
 * and nesting are limited, duplicate keys and unknown fields are refused, and every refusal names a line.
 */
public final class PromptbookReader {

    /** Largest file read; a promptbook is a page of prompts. */
    public static final int MAX_FILE_CHARS = 256 * 1024;
    private static final int MAX_PROMPTS = 50;
    private static final int MAX_PROMPT_CHARS = 8000;
    private static final Set<String> FIELDS = Set.of("name", "description", "tags", "inputs", "prompts");
    private static final Set<String> INPUT_FIELDS = Set.of("name", "description", "default");

    private final ObjectMapper yaml;

    /** Creates a reader with the bounds above. */
    public PromptbookReader() {
        LoaderOptions limits = new LoaderOptions();
        limits.setMaxAliasesForCollections(10);
        limits.setNestingDepthLimit(20);
        limits.setAllowDuplicateKeys(false);
        limits.setCodePointLimit(MAX_FILE_CHARS);
        this.yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(limits).build()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    }

    /**
     * Reads one promptbook.
     *
     * @param text the file's text
     * @param source where it comes from, for messages and {@link Promptbook#source()}
     * @return the promptbook
     * @throws FileProblem naming the line and the reason when the text is not a valid promptbook
     */
    public Promptbook read(String text, String source) {
        if (text.length() > MAX_FILE_CHARS) {
            throw new FileProblem(new PromptbookProblem(source, 0, "the file is " + text.length()
                    + " characters long; a promptbook may have at most " + MAX_FILE_CHARS));
        }
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new FileProblem(new PromptbookProblem(source, Math.max(line, 0), "not valid YAML: "
                    + e.getOriginalMessage()));
        } catch (RuntimeException e) {
            // SnakeYAML reports its limits (aliases, nesting, size) as unchecked exceptions.
            throw new FileProblem(new PromptbookProblem(source, 0, "not readable YAML: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw problem(source, text, null, "a promptbook is a mapping with name, description, inputs and"
                    + " prompts");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw problem(source, text, field + ":", "unknown field " + field + " (known: name, description,"
                        + " tags, inputs, prompts)");
            }
        }
        String name = string(root, "name", source, text);
        if (!Promptbook.NAME.matcher(name).matches()) {
            throw problem(source, text, "name:", "the name " + name + " may only hold lower-case letters, digits"
                    + " and dashes (at most 64)");
        }
        String description = string(root, "description", source, text);
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : root.path("tags")) {
            if (!tag.isValueNode()) {
                throw problem(source, text, "tags:", "each tag is one word");
            }
            tags.add(tag.asText());
        }
        List<Promptbook.Input> inputs = inputs(root.path("inputs"), source, text);
        List<String> prompts = prompts(root.get("prompts"), source, text);
        checkPlaceholders(inputs, prompts, source, text);
        return new Promptbook(name, description, tags, inputs, prompts, source);
    }

    private List<Promptbook.Input> inputs(JsonNode node, String source, String text) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw problem(source, text, "inputs:", "inputs is a list of entries with name and description");
        }
        List<Promptbook.Input> inputs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode input : node) {
            if (!input.isObject()) {
                throw problem(source, text, "inputs:", "each input has a name and a description");
            }
            for (Iterator<String> fields = input.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!INPUT_FIELDS.contains(field)) {
                    throw problem(source, text, field + ":", "unknown field " + field + " of an input (known: name,"
                            + " description, default)");
                }
            }
            String inputName = string(input, "name", source, text);
            if (!Promptbook.PLACEHOLDER.matcher("<" + inputName + ">").matches()) {
                throw problem(source, text, inputName, "the input name " + inputName + " must start with a letter"
                        + " and hold only letters, digits and underscores");
            }
            if (!names.add(inputName)) {
                throw problem(source, text, inputName, "the input " + inputName + " is declared twice");
            }
            JsonNode fallback = input.get("default");
            Optional<String> defaultValue = fallback == null || fallback.isNull() ? Optional.empty()
                    : Optional.of(fallback.asText());
            inputs.add(new Promptbook.Input(inputName, optionalString(input, "description"), defaultValue));
        }
        return inputs;
    }

    private List<String> prompts(JsonNode node, String source, String text) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw problem(source, text, "prompts:", "a promptbook needs prompts: a list of at least one prompt");
        }
        if (node.size() > MAX_PROMPTS) {
            throw problem(source, text, "prompts:", "a promptbook may have at most " + MAX_PROMPTS + " prompts");
        }
        List<String> prompts = new ArrayList<>();
        for (JsonNode prompt : node) {
            if (!prompt.isTextual() || prompt.asText().isBlank()) {
                throw problem(source, text, "prompts:", "prompt " + (prompts.size() + 1) + " is not a line of text");
            }
            String value = prompt.asText().strip();
            if (value.length() > MAX_PROMPT_CHARS) {
                throw problem(source, text, value.substring(0, 40), "prompt " + (prompts.size() + 1) + " is "
                        + value.length() + " characters long; at most " + MAX_PROMPT_CHARS);
            }
            prompts.add(value);
        }
        return prompts;
    }

    private static void checkPlaceholders(List<Promptbook.Input> inputs, List<String> prompts, String source,
                                          String text) {
        Set<String> declared = new LinkedHashSet<>();
        inputs.forEach(input -> declared.add(input.name()));
        Set<String> used = new LinkedHashSet<>();
        for (String prompt : prompts) {
            Matcher placeholder = Promptbook.PLACEHOLDER.matcher(prompt);
            while (placeholder.find()) {
                if (!declared.contains(placeholder.group(1))) {
                    throw problem(source, text, placeholder.group(), "the prompts use " + placeholder.group()
                            + " but no input " + placeholder.group(1) + " is declared");
                }
                used.add(placeholder.group(1));
            }
        }
        for (String input : declared) {
            if (!used.contains(input)) {
                throw problem(source, text, input, "the input " + input + " is declared but no prompt uses <"
                        + input + ">");
            }
        }
    }

    private static String string(JsonNode node, String field, String source, String text) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw problem(source, text, field + ":", "the field " + field + " is missing or empty");
        }
        return value.asText().strip();
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText().strip();
    }

    private static FileProblem problem(String source, String text, String near, String reason) {
        return new FileProblem(new PromptbookProblem(source, near == null ? 0 : lineOf(text, near), reason));
    }

    /**
     * The line of the first occurrence of what a problem is about. The tree Jackson builds keeps no positions, and
     * a promptbook is small, so looking the text up is exact enough to lead the user to the place.
     */
    static int lineOf(String text, String near) {
        int at = text.indexOf(near);
        if (at < 0) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A file that is not a valid promptbook. */
    public static final class FileProblem extends PromptbookException {
        private static final long serialVersionUID = 1L;
        private final transient PromptbookProblem problem;

        FileProblem(PromptbookProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        /** @return the file, line and reason */
        public PromptbookProblem problem() {
            return problem;
        }
    }

}
