package io.secai.engine.promptbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.secai.api.Settings;

/**
 * The promptbooks SecAI knows: the built-in ones, then every {@code *.yaml} / {@code *.yml} file in the folders of
 * {@code promptbooks.dirs}, then those saved with {@code save-promptbook} in {@code <data-dir>/promptbooks}. A file
 * that is not a valid promptbook is reported with its path, line and reason while the rest load, as with plugin
 * jars. Read once at construction: a library is an immutable snapshot.
 */
public final class PromptbookLibrary {

    /** The setting that lists extra promptbook folders. */
    public static final String DIRS_SETTING = "promptbooks.dirs";
    /** The built-in promptbooks, as class-path resources beside this class. */
    static final List<String> BUILT_IN = List.of("incident-investigation.yaml", "url-to-detection.yaml");
    /** Writes saved promptbooks: plain block YAML, quoted only where YAML needs it. Immutable once built. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private final Map<String, Promptbook> promptbooks;
    private final List<PromptbookProblem> problems;
    private final Path saveDirectory;

    private PromptbookLibrary(Map<String, Promptbook> promptbooks, List<PromptbookProblem> problems,
                              Path saveDirectory) {
        this.promptbooks = promptbooks;
        this.problems = List.copyOf(problems);
        this.saveDirectory = saveDirectory;
    }

    /**
     * Loads the built-in promptbooks and those in the folders the settings name.
     *
     * @param settings SecAI's settings ({@code secai.data-dir}, {@code promptbooks.dirs})
     * @return the library
     */
    public static PromptbookLibrary load(Settings settings) {
        Path dataDirectory = expand(settings.require("secai.data-dir", "the folder for sessions and promptbooks"));
        List<Path> folders = new ArrayList<>();
        settings.list(DIRS_SETTING).stream().filter(dir -> !dir.isBlank()).map(PromptbookLibrary::expand)
                .forEach(folders::add);
        return load(folders, dataDirectory.resolve("promptbooks"));
    }

    /**
     * Loads the built-in promptbooks, those in the given folders and those in the save folder.
     *
     * @param folders extra folders, read in order; a missing one is a problem, not an error
     * @param saveDirectory where {@link #save} writes; read last, and fine when missing
     * @return the library
     */
    public static PromptbookLibrary load(List<Path> folders, Path saveDirectory) {
        PromptbookReader reader = new PromptbookReader();
        Map<String, Promptbook> found = new LinkedHashMap<>();
        List<PromptbookProblem> problems = new ArrayList<>();
        for (String resource : BUILT_IN) {
            add(found, problems, () -> reader.read(builtIn(resource), "built-in:" + resource));
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                problems.add(new PromptbookProblem(folder.toString(), 0, "not a folder (named by "
                        + DIRS_SETTING + ")"));
                continue;
            }
            readFolder(folder, reader, found, problems);
        }
        if (Files.isDirectory(saveDirectory)) {
            readFolder(saveDirectory, reader, found, problems);
        }
        return new PromptbookLibrary(found, problems, saveDirectory);
    }

    private static void readFolder(Path folder, PromptbookReader reader, Map<String, Promptbook> found,
                                   List<PromptbookProblem> problems) {
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile).filter(PromptbookLibrary::isYaml)
                    .sorted(Comparator.comparing(path -> path.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.add(new PromptbookProblem(folder.toString(), 0, "cannot list the folder: " + e.getMessage()));
            return;
        }
        for (Path file : files) {
            add(found, problems, () -> {
                if (Files.size(file) > PromptbookReader.MAX_FILE_CHARS * 4L) {
                    throw new PromptbookReader.FileProblem(new PromptbookProblem(file.toString(), 0,
                            "the file is too large for a promptbook"));
                }
                return reader.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            });
        }
    }

    private interface Read {
        Promptbook read() throws IOException;
    }

    private static void add(Map<String, Promptbook> found, List<PromptbookProblem> problems, Read read) {
        try {
            Promptbook promptbook = read.read();
            Promptbook earlier = found.get(promptbook.name());
            if (earlier != null) {
                problems.add(new PromptbookProblem(promptbook.source(), 0, "the name " + promptbook.name() + " is taken by " + earlier.source()
                        + "; this file is not loaded"));
                return;
            }
            found.put(promptbook.name(), promptbook);
        } catch (PromptbookReader.FileProblem e) {
            problems.add(e.problem());
        } catch (IOException | UncheckedIOException e) {
            problems.add(new PromptbookProblem("promptbook", 0, "cannot read a file: " + e.getMessage()));
        }
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static String builtIn(String resource) throws IOException {
        try (InputStream in = PromptbookLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the built-in promptbook " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path expand(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) {
            return Path.of(home);
        }
        Path resolved = path.startsWith("~/") ? Path.of(home, path.substring(2)) : Path.of(path);
        return resolved.toAbsolutePath().normalize();
    }

    /** @return every promptbook loaded, sorted by name */
    public List<Promptbook> all() {
        return promptbooks.values().stream().sorted(Comparator.comparing(Promptbook::name)).toList();
    }

    /**
     * @param name a promptbook's name
     * @return it, when loaded
     */
    public Optional<Promptbook> find(String name) {
        return Optional.ofNullable(promptbooks.get(name));
    }

    /** @return the files that did not load, each with its path, line and reason */
    public List<PromptbookProblem> problems() {
        return problems;
    }

    /** @return where {@link #save} writes */
    public Path saveDirectory() {
        return saveDirectory;
    }

    /**
     * Writes a promptbook of the given prompts, without inputs, to {@code <save folder>/NAME.yaml}. It never
     * replaces a file or a loaded promptbook: the user's earlier work is not lost to a name typed twice.
     *
     * @param name the new promptbook's name
     * @param description what it investigates
     * @param prompts the prompts, in order
     * @return the file written
     * @throws PromptbookException when the name is invalid or taken, a prompt looks like a placeholder, or the file
     *     cannot be written
     */
    public Path save(String name, String description, List<String> prompts) {
        if (!Promptbook.NAME.matcher(name).matches()) {
            throw new PromptbookException("A promptbook name may only hold lower-case letters, digits and dashes"
                    + " (at most 64): " + name);
        }
        if (prompts.isEmpty()) {
            throw new PromptbookException("The session has no prompts to save yet.");
        }
        if (promptbooks.containsKey(name)) {
            throw new PromptbookException("The promptbook " + name + " exists (" + promptbooks.get(name).source()
                    + "); choose another name.");
        }
        ObjectNode root = YAML.createObjectNode();
        root.put("name", name);
        root.put("description", description);
        root.putArray("tags").add("saved");
        root.putArray("inputs");
        ArrayNode list = root.putArray("prompts");
        prompts.forEach(list::add);
        Path file = saveDirectory.resolve(name + ".yaml");
        try {
            String text = YAML.writeValueAsString(root);
            // Read back what is written: a prompt holding <Name> would make a file that does not load.
            new PromptbookReader().read(text, file.toString());
            Files.createDirectories(saveDirectory);
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return file;
        } catch (PromptbookReader.FileProblem e) {
            throw new PromptbookException("Cannot save these prompts as a promptbook: " + e.problem().reason()
                    + ". Rewrite the file by hand to declare it as an input.", e);
        } catch (FileAlreadyExistsException e) {
            throw new PromptbookException("The file " + file + " exists; choose another name.", e);
        } catch (IOException e) {
            throw new PromptbookException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
