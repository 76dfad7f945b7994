package io.secai.engine.testing;

import io.secai.api.MissingSettingException;
import io.secai.api.Settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings from a map, so that tests of the settings records do not depend on the configuration loader, which
 * another part of the engine provides and tests.
 */
public final class MapSettings implements Settings {

    private final Map<String, String> values;

    /** @param values settings by dotted path */
    public MapSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public Optional<String> string(String path) {
        return Optional.ofNullable(values.get(path)).filter(value -> !value.isBlank());
    }

    @Override
    public String require(String path, String purpose) {
        return string(path).orElseThrow(() -> new MissingSettingException(path, null, purpose));
    }

    @Override
    public int integer(String path, int fallback) {
        return string(path).map(Integer::parseInt).orElse(fallback);
    }

    @Override
    public boolean bool(String path, boolean fallback) {
        return string(path).map(value -> value.toLowerCase(Locale.ROOT))
                .map(value -> value.equals("true") || value.equals("yes")).orElse(fallback);
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return string(path).map(Duration::parse).orElse(fallback);
    }

    @Override
    public List<String> list(String path) {
        return string(path).map(value -> List.of(value.split(","))).orElse(List.of());
    }

    @Override
    public Map<String, String> map(String path) {
        return Map.of();
    }
}
