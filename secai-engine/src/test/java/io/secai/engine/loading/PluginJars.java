package io.secai.engine.loading;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds plugin jars the way a third party would: javac against the secai-api jar (and the plugin's own
 * dependencies) only, never against the engine's class path.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /** @return the folder the build copies the secai-api jar and the test plugin's dependencies into */
    public static Path libs() {
        Path libs = Path.of(System.getProperty("secai.test-plugin-libs", "target/test-plugin-libs"));
        if (!Files.isRegularFile(libs.resolve("secai-api.jar"))) {
            throw new IllegalStateException(libs.toAbsolutePath() + " lacks secai-api.jar: run the build through"
                    + " Maven (generate-test-resources copies it)");
        }
        return libs;
    }

    /**
     * Compiles Java sources.
     *
     * @param sources fully qualified class name → source
     * @param classPath the jars to compile against
     * @param output where the classes go
     */
    public static void compile(Map<String, String> sources, List<Path> classPath, Path output) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path sourceRoot = Files.createTempDirectory(output.getParent(), "src");
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        Files.createDirectories(output);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-d", output.toString(), "-classpath",
                    classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new IllegalStateException("test plugin does not compile: " + diagnostics.getDiagnostics());
            }
        }
    }

    /**
     * Packs classes and resources into a jar.
     *
     * @param jar the jar to write
     * @param classes the compiled classes folder
     * @param packageName only classes of this package go in
     * @param resources entry name → text (for example META-INF/services files, reference.conf)
     * @return the jar
     */
    public static Path jar(Path jar, Path classes, String packageName, Map<String, String> resources)
            throws IOException {
        Files.createDirectories(jar.getParent());
        Path packageDir = classes.resolve(packageName.replace('.', '/'));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> entries = Files.walk(packageDir)) {
            for (Path path : entries.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                out.putNextEntry(new JarEntry(resource.getKey()));
                out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
