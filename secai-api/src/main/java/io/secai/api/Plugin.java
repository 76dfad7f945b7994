package io.secai.api;

import java.util.List;

/**
 * A plugin: something the planner can send a task to.
 *
 * <p>Implementations need a public no-argument constructor and a line naming the class in
 * {@code META-INF/services/io.secai.api.Plugin}. The engine calls {@link #start} once before any task, then
 * {@link #run} for each task routed to the plugin (possibly from several threads, one per session), and
 * {@link #close} at shutdown. Every call happens with the plugin's own class loader as the thread's context class
 * loader.
 *
 * @since 1.0
 */
public interface Plugin extends AutoCloseable {

    /**
     * The plugin's unique name, as the planner and the user refer to it: lower case, digits and dashes
     * (for example {@code sentinel-kql}).
     *
     * @return the name
     */
    String name();

    /**
     * The plugin's own version, shown by {@code secai plugins}. By default it is the {@code Implementation-Version}
     * of the plugin jar's manifest, which a build writes from the project's version, so there is one source of
     * truth; override it only when the jar has no such entry.
     *
     * @return a version string; {@code unknown} when the classes do not come from a jar with a version
     */
    default String version() {
        Package definedIn = getClass().getPackage();
        String version = definedIn == null ? null : definedIn.getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * The API version this plugin was compiled against. Implement it as {@code return ApiVersion.CURRENT;} so
     * that the compiler records the value of the API jar you built with.
     *
     * @return a {@code MAJOR.MINOR} string
     */
    String apiVersion();

    /**
     * What the plugin is for, in a sentence or two. The planner reads this to decide which tasks to send here,
     * so say what it can and cannot do.
     *
     * @return the description
     */
    String description();

    /**
     * A longer text for the user, shown by the {@code help} command: what to ask and what must be configured.
     *
     * @return help text in Markdown; the description when not overridden
     */
    default String helpText() {
        return description();
    }

    /**
     * What the plugin can do. Every task sent to the plugin names one of these.
     *
     * @return at least one capability
     */
    List<Capability> capabilities();

    /**
     * Prepares the plugin. Keep it quick and free of network calls: the shell does not wait for anything slow.
     * Work that needs a service (a login, a schema download) belongs in the first {@link #run} or in a background
     * thread of the plugin's own.
     *
     * @param context the host's services for this plugin
     * @throws SecAiException when the plugin cannot work at all; it is then reported as failed and not used
     */
    default void start(PluginContext context) {
    }

    /**
     * Carries out one task.
     *
     * @param task what to do, as planned
     * @param context the session, progress reporting and per-task clients
     * @return the result; a result whose status is {@link TaskResult.Status#FAILED} stops the rest of the plan
     * @throws SecAiException with a message for the user when the task cannot be done
     */
    TaskResult run(Task task, TaskContext context);

    /**
     * Subcommands this plugin adds to the {@code secai} command line, such as {@code secai kql ...}.
     *
     * @return the contributions; none when not overridden
     */
    default List<CommandContribution> commands() {
        return List.of();
    }

    /**
     * Checks, for {@code secai doctor}, that this plugin can do its work with the current configuration: its
     * settings make sense, and the services it needs answer (with the smallest request they accept). Called after
     * {@link #start}, on a thread of its own; keep it to a few seconds and let no exception escape: report it as a
     * failed {@link Check} with the fix.
     *
     * @return one check per thing verified; none when not overridden (the plugin has nothing to check)
     * @since 1.1
     */
    default List<Check> selfCheck() {
        return List.of();
    }

    /** Releases what {@link #start} acquired. */
    @Override
    default void close() {
    }
}
