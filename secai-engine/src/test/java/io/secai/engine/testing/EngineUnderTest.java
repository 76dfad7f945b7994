package io.secai.engine.testing;

import io.secai.engine.Engine;
import io.secai.engine.Engines;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EndToEndPlugins.LOOKUP;

/**
 * The whole engine for one test, as a frontend starts it: {@link Engines#start} over a fresh work folder (data
 * folder {@code work/data}), with the {@link EndToEndPlugins} in a plugins folder and the real azure-ai-openai
 * client talking HTTPS to a {@link FakeOpenAi} that the test receives as a parameter. After the test it closes the
 * engines it started and the fake, and deletes the work folder.
 *
 * <pre>{@code
 * @RegisterExtension
 * final EngineUnderTest secai = new EngineUnderTest();
 *
 * @Test
 * void answers(FakeOpenAi openAi) throws Exception {
 *     Engine engine = secai.start();
 *     ...
 * }
 * }</pre>
 *
 * Register it on an instance field, so that each test gets its own; the plugins are compiled once per test run.
 */
public final class EngineUnderTest implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EngineUnderTest.class);

    private final List<Engine> running = new ArrayList<>();
    private CompiledPlugins plugins;
    private Path work;
    private FakeOpenAi openAi;
    private Path lastPluginsDir;
    private Map<String, String> lastSettings;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        TestTls.shared().installAsJvmDefault();
        plugins = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(CompiledPlugins.class, key -> new CompiledPlugins(), CompiledPlugins.class);
        work = Files.createTempDirectory("secai-engine-test-");
        openAi = FakeOpenAi.start().requireApiKey(EngineFixtures.API_KEY);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            running.forEach(Engine::close);
            running.clear();
        } finally {
            openAi.close();
            deleteTree(work);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeOpenAi.class;
    }

    @Override
    public FakeOpenAi resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return openAi;
    }

    /** @return an engine with both end-to-end plugins and the fake model */
    public Engine start() {
        return start(Map.of());
    }

    /**
     * @param settings settings by dotted path, over the fake model's {@link EngineFixtures#openAi settings}
     * @return an engine with both end-to-end plugins
     */
    public Engine start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(modelSettings());
        all.putAll(settings);
        return start(pluginsDir(LOOKUP, GPT), all);
    }

    /**
     * @param pluginsDir the plugins folder, usually from {@link #pluginsDir}
     * @param settings every setting by dotted path, the model's included
     * @return the engine, closed after the test
     */
    public Engine start(Path pluginsDir, Map<String, String> settings) {
        Engine engine = Engines.start(EngineFixtures.options(work, pluginsDir, settings));
        running.add(engine);
        lastPluginsDir = pluginsDir;
        lastSettings = Map.copyOf(settings);
        return engine;
    }

    /**
     * Closes the engine started last and starts another over the same work folder, plugins and settings, as a
     * restart of the application would.
     *
     * @return the new engine
     */
    public Engine restart() {
        if (running.isEmpty()) {
            throw new IllegalStateException("no engine to restart: start one first");
        }
        running.remove(running.size() - 1).close();
        return start(lastPluginsDir, lastSettings);
    }

    /** @return the fake model's {@code openai.*} settings */
    public Map<String, String> modelSettings() {
        return EngineFixtures.openAi(openAi.endpoint());
    }

    /**
     * @param names end-to-end plugins, {@link EndToEndPlugins#LOOKUP} and {@link EndToEndPlugins#GPT}
     * @return a plugins folder holding exactly their jars
     */
    public Path pluginsDir(String... names) {
        return plugins.folder(names);
    }

    /** @return the engine's data folder, with its sessions and audit log */
    public Path dataDir() {
        return work.resolve("data");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The plugins compiled once for the whole test run, and a folder of jars for each set of them asked for. */
    private static final class CompiledPlugins implements AutoCloseable {
        private final Path root;
        private final Map<List<String>, Path> folders = new HashMap<>();

        CompiledPlugins() {
            try {
                root = Files.createTempDirectory("secai-e2e-plugins-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized Path folder(String... names) {
            return folders.computeIfAbsent(List.of(names), key -> {
                try {
                    return EndToEndPlugins.pluginsDir(root, names);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public void close() throws IOException {
            deleteTree(root);
        }
    }
}
