package io.secai.engine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.secai.api.SecAiException;
import io.secai.engine.EngineOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds SecAI's settings from its layers, lowest first:
 * <ol>
 *   <li>the {@code reference.conf} files on the host's class path (the engine's and the frontends'), then each
 *       plugin's own, read through the plugin's class loader;</li>
 *   <li>the {@code application.conf} named by {@link EngineOptions#configFile()};</li>
 *   <li>a {@code .env} file in {@link EngineOptions#workingDirectory()};</li>
 *   <li>{@link EngineOptions#environment()};</li>
 *   <li>{@link EngineOptions#overrides()}.</li>
 * </ol>
 * Only the environment variables the Python original used are read, in both {@code .env} and the environment.
 * Substitutions ({@code ${secai.data-dir}}) refer to other settings, never to the process environment, so that
 * the result depends on the options alone.
 */
public final class SettingsLoader {

    /** Settings holding a file or folder, where a leading {@code ~} means the user's home. */
    private static final List<String> PATH_SETTINGS =
            List.of("secai.data-dir", "secai.plugins-dir", "audit.file", "web.tls.keystore");

    private static final ConfigResolveOptions RESOLVE =
            ConfigResolveOptions.defaults().setUseSystemEnvironment(false);

    private SettingsLoader() {
    }

    /**
     * @param options the command line and process environment
     * @param pluginLoaders the plugins' class loaders, whose {@code reference.conf} files add defaults
     * @return the merged settings
     * @throws SecAiException when the configuration file is missing or not valid HOCON, or a substitution fails
     */
    public static EngineSettings load(EngineOptions options, List<? extends ClassLoader> pluginLoaders) {
        List<String> warnings = new ArrayList<>();

        Config defaults = parseReference(SettingsLoader.class.getClassLoader(), "SecAI");
        for (ClassLoader loader : pluginLoaders) {
            // The host's defaults win over a plugin's, so a plugin cannot change SecAI's own keys.
            defaults = defaults.withFallback(parseReference(loader, java.util.Objects.toString(loader.getName(), loader.toString())));
        }

        Config application = options.configFile().map(SettingsLoader::parseApplication)
                .orElse(ConfigFactory.empty());

        Path dotEnvPath = options.workingDirectory().resolve(".env");
        DotEnvFile dotEnv = DotEnvFile.read(dotEnvPath);
        warnings.addAll(dotEnv.warnings());

        Config merged = layer(options.overrides(), "overrides")
                .withFallback(layer(EnvironmentVariables.toSettings(options.environment()), "environment variable"))
                .withFallback(layer(EnvironmentVariables.toSettings(dotEnv.variables()), dotEnvPath.toString()))
                .withFallback(application)
                .withFallback(defaults);

        Config resolved = resolve(merged);
        Map<String, Object> expanded = new LinkedHashMap<>();
        for (String path : PATH_SETTINGS) {
            if (resolved.hasPath(path)) {
                String value = resolved.getValue(path).unwrapped().toString();
                String home = expandHome(value);
                if (!home.equals(value)) {
                    expanded.put(path, home);
                }
            }
        }
        // Resolve again with the expanded folders, so that ${secai.data-dir}/audit.jsonl follows them.
        Config result = expanded.isEmpty() ? resolved
                : resolve(ConfigFactory.parseMap(expanded, "home folder expansion").withFallback(merged));
        return new EngineSettings(result, warnings);
    }

    /**
     * @param path a dotted settings path
     * @return the environment variable (of the Python original) that sets it, if any
     */
    public static java.util.Optional<String> environmentVariableFor(String path) {
        return EnvironmentVariables.forPath(path);
    }

    private static Config parseReference(ClassLoader loader, String owner) {
        try {
            return ConfigFactory.parseResources(loader, "reference.conf");
        } catch (ConfigException e) {
            throw new SecAiException("The defaults (reference.conf) of " + owner + " are not valid: "
                    + e.getMessage(), e);
        }
    }

    private static Config parseApplication(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SecAiException("Configuration file not found: " + file.toAbsolutePath()
                    + " (given with --config).");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new SecAiException("Configuration file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    private static Config layer(Map<String, String> values, String origin) {
        Map<String, String> present = new LinkedHashMap<>();
        // An empty variable does not erase a configured value: it is how shells leave a variable "unset".
        values.forEach((path, value) -> {
            if (value != null && !value.isBlank()) {
                present.put(path, value);
            }
        });
        try {
            return ConfigFactory.parseMap(present, origin);
        } catch (ConfigException e) {
            throw new SecAiException("Invalid setting name in " + origin + ": " + e.getMessage(), e);
        }
    }

    private static Config resolve(Config config) {
        try {
            return config.resolve(RESOLVE);
        } catch (ConfigException e) {
            throw new SecAiException("The configuration refers to a setting that does not exist: "
                    + e.getMessage(), e);
        }
    }

    static String expandHome(String value) {
        if (value.equals("~")) {
            return System.getProperty("user.home");
        }
        if (value.startsWith("~/") || value.startsWith("~\\")) {
            return Path.of(System.getProperty("user.home")).resolve(value.substring(2)).toString();
        }
        return value;
    }
}
