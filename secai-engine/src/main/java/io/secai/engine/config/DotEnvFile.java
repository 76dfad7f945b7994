package io.secai.engine.config;

import io.secai.api.SecAiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .env} file as the Python original's python-dotenv read it: {@code KEY=VALUE} lines, {@code #} comments,
 * an optional {@code export} prefix, values optionally in single or double quotes.
 *
 * @param variables the entries, in file order
 * @param warnings lines that were ignored and why
 */
record DotEnvFile(Map<String, String> variables, List<String> warnings) {

    DotEnvFile {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        warnings = List.copyOf(warnings);
    }

    static final DotEnvFile EMPTY = new DotEnvFile(Map.of(), List.of());

    /**
     * @param file the file; a missing file gives an empty result
     * @return the entries
     */
    static DotEnvFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SecAiException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static DotEnvFile parse(String name, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (index == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? "" : line.substring(0, equals).strip();
            if (equals < 0 || !key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                // The key is what we show, never the line: the value could be a secret.
                warnings.add(name + " line " + (index + 1) + " ignored: expected KEY=VALUE");
                continue;
            }
            variables.put(key, value(line.substring(equals + 1).strip()));
        }
        return new DotEnvFile(variables, warnings);
    }

    private static String value(String raw) {
        if (!raw.isEmpty() && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
            char quote = raw.charAt(0);
            StringBuilder inner = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == quote) {
                    return inner.toString();
                }
                if (quote == '"' && c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    inner.append(next == 'n' ? '\n' : next);
                } else {
                    inner.append(c);
                }
            }
            // No closing quote: python-dotenv keeps the text as written.
            return raw;
        }
        // An unquoted value ends at a comment that follows whitespace, as in python-dotenv.
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }
}
