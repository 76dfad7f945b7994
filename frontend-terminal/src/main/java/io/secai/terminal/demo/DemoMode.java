package io.secai.terminal.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.secai.demo.DemoWorld;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.terminal.cli.EngineFactory;

/**
 * {@code secai --demo}: starts the {@linkplain DemoWorld demo world} and the real engine against it, in a folder of
 * its own under the system's temporary folder. A demo reads no {@code --config} file, environment variable or
 * {@code .env} (the settings are the world's alone), so it neither needs nor touches the user's configuration or
 * data folder; the folder is removed when the engine closes.
 */
public final class DemoMode {

    private DemoMode() {
    }

    /**
     * @param factory starts the engine (the real one in the launcher)
     * @param pluginsDir the plugins-dir to load, when known
     * @param laterNotices receives notices raised after the start
     * @param logTo configures the log for the demo's data folder
     * @param keepFolder whether to keep the folder after exit (with {@code --debug}, for its log)
     * @return the engine; closing it stops the world and removes the folder
     */
    public static Engine start(EngineFactory factory, Optional<Path> pluginsDir, Consumer<String> laterNotices,
                               Consumer<Path> logTo, boolean keepFolder) {
        Path folder;
        try {
            folder = Files.createTempDirectory("secai-demo-");
            Files.createDirectories(folder.resolve("work"));
            Files.createDirectories(folder.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("The demo could not create its folder: " + e.getMessage(), e);
        }
        logTo.accept(folder.resolve("data"));
        DemoWorld world = DemoWorld.start(Clock.systemUTC());
        try {
            EngineOptions options = new EngineOptions(Optional.empty(), pluginsDir, Optional.of("client_secret"),
                    folder.resolve("work"), Map.of(), world.settings(folder.resolve("data")));
            return new DemoEngine(factory.start(options, laterNotices), world, folder, keepFolder);
        } catch (RuntimeException | Error e) {
            world.close();
            throw e;
        }
    }
}
