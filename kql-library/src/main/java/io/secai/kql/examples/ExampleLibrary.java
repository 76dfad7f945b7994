package io.secai.kql.examples;

import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The configured example folders ({@code plugins.sentinel-kql.library}, {@code plugins.defender-xdr.library}), read
 * once and indexed once per workspace schema. The folders are listed again on each use (names, sizes and
 * modification times only, no reading), so an edited library is picked up without a restart; reading and indexing
 * happen only when that listing or the schema changed.
 */
public final class ExampleLibrary {
    /** How much the table shortlist counts against the words (see {@link ExampleIndex}); see the README. */
    static final double HINT_WEIGHT = 0.25;

    private record Cached(long fingerprint, List<KqlExample> examples) {
    }

    private record Indexed(long fingerprint, WorkspaceSchema schema, ExampleIndex index) {
    }

    private final List<Path> folders;
    private final Consumer<String> notes;
    private Cached cached;
    private Indexed indexed;

    /**
     * @param folders the library folders
     * @param notes receives a line per library file skipped, and why
     */
    public ExampleLibrary(List<Path> folders, Consumer<String> notes) {
        this.folders = List.copyOf(folders);
        this.notes = notes;
    }

    /**
     * The library a setting names. An entry that is not a path at all (a NUL, say) is skipped with a note naming the
     * setting, rather than failing the plugin's start; blank entries are ignored.
     *
     * @param setting the setting's name, for the note ({@code plugins.sentinel-kql.library})
     * @param entries its values, as configured
     * @param notes receives a line per entry or library file skipped, and why
     * @return the library over the entries that are paths
     */
    public static ExampleLibrary fromSetting(String setting, List<String> entries, Consumer<String> notes) {
        List<Path> folders = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                folders.add(Path.of(entry));
            } catch (InvalidPathException e) {
                notes.accept(setting + " entry '" + printable(entry) + "' is not a path (" + e.getReason()
                        + "), skipped");
            }
        }
        return new ExampleLibrary(folders, notes);
    }

    /** A configured value shown back without control characters (a NUL is why it is not a path), cut at 200. */
    private static String printable(String entry) {
        String shown = entry.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
    }

    /** @return whether any folder is configured */
    public boolean isConfigured() {
        return !folders.isEmpty();
    }

    /** @return every example in the folders, read again only when a file changed */
    public synchronized List<KqlExample> examples() {
        long fingerprint = fingerprint();
        if (cached == null || cached.fingerprint() != fingerprint) {
            cached = new Cached(fingerprint, List.copyOf(new ExampleReader(notes).read(folders)));
        }
        return cached.examples();
    }

    /**
     * @param schema the workspace's tables and columns
     * @return the examples that pass the guard on it, indexed
     */
    public synchronized ExampleIndex index(WorkspaceSchema schema) {
        List<KqlExample> examples = examples();
        long fingerprint = cached.fingerprint();
        if (indexed == null || indexed.fingerprint() != fingerprint || !indexed.schema().equals(schema)) {
            // Columns are not checked: schemas drift between workspaces and connector versions, an example is a
            // pattern to follow, and the prompt tells the model to use only the listed columns.
            KqlGuard guard = new KqlGuard(schema, new GuardOptions(0, false, false));
            indexed = new Indexed(fingerprint, schema, new ExampleIndex(examples, guard, HINT_WEIGHT));
        }
        return indexed.index();
    }

    private long fingerprint() {
        long hash = 17;
        for (Path folder : folders) {
            hash = 31 * hash + folder.hashCode();
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder, ExampleReader.MAX_DEPTH)) {
                for (Path path : (Iterable<Path>) walk.sorted().limit(ExampleReader.MAX_FILES + 1L)::iterator) {
                    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        hash = 31 * hash + Objects.hash(path, Files.size(path), Files.getLastModifiedTime(path));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                hash = 31 * hash + e.getClass().hashCode();
            }
        }
        return hash;
    }
}
