package io.secai.engine.loading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import io.secai.api.SecAiException;

/**
 * What a plugins folder holds, read without running any plugin code: each {@code *.jar} directly in it is one
 * plugin source, each sub-folder is one whose class path is every jar in it (the layout Kafka Connect's
 * {@code plugin.path} and Trino's plugin directory use).
 *
 * @param directory the folder, absolute
 * @param problem why no plugin could be looked for (a missing folder); empty when the folder was read
 * @param sources the sources found, in the folder's order
 */
record PluginFolder(Path directory, Optional<String> problem, List<Source> sources) {

    PluginFolder {
        sources = List.copyOf(sources);
    }

    /**
     * One jar or folder found in the plugins folder.
     *
     * @param path the jar or folder
     * @param name its file name, shown until the plugin names itself
     * @param jars its class path, in a stable order
     * @param problem why it cannot be loaded (no jar, an unreadable jar); empty when it can
     */
    record Source(Path path, String name, List<Path> jars, Optional<String> problem) {
        Source {
            jars = List.copyOf(jars);
        }
    }

    /**
     * Lists the folder and checks that every jar is readable.
     *
     * @param directory the plugins folder
     * @return what it holds
     */
    static PluginFolder scan(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            String problem = Files.exists(absolute)
                    ? "The plugins folder " + absolute + " is not a folder: no plugins are loaded."
                    : "The plugins folder " + absolute + " does not exist: no plugins are loaded (set --plugins-dir"
                    + " or secai.plugins-dir).";
            return new PluginFolder(absolute, Optional.of(problem), List.of());
        }
        List<Source> sources = new ArrayList<>();
        for (Path entry : list(absolute)) {
            String fileName = entry.getFileName().toString();
            if (fileName.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                sources.add(source(entry, jarsIn(entry), absolute));
            } else if (Files.isRegularFile(entry) && fileName.endsWith(".jar")) {
                sources.add(source(entry, List.of(entry), absolute));
            }
        }
        return new PluginFolder(absolute, Optional.empty(), sources);
    }

    private static Source source(Path path, List<Path> jars, Path directory) {
        String name = path.getFileName().toString();
        if (jars.isEmpty()) {
            return new Source(path, name, jars, Optional.of("the folder " + name + " holds no .jar file"));
        }
        for (Path jar : jars) {
            Optional<String> problem = unreadable(jar);
            if (problem.isPresent()) {
                return new Source(path, name, jars, Optional.of(directory.relativize(jar)
                        + " is not a readable jar (" + problem.get() + ")"));
            }
        }
        return new Source(path, name, jars, Optional.empty());
    }

    /** A jar the class loader cannot open would otherwise just look empty: say so up front, by name. */
    private static Optional<String> unreadable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            file.getManifest();
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted(Comparator.comparing(path -> path.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new SecAiException("Cannot read the plugins folder " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> entries = Files.walk(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(path -> folder.relativize(path).toString()))
                    .toList();
        } catch (IOException e) {
            throw new SecAiException("Cannot read the plugin folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
