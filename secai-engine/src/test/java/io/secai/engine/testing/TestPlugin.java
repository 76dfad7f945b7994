package io.secai.engine.testing;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.Plugin;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.engine.loading.LoadedPlugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/** A plugin with one capability, {@code run}, whose behaviour the test gives as a function. */
public final class TestPlugin implements Plugin {

    /** The capability every test plugin has. */
    public static final String RUN = "run";

    private final String name;
    private final BiFunction<Task, TaskContext, TaskResult> behaviour;

    /**
     * @param name the plugin's name
     * @param behaviour what {@link #run} does
     */
    public TestPlugin(String name, BiFunction<Task, TaskContext, TaskResult> behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    /**
     * The plugin as the engine holds it, in a class loader of its own (an empty child of the test's), as plugins
     * from plugins-dir are.
     *
     * @param name the plugin's name
     * @param behaviour what {@link #run} does
     * @return the loaded plugin
     */
    public static LoadedPlugin loaded(String name, BiFunction<Task, TaskContext, TaskResult> behaviour) {
        ClassLoader own = new URLClassLoader("plugin-" + name, new URL[0], TestPlugin.class.getClassLoader());
        return new LoadedPlugin(new TestPlugin(name, behaviour), own, Path.of("test-plugins", name));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "Test plugin " + name;
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(Capability.of(RUN, "Runs the test's behaviour"));
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        return behaviour.apply(task, context);
    }
}
