package io.secai.testkit.plugin;

import io.secai.api.MissingSettingException;
import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link Settings} over a map of dotted paths to text, read with the rules SecAI's engine applies to its merged
 * configuration, so that a plugin meets in its tests the values and the errors it meets in production.
 *
 * <p>Values are written as they would come from an environment variable or a {@code .env} file:
 * <ul>
 *   <li>booleans: {@code true}, {@code false}, {@code yes}, {@code no}, {@code on}, {@code off}, in any case;</li>
 *   <li>durations in HOCON form: {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d}, {@code 250 ms},
 *       {@code 1.5 hours}; a bare number is milliseconds;</li>
 *   <li>lists either comma-separated ({@code a, b}) or in HOCON brackets ({@code ["a", "b"]} or {@code [a, b]});
 *       a value in brackets is a list, as it would be in {@code application.conf};</li>
 *   <li>sections: keys below a path ({@code plugins.x.headers.Accept}) form the section that {@link #map} returns.
 *   </li>
 * </ul>
 * A blank value counts as unset. A value of the wrong kind throws {@link SecAiException} with the engine's message,
 * and {@link #require} throws {@link MissingSettingException} naming the environment variable of the Python
 * original when the key has one (for example {@code AZURE_WORKSPACE_ID}).
 *
 * <pre>{@code
 * Settings settings = new MapSettings(Map.of(
 *         "plugins.my-plugin.timeout", "30s",
 *         "plugins.my-plugin.hosts", "[\"example.com\", \"example.org\"]"));
 * }</pre>
 */
public final class MapSettings implements Settings {

    /** The original's environment variables, by the path they set, as the engine names them in messages. */
    private static final Map<String, String> ENVIRONMENT_VARIABLES = Map.ofEntries(
            Map.entry("azure.tenant-id", "AZURE_TENANT_ID"),
            Map.entry("azure.client-id", "AZURE_CLIENT_ID"),
            Map.entry("azure.client-secret", "AZURE_CLIENT_SECRET"),
            Map.entry("azure.subscription-id", "AZURE_SUBSCRIPTION_ID"),
            Map.entry("azure.resource-group", "AZURE_RESOURCEGROUP_NAME"),
            Map.entry("azure.workspace-name", "AZURE_WORKSPACE_NAME"),
            Map.entry("azure.workspace-id", "AZURE_WORKSPACE_ID"),
            Map.entry("openai.endpoint", "AZURE_OPENAI_ENDPOINT"),
            Map.entry("openai.api-key", "AZURE_OPENAI_APIKEY"),
            Map.entry("openai.deployment", "AZURE_OPENAI_MODELNAME"),
            Map.entry("session.window-size", "ASSISTANT_CONTEXT_WINDOW_SIZE"),
            Map.entry("plugins.sentinel-kql.load-schema", "SENTINELKQL_LOADSCHEMA"));

    /** Settings whose values an error message must not repeat. */
    private static final Set<String> SECRET_PATHS =
            Set.of("openai.api-key", "azure.client-secret", "azure.access-token", "web.token", "web.tls.password");

    private final Map<String, String> values;

    /**
     * @param values settings by dotted path ({@code plugins.my-plugin.row-cap}); a path may not both hold a value
     *     and have keys below it, as in HOCON
     * @throws IllegalArgumentException for an empty path segment or a path that is both a value and a section
     */
    public MapSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.values.keySet().forEach(MapSettings::checkPath);
        for (String path : this.values.keySet()) {
            if (isSection(path)) {
                throw new IllegalArgumentException("'" + path + "' holds a value and also has keys below it");
            }
        }
    }

    /** @return settings where nothing is set, so that every plugin default applies */
    public static MapSettings empty() {
        return new MapSettings(Map.of());
    }

    /**
     * @param path a dotted path
     * @param value its value
     * @return a copy with that value set, replacing any earlier one
     */
    public MapSettings with(String path, String value) {
        Map<String, String> changed = new HashMap<>(values);
        changed.put(path, value);
        return new MapSettings(changed);
    }

    @Override
    public Optional<String> string(String path) {
        Optional<String> value = value(path);
        if (value.filter(MapSettings::isBracketed).isPresent()) {
            throw new SecAiException("Setting " + path + " must be a single value, not a list.");
        }
        return value.filter(text -> !text.isBlank());
    }

    @Override
    public String require(String path, String purpose) {
        return string(path).orElseThrow(() ->
                new MissingSettingException(path, ENVIRONMENT_VARIABLES.get(path), purpose));
    }

    @Override
    public int integer(String path, int fallback) {
        return typed(path, fallback, MapSettings::wholeNumber, "a whole number");
    }

    @Override
    public boolean bool(String path, boolean fallback) {
        return typed(path, fallback, MapSettings::truth, "true or false (or yes or no)");
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return typed(path, fallback, HoconDuration::parse, "a duration such as 30s, 5m, 2h or 30d");
    }

    @Override
    public List<String> list(String path) {
        return value(path).map(value -> isBracketed(value)
                        ? bracketedList(value.strip())
                                .orElseThrow(() -> invalid(path, value, "a list such as [\"a\", \"b\"] or a, b"))
                        : Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList())
                .orElse(List.of());
    }

    @Override
    public Map<String, String> map(String path) {
        checkPath(path);
        if (values.containsKey(path)) {
            throw new SecAiException("Setting " + path + " must be a section of keys and values.");
        }
        String prefix = path + ".";
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                sorted.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    /** Shows the keys but not the values, which may stand in for secrets. */
    @Override
    public String toString() {
        return "MapSettings" + new TreeMap<>(values).keySet();
    }

    /** The value as written, blank or not; a path with keys below it is a section, not a value. */
    private Optional<String> value(String path) {
        checkPath(path);
        String value = values.get(path);
        if (value == null && isSection(path)) {
            throw new SecAiException("Setting " + path + " must be a single value, not a section.");
        }
        return Optional.ofNullable(value);
    }

    private <T> T typed(String path, T fallback, Function<String, Optional<T>> parser, String expected) {
        return string(path)
                .map(text -> parser.apply(text.strip()).orElseThrow(() -> invalid(path, text, expected)))
                .orElse(fallback);
    }

    private static Optional<Integer> wholeNumber(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> truth(String text) {
        return Optional.ofNullable(switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        });
    }

    private boolean isSection(String path) {
        String prefix = path + ".";
        return values.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }

    private static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("Not a settings path: '" + path + "'");
        }
    }

    private static boolean isBracketed(String value) {
        String stripped = value.strip();
        return stripped.startsWith("[") && stripped.endsWith("]");
    }

    /** Reads {@code ["a", "b"]} or {@code [a, b]}: quoted items keep commas and spaces, bare items are trimmed. */
    private static Optional<List<String>> bracketedList(String value) {
        String inner = value.substring(1, value.length() - 1);
        List<String> items = new ArrayList<>();
        int at = 0;
        while (true) {
            at = skipSpaces(inner, at);
            if (at == inner.length()) {
                return Optional.of(List.copyOf(items));
            }
            StringBuilder item = new StringBuilder();
            if (inner.charAt(at) == '"') {
                at = readQuoted(inner, at + 1, item);
                if (at < 0) {
                    return Optional.empty();
                }
                at = skipSpaces(inner, at);
            } else {
                int end = inner.indexOf(',', at);
                end = end < 0 ? inner.length() : end;
                item.append(inner.substring(at, end).strip());
                at = end;
                if (item.toString().isBlank() || item.indexOf("\"") >= 0) {
                    return Optional.empty();
                }
            }
            items.add(item.toString());
            if (at < inner.length()) {
                if (inner.charAt(at) != ',') {
                    return Optional.empty();
                }
                at++;
            }
        }
    }

    /** @return the index after the closing quote, or -1 when the text ends first */
    private static int readQuoted(String text, int from, StringBuilder item) {
        for (int at = from; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '"') {
                return at + 1;
            }
            if (c == '\\' && at + 1 < text.length()) {
                at++;
                char escaped = text.charAt(at);
                item.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            } else {
                item.append(c);
            }
        }
        return -1;
    }

    private static int skipSpaces(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static SecAiException invalid(String path, String value, String expected) {
        String variable = Optional.ofNullable(ENVIRONMENT_VARIABLES.get(path))
                .map(name -> " (environment variable " + name + ")").orElse("");
        String shown = SECRET_PATHS.contains(path) ? "" : ", not '" + value + "'";
        return new SecAiException("Setting " + path + variable + " must be " + expected + shown + ".");
    }
}
