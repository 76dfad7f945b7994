package io.secai.terminal.demo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.api.Check;
import io.secai.api.Redactor;
import io.secai.api.Settings;
import io.secai.demo.DemoWorld;
import io.secai.engine.Engine;
import io.secai.engine.ModelUsage;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptRun;
import io.secai.engine.session.Sessions;

/**
 * The real engine of a demo, which also owns the demo world and folder: its notices start with the demo banner
 * (every front end shows the engine's notices), and closing it stops the world and removes the folder, so a demo
 * leaves nothing behind.
 */
final class DemoEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(DemoEngine.class);

    private final Engine engine;
    private final DemoWorld world;
    private final Path folder;
    private final boolean keepFolder;

    DemoEngine(Engine engine, DemoWorld world, Path folder, boolean keepFolder) {
        this.engine = engine;
        this.world = world;
        this.folder = folder;
        this.keepFolder = keepFolder;
    }

    @Override
    public List<String> notices() {
        List<String> all = new ArrayList<>(DemoWorld.banner());
        if (keepFolder) {
            all.add("--debug: the demo's folder " + folder + " (with its log) is kept after exit.");
        }
        all.addAll(engine.notices());
        return List.copyOf(all);
    }

    @Override
    public List<PluginStatus> plugins() {
        return engine.plugins();
    }

    @Override
    public List<PluginCommand> commands() {
        return engine.commands();
    }

    @Override
    public Settings settings() {
        return engine.settings();
    }

    @Override
    public Redactor redactor() {
        return engine.redactor();
    }

    @Override
    public Sessions sessions() {
        return engine.sessions();
    }

    @Override
    public PromptRun submit(String sessionId, String prompt, ProgressListener listener) {
        return engine.submit(sessionId, prompt, listener);
    }

    @Override
    public List<ModelUsage> modelUsage() {
        return engine.modelUsage();
    }

    @Override
    public List<Check> checks() {
        return engine.checks();
    }

    @Override
    public io.secai.engine.privacy.Privacy privacy() {
        return engine.privacy();
    }

    /** @return the demo world, for tests */
    DemoWorld world() {
        return world;
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            try {
                world.close();
            } finally {
                if (!keepFolder) {
                    delete(folder);
                }
            }
        }
    }

    private static void delete(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("The demo folder {} could not be removed: {}", folder, e.getMessage());
        }
    }
}
