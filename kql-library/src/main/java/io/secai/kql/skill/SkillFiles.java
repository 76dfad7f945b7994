package io.secai.kql.skill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads skill files: SecAI's own ({@code kind: kql}, {@code kind: gpt}, {@code kind: api}, one skill per file) and
 * Security Copilot plugin manifests ({@code Descriptor} and {@code SkillGroups}, read as they are). KQL, GPT and
 * API skills are loaded (the Sentinel plugin runs the first, the GPT plugin the second, the fetchurl plugin the
 * third; all read the same files with this class); skills of formats this version does not run (Security Copilot
 * API groups, which are OpenAPI references, and agents) are named one by one as not supported. A file that
 * cannot be read is reported with its path, line and reason while the others load.
 */
public final class SkillFiles {

    /** Largest skill file read. */
    public static final int MAX_FILE_BYTES = 256 * 1024;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /**
     * What the files held.
     *
     * @param skills the KQL skills that loaded
     * @param problems files or skills that did not load: {@code path:line: reason}
     * @param unsupported skills of formats this version does not run, by name
     * @param gptSkills the GPT skills that loaded
     * @param apiSkills the API skills that loaded
     */
    public record Loaded(List<KqlSkill> skills, List<String> problems, List<String> unsupported,
                         List<GptSkill> gptSkills, List<ApiSkill> apiSkills) {
        public Loaded {
            skills = List.copyOf(skills);
            problems = List.copyOf(problems);
            unsupported = List.copyOf(unsupported);
            gptSkills = List.copyOf(gptSkills);
            apiSkills = List.copyOf(apiSkills);
        }

        /** What the files held, without API skills. */
        public Loaded(List<KqlSkill> skills, List<String> problems, List<String> unsupported,
                      List<GptSkill> gptSkills) {
            this(skills, problems, unsupported, gptSkills, List.of());
        }

        /** What the files held, without GPT skills. */
        public Loaded(List<KqlSkill> skills, List<String> problems, List<String> unsupported) {
            this(skills, problems, unsupported, List.of());
        }
    }

    // Built on the first file read: the Sentinel, GPT and fetchurl plugins read the skill folders at every start,
    // which usually hold no skill file, and the YAML mapper is most of their own Jackson's load time.
    private ObjectMapper yaml;

    /** Creates a reader bounded as the promptbook reader is: aliases, nesting and size are capped. */
    public SkillFiles() {
    }

    private synchronized ObjectMapper yaml() {
        if (yaml == null) {
            LoaderOptions limits = new LoaderOptions();
            limits.setMaxAliasesForCollections(10);
            limits.setNestingDepthLimit(30);
            limits.setAllowDuplicateKeys(false);
            limits.setCodePointLimit(MAX_FILE_BYTES);
            yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(limits).build()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
        }
        return yaml;
    }

