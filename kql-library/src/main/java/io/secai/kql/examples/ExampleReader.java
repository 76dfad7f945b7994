package io.secai.kql.examples;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads example queries from library folders: Markdown pages with KQL code blocks (one example per block),
 * {@code .kql} files whose leading {@code //} comments describe them, and Azure-Sentinel hunting and detection
 * YAML ({@code name}, {@code description}, {@code query}, {@code requiredDataConnectors}, {@code tactics},
 * {@code relevantTechniques}).
 *
 * <p>Library files are other people's text: the work is bounded (files per library, bytes per file, folder depth,
 * YAML aliases and nesting), symbolic links are not followed, and a file that cannot be read is skipped with a
 * note instead of failing the library.
 */
public final class ExampleReader {
    static final int MAX_FILES = 20_000;
    static final long MAX_FILE_BYTES = 512 * 1024;
    static final int MAX_DEPTH = 12;
    private static final int MAX_EXAMPLES_PER_FILE = 64;

    private final Consumer<String> notes;

    /** @param notes receives one line per file skipped, and why */
    public ExampleReader(Consumer<String> notes) {
        this.notes = notes;
    }

    /**
     * @param folders library folders; one that does not exist is noted and skipped
     * @return the examples, in a stable order (by folder, then path)
     */
    public List<KqlExample> read(Collection<Path> folders) {
        List<KqlExample> examples = new ArrayList<>();
        int files = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                notes.accept(folder + ": not a folder, skipped");
                continue;
            }
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(folder, MAX_DEPTH, new FileVisitOption[0])) {
                paths = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> kindOf(p) != null).sorted().limit(MAX_FILES + 1L).toList();
            } catch (IOException | UncheckedIOException e) {
                notes.accept(folder + ": cannot be listed (" + e.getMessage() + "), skipped");
                continue;
            }
            for (Path path : paths) {
                if (++files > MAX_FILES) {
                    notes.accept("more than " + MAX_FILES + " library files; the rest are skipped");
                    return examples;
                }
                String id = folder.relativize(path).toString().replace('\\', '/');
                try {
                    examples.addAll(readFile(id, path));
                } catch (IOException | RuntimeException e) {
                    notes.accept(id + ": skipped (" + e.getMessage() + ")");
                }
            }
        }
        return examples;
    }

    private List<KqlExample> readFile(String id, Path path) throws IOException {
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        String text = decode(Files.readAllBytes(path));
        return switch (kindOf(path)) {
            case "md" -> markdown(id, text);
            case "kql" -> kqlFile(id, text);
            default -> yaml(id, text);
        };
    }

    private static String kindOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return "md";
        }
        if (name.endsWith(".kql") || name.endsWith(".csl") || name.endsWith(".kusto")) {
            return "kql";
        }
        return name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : null;
    }

    private static String decode(byte[] bytes) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString().replace("\r\n", "\n");
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text");
        }
    }

    /**
     * A page: its first heading is the title; the text under a "Description" heading (or, without one, the text
     * before the first code block) describes it; every {@code kql}/{@code kusto} code block is one example, named
     * after the heading above it. Other code blocks are read past, so that their text is not taken as words.
     */
    static List<KqlExample> markdown(String id, String text) {
        List<String[]> blocks = new ArrayList<>(); // {id, kql}
        String title = "";
        String heading = "";
        String section = "";
        StringBuilder lead = new StringBuilder();
        StringBuilder described = new StringBuilder();
        StringBuilder block = null;
        boolean keep = false;
        char fence = 0;
        boolean seenBlock = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (block != null) {
                if (isFence(trimmed) && closes(trimmed, fence)) {
                    if (keep && !block.toString().isBlank() && blocks.size() < MAX_EXAMPLES_PER_FILE) {
                        String base = heading.isEmpty() || heading.equals(title) ? id : id + "#" + slug(heading);
                        String unique = base;
                        for (int n = 2; containsId(blocks, unique); n++) {
                            unique = base + "-" + n;
                        }
                        blocks.add(new String[] {unique, block.toString()});
                    }
                    block = null;
                } else if (keep) {
                    block.append(line).append('\n');
                }
                continue;
            }
            if (isFence(trimmed)) {
                fence = trimmed.charAt(0);
                String info = trimmed.replaceFirst("^[`~]+", "").strip().toLowerCase(Locale.ROOT);
                keep = info.startsWith("kql") || info.startsWith("kusto");
                block = new StringBuilder();
                seenBlock = true;
                continue;
            }
            if (trimmed.startsWith("#")) {
                heading = trimmed.replaceFirst("^#+", "").strip();
                if (title.isEmpty() && trimmed.startsWith("# ")) {
                    title = heading;
                }
                section = heading.toLowerCase(Locale.ROOT);
                continue;
            }
            if (section.startsWith("description")) {
                described.append(trimmed).append(' ');
            } else if (!seenBlock && !title.isEmpty()) {
                lead.append(trimmed).append(' ');
            }
        }
        String description = plain(described.isEmpty() ? lead.toString() : described.toString());
        String pageTitle = title.isEmpty() ? id : plain(title);
        List<KqlExample> examples = new ArrayList<>();
        for (String[] found : blocks) {
            examples.add(new KqlExample(found[0], pageTitle, description, found[1], List.of()));
        }
        return examples;
    }

    /** A {@code .kql} file: its leading comment lines describe it, the first being the title. */
    static List<KqlExample> kqlFile(String id, String text) {
        List<String> comments = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        for (; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.startsWith("//")) {
                comments.add(trimmed.replaceFirst("^/+", "").strip());
            } else if (!trimmed.isEmpty()) {
                break;
            }
        }
        String query = String.join("\n", java.util.Arrays.asList(lines).subList(i, lines.length)).strip();
        if (query.isEmpty()) {
            return List.of();
        }
        comments.removeIf(String::isEmpty);
        String title = comments.isEmpty() ? Path.of(id).getFileName().toString().replaceFirst("\\.[^.]+$", "")
                : comments.get(0);
        String description = comments.size() > 1 ? String.join(" ", comments.subList(1, comments.size())) : "";
        return List.of(new KqlExample(id, title, description, query, List.of()));
    }

    /** An Azure-Sentinel hunting query or analytic rule. */
    static List<KqlExample> yaml(String id, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(text);
        if (!(document instanceof Map<?, ?> rule) || !(rule.get("query") instanceof String query)
                || query.isBlank()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        strings(rule.get("tactics"), tags);
        strings(rule.get("relevantTechniques"), tags);
        if (rule.get("requiredDataConnectors") instanceof List<?> connectors) {
            for (Object connector : connectors) {
                if (connector instanceof Map<?, ?> c) {
                    strings(c.get("connectorId"), tags);
                    strings(c.get("dataTypes"), tags);
                }
            }
        }
        String name = rule.get("name") instanceof String n ? n : id;
        String description = rule.get("description") instanceof String d ? d : "";
        return List.of(new KqlExample(id, name, plain(description), query.strip(), tags));
    }

    private static void strings(Object value, List<String> into) {
        if (value instanceof String s && !s.isBlank()) {
            into.add(s.strip());
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    into.add(s.strip());
                }
            }
        }
    }

    private static boolean closes(String trimmed, char fence) {
        return trimmed.chars().allMatch(c -> c == fence);
    }

    private static boolean isFence(String trimmed) {
        return trimmed.startsWith("```") || trimmed.startsWith("~~~");
    }

    private static boolean containsId(List<String[]> blocks, String id) {
        return blocks.stream().anyMatch(b -> b[0].equals(id));
    }

    private static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Markdown emphasis, links and table pipes out; whitespace collapsed. */
    private static String plain(String text) {
        return text.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[*_`|>]", " ")
                .replaceAll("\\s+", " ").strip();
    }
}
