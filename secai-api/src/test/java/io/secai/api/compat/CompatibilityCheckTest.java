package io.secai.api.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.model.JApiClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules the build's compatibility check applies to secai-api (japicmp, failing on any binary or source
 * incompatible change), shown on two small fixture jars compiled here: what a minor version may and may not do.
 */
class CompatibilityCheckTest {

    private static final Map<String, String> RELEASED = Map.of(
            "fixture/Plugin.java", "package fixture; public interface Plugin { String name(); }",
            "fixture/Usage.java", """
                    package fixture;
                    public final class Usage {
                        private final long calls;
                        private Usage(long calls) { this.calls = calls; }
                        public static Usage of(long calls) { return new Usage(calls); }
                        public long calls() { return calls; }
                    }""",
            "fixture/Record.java", "package fixture; public record Record(long calls) { }");

    @TempDir
    Path work;

    @Test
    void addingAMethodWithADefaultToAPluginInterfacePasses() throws IOException {
        Path released = jar("released", RELEASED);
        Path next = jar("next", with("fixture/Plugin.java",
                "package fixture; public interface Plugin { String name(); default String version() { return \"1\"; } }"));

        assertThat(incompatible(released, next)).isEmpty();
    }

    @Test
    void addingAnAbstractMethodToAPluginInterfaceFails() throws IOException {
        Path released = jar("released", RELEASED);
        Path next = jar("next", with("fixture/Plugin.java",
                "package fixture; public interface Plugin { String name(); String version(); }"));

        assertThat(incompatible(released, next)).containsExactly("fixture.Plugin");
    }

    @Test
    void addingAFieldBehindAFactoryPassesButAddingARecordComponentFails() throws IOException {
        Path released = jar("released", RELEASED);
        Map<String, String> next = with("fixture/Usage.java", """
                package fixture;
                public final class Usage {
                    private final long calls;
                    private final long tokens;
                    private Usage(long calls, long tokens) { this.calls = calls; this.tokens = tokens; }
                    public static Usage of(long calls) { return new Usage(calls, 0); }
                    public static Usage of(long calls, long tokens) { return new Usage(calls, tokens); }
                    public long calls() { return calls; }
                    public long tokens() { return tokens; }
                }""");
        next.put("fixture/Record.java", "package fixture; public record Record(long calls, long tokens) { }");

        assertThat(incompatible(released, jar("next", next))).containsExactly("fixture.Record");
    }

    @Test
    void removingAFactoryFails() throws IOException {
        Path released = jar("released", RELEASED);
        Path next = jar("next", with("fixture/Usage.java", """
                package fixture;
                public final class Usage {
                    private Usage() { }
                    public long calls() { return 0; }
                }"""));

        assertThat(incompatible(released, next)).containsExactly("fixture.Usage");
    }

    /** The classes japicmp finds binary or source incompatible, as the build's check would report them. */
    private static List<String> incompatible(Path released, Path next) {
        JarArchiveComparator comparator = new JarArchiveComparator(new JarArchiveComparatorOptions());
        List<JApiClass> classes = comparator.compare(new JApiCmpArchive(released.toFile(), "1.0.0"),
                new JApiCmpArchive(next.toFile(), "1.1.0"));
        return classes.stream().filter(c -> !c.isBinaryCompatible() || !c.isSourceCompatible())
                .map(JApiClass::getFullyQualifiedName).sorted().toList();
    }

    private static Map<String, String> with(String file, String source) {
        Map<String, String> sources = new HashMap<>(RELEASED);
        sources.put(file, source);
        return sources;
    }

    private Path jar(String name, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(work.resolve(name + "-src"));
        Path classes = Files.createDirectories(work.resolve(name + "-classes"));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).isZero();
        Path jar = work.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