    /**
     * Reads the {@code *.yaml} / {@code *.yml} files of each folder (missing folders are a problem, not an error).
     *
     * @param folders the folders, in order
     * @return the skills, problems and unsupported skills
     */
    public Loaded load(List<Path> folders) {
        List<KqlSkill> skills = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        List<GptSkill> gptSkills = new ArrayList<>();
        List<ApiSkill> apiSkills = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                problems.add(folder + ": not a folder (named by skills.dirs)");
                continue;
            }
            List<Path> files;
            try (Stream<Path> entries = Files.list(folder)) {
                files = entries.filter(Files::isRegularFile).filter(SkillFiles::isYaml)
                        .sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException e) {
                problems.add(folder + ": cannot list the folder: " + e.getMessage());
                continue;
            }
            for (Path file : files) {
                try {
                    if (Files.size(file) > MAX_FILE_BYTES) {
                        problems.add(file + ": the file is larger than " + MAX_FILE_BYTES + " bytes");
                        continue;
                    }
                    Loaded one = read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                    problems.addAll(one.problems());
                    unsupported.addAll(one.unsupported());
                    for (KqlSkill skill : one.skills()) {
                        if (names.add(skill.name())) {
                            skills.add(skill);
                        } else {
                            problems.add(taken(file, skill.name()));
                        }
                    }
                    for (GptSkill skill : one.gptSkills()) {
                        if (names.add(skill.name())) {
                            gptSkills.add(skill);
                        } else {
                            problems.add(taken(file, skill.name()));
                        }
                    }
                    for (ApiSkill skill : one.apiSkills()) {
                        if (names.add(skill.name())) {
                            apiSkills.add(skill);
                        } else {
                            problems.add(taken(file, skill.name()));
                        }
                    }
                } catch (IOException e) {
                    problems.add(file + ": cannot read the file: " + e.getMessage());
                }
            }
        }
        return new Loaded(skills, problems, unsupported, gptSkills, apiSkills);
    }

    private static String taken(Path file, String name) {
        return file + ": the skill name " + name + " is taken by another file; this one is not loaded";
    }

    /**
     * Reads one file's text.
     *
     * @param text the YAML
     * @param source the file, for messages
     * @return what it held; a file that is not readable is one problem
     */
    public Loaded read(String text, String source) {
        JsonNode root;
        try {
            root = yaml().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            return problem(source, line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("").strip());
        } catch (RuntimeException e) {
            return problem(source, 0, "not readable YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return problem(source, 0, "a skill file is a mapping (kind: kql, gpt or api, or a Security Copilot manifest)");
        }
        if (root.has("SkillGroups") || root.has("Descriptor")) {
            return manifest(root, text, source);
        }
        String kind = root.path("kind").asText("");
        if (kind.equalsIgnoreCase("gpt")) {
            try {
                return new Loaded(List.of(), List.of(), List.of(), List.of(gptSkill(root.path("name").asText(""),
                        root.path("description").asText(""), root.path("inputs"), "name", "type", "description",
                        "default", root.path("template").asText(""), source)));
            } catch (SkillInputException e) {
                return problem(source, lineOf(text, root.path("name").asText("template:")), e.getMessage());
            }
        }
        if (kind.equalsIgnoreCase("api")) {
            try {
                String name = root.path("name").asText("");
                String description = root.path("description").asText("");
                checkHeader(name, description, root.path("url").asText(""));
                List<KqlSkill.Input> inputs = inputs(root.path("inputs"), "name", "type", "description", "default");
                return new Loaded(List.of(), List.of(), List.of(), List.of(), List.of(ApiSkillReader.read(name,
                        description.strip(), inputs, root, source)));
            } catch (SkillInputException e) {
                return problem(source, lineOf(text, root.path("name").asText("url:")), e.getMessage());
            }
        }
        if (!kind.equalsIgnoreCase("kql")) {
            if (kind.isBlank()) {
                return problem(source, 1, "no kind: (kql, gpt or api) and no Security Copilot SkillGroups");
            }
            return new Loaded(List.of(), List.of(), List.of(source + ": skill " + root.path("name").asText("?")
                    + " (" + kind + "): this version runs KQL, GPT and API skills only"));
        }
        try {
            return new Loaded(List.of(skill(root.path("name").asText(""), root.path("description").asText(""),
                    root.path("inputs"), "name", "type", "description", "default",
                    root.path("template").asText(""), root.path("target").asText("default"), source)),
                    List.of(), List.of());
        } catch (SkillInputException e) {
            return problem(source, lineOf(text, root.path("name").asText("template:")), e.getMessage());
        }
    }

    private Loaded manifest(JsonNode root, String text, String source) {
        List<KqlSkill> skills = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        List<GptSkill> gptSkills = new ArrayList<>();
        if (!root.path("SkillGroups").isArray()) {
            return problem(source, lineOf(text, "Descriptor"), "the manifest has no SkillGroups list");
        }
        for (JsonNode group : root.path("SkillGroups")) {
            String format = group.path("Format").asText("");
            for (JsonNode skill : group.path("Skills")) {
                String name = skill.path("Name").asText("");
                if (format.equalsIgnoreCase("GPT")) {
                    try {
                        gptSkills.add(gptSkill(name, skill.path("Description").asText(
                                skill.path("DisplayName").asText("")), skill.path("Inputs"), "Name", "Type",
                                "Description", "DefaultValue", skill.path("Settings").path("Template").asText(""),
                                source));
                    } catch (SkillInputException e) {
                        problems.add(source + ":" + lineOf(text, "Name: " + name) + ": skill " + name + ": "
                                + e.getMessage());
                    }
                    continue;
                }
                if (!format.equalsIgnoreCase("KQL")) {
                    unsupported.add(source + ": skill " + name + " (" + (format.isBlank() ? "no Format" : format)
                            + (skill.path("Settings").has("OpenApiSpecUrl")
                                    || group.path("Settings").has("OpenApiSpecUrl") ? ", OpenAPI reference" : "")
                            + "): this version runs KQL and GPT skill groups; API groups are OpenAPI"
                            + " references, not read (write a kind: api skill file instead)");
                    continue;
                }
                JsonNode settings = skill.path("Settings");
                String target = settings.path("WorkspaceName").asText("").isBlank() ? "default"
                        : settings.path("WorkspaceName").asText();
                try {
                    String description = skill.path("Description").asText(skill.path("DisplayName").asText(""));
                    skills.add(skill(name, description, skill.path("Inputs"), "Name", "Type", "Description",
                            "DefaultValue", settings.path("Template").asText(""), target, source));
                } catch (SkillInputException e) {
                    problems.add(source + ":" + lineOf(text, "Name: " + name) + ": skill " + name + ": "
                            + e.getMessage());
                }
            }
        }
        return new Loaded(skills, problems, unsupported, gptSkills);
    }

    private static GptSkill gptSkill(String name, String description, JsonNode inputsNode, String nameField,
                                     String typeField, String descriptionField, String defaultField,
                                     String template, String source) {
        checkHeader(name, description, template);
        List<KqlSkill.Input> inputs = inputs(inputsNode, nameField, typeField, descriptionField, defaultField);
        checkPlaceholders(GptSkill.placeholders(template), inputs);
        return new GptSkill(name, description.strip(), inputs, template.strip(), source);
    }

    private static void checkHeader(String name, String description, String template) {
        if (!NAME.matcher(name).matches()) {
            throw new SkillInputException("the skill name \"" + name + "\" must start with a letter and hold only"
                    + " letters, digits, - and _ (at most 64)");
        }
        if (description.isBlank()) {
            throw new SkillInputException("the skill " + name + " has no description; the planner needs one");
        }
        if (template.isBlank()) {
            throw new SkillInputException("the skill " + name + " has no template (url for an API skill)");
        }
    }

    private static List<KqlSkill.Input> inputs(JsonNode inputsNode, String nameField, String typeField,
                                               String descriptionField, String defaultField) {
        List<KqlSkill.Input> inputs = new ArrayList<>();
        for (JsonNode input : inputsNode) {
            String inputName = input.path(nameField).asText("");
            String written = input.path(typeField).asText("string");
            InputType type = InputType.of(written).orElseThrow(() -> new SkillInputException("the input "
                    + inputName + " has the unknown type " + written + " (string, int, datetime, timespan, list)"));
            JsonNode fallback = input.get(defaultField);
            Optional<String> defaultValue = fallback == null || fallback.isNull() ? Optional.empty()
                    : Optional.of(fallback.isArray() ? fallback.toString() : fallback.asText());
            defaultValue.ifPresent(value -> KqlLiterals.literal(inputName, type, value));
            inputs.add(new KqlSkill.Input(inputName, type, input.path(descriptionField).asText(""), defaultValue));
        }
        return inputs;
    }

    private static void checkPlaceholders(java.util.Collection<String> used, List<KqlSkill.Input> inputs) {
        Set<String> declared = new HashSet<>();
        inputs.forEach(input -> declared.add(input.name()));
        for (String name : used) {
            if (!declared.contains(name)) {
                throw new SkillInputException("the template uses {{" + name + "}} but no input " + name
                        + " is declared");
            }
        }
        for (String input : declared) {
            if (!used.contains(input)) {
                throw new SkillInputException("the input " + input + " is declared but the template never uses"
                        + " {{" + input + "}}");
            }
        }
    }

    private static KqlSkill skill(String name, String description, JsonNode inputsNode, String nameField,
                                  String typeField, String descriptionField, String defaultField, String template,
                                  String target, String source) {
        checkHeader(name, description, template);
        List<KqlSkill.Input> inputs = inputs(inputsNode, nameField, typeField, descriptionField, defaultField);
        KqlTemplate parsed = KqlTemplate.of(template.strip());
        checkPlaceholders(parsed.placeholders(), inputs);
        return new KqlSkill(name, description.strip(), inputs, parsed, target, source);
    }

    private static Loaded problem(String source, int line, String reason) {
        return new Loaded(List.of(), List.of(source + (line > 0 ? ":" + line : "") + ": " + reason), List.of());
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static int lineOf(String text, String near) {
        int at = near.isEmpty() ? -1 : text.indexOf(near);
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
}
