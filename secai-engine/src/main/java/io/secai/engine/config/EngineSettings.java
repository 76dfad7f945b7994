package io.secai.engine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.secai.api.MissingSettingException;
import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SecAI's merged configuration, as {@link SettingsLoader} built it.
 *
 * <p>Values are read as text and converted here, so a value from an environment variable ({@code "5"},
 * {@code "True"}) works wherever the same value written in HOCON does. {@link #toString()} shows no values.
 */
public final class EngineSettings implements Settings {

    private final Config config;
    private final List<String> warnings;
    private final SecretRedactor redactor;

    EngineSettings(Config config, List<String> warnings) {
        this.config = config;
        this.warnings = List.copyOf(warnings);
        this.redactor = SecretRedactor.of(this);
    }

    /** @return the redactor that knows this configuration's secrets */
    public SecretRedactor redactor() {
        return redactor;
    }

    /**
     * Problems found while reading the configuration that did not stop it, such as ignored {@code .env} lines.
     *
     * @return one line each
     */
    public List<String> warnings() {
        return warnings;
    }

    /** @return {@code secai.data-dir}, with {@code ~} expanded */
    public Path dataDirectory() {
        return Path.of(require("secai.data-dir", "the folder for sessions, the audit log and plugin data"));
    }

    @Override
    public Optional<String> string(String path) {
        return value(path).map(value -> scalar(path, value)).filter(text -> !text.isBlank());
    }

    @Override
    public String require(String path, String purpose) {
        return string(path).orElseThrow(() ->
                new MissingSettingException(path, EnvironmentVariables.forPath(path).orElse(null), purpose));
    }

    @Override
    public int integer(String path, int fallback) {
        Optional<String> text = string(path);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.get().strip());
        } catch (NumberFormatException e) {
            throw invalid(path, text.get(), "a whole number");
        }
    }

    @Override
    public boolean bool(String path, boolean fallback) {
        Optional<String> text = string(path);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(path, text.get(), "true or false (or yes or no)");
        };
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        if (string(path).isEmpty()) {
            return fallback;
        }
        try {
            return config.getDuration(path);
        } catch (ConfigException e) {
            throw invalid(path, string(path).orElse(""), "a duration such as 30s, 5m, 2h or 30d");
        }
    }

    @Override
    public List<String> list(String path) {
        Optional<ConfigValue> value = value(path);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get().valueType() == ConfigValueType.LIST) {
            return config.getList(path).stream().map(element -> text(element)).toList();
        }
        // A list from an environment variable or a .env file arrives as comma-separated text.
        return Arrays.stream(scalar(path, value.get()).split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    @Override
    public Map<String, String> map(String path) {
        Optional<ConfigValue> value = value(path);
        if (value.isEmpty()) {
            return Map.of();
        }
        if (value.get().valueType() != ConfigValueType.OBJECT) {
            throw new SecAiException("Setting " + path + " must be a section of keys and values.");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        config.getConfig(path).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> entries.put(entry.getKey(), text(entry.getValue())));
        return java.util.Collections.unmodifiableMap(entries);
    }

    @Override
    public String toString() {
        return "EngineSettings[" + config.entrySet().size() + " keys, values hidden]";
    }

    private Optional<ConfigValue> value(String path) {
        try {
            return config.hasPath(path) ? Optional.of(config.getValue(path)) : Optional.empty();
        } catch (ConfigException.BadPath e) {
            throw new IllegalArgumentException("Not a settings path: '" + path + "'", e);
        }
    }

    private static String scalar(String path, ConfigValue value) {
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
            throw new SecAiException("Setting " + path + " must be a single value, not a "
                    + (value.valueType() == ConfigValueType.LIST ? "list" : "section") + ".");
        }
        return text(value);
    }

    private static String text(ConfigValue value) {
        Object unwrapped = value.unwrapped();
        return unwrapped == null ? "" : unwrapped.toString();
    }

    private SecAiException invalid(String path, String value, String expected) {
        String variable = EnvironmentVariables.forPath(path).map(name -> " (environment variable " + name + ")")
                .orElse("");
        String shown = SecretRedactor.SECRET_PATHS.contains(path) ? "" : ", not '" + value + "'";
        return new SecAiException("Setting " + path + variable + " must be " + expected + shown + ".");
    }
}
