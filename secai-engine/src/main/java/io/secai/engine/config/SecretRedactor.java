package io.secai.engine.config;

import io.secai.api.Redactor;
import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.engine.redaction.SecretForms;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction service: masks secrets in text before it reaches a log, the terminal, a plugin command's
 * output, a web answer, a session file, an export or the audit log.
 *
 * <p>It masks each configured secret in every spelling {@link SecretForms} knows (literal, URL-encoded,
 * JSON-escaped, Base64), and, whether configured or not, {@code Bearer <token>} and JWT-shaped strings. All of it is
 * one precompiled pattern, so a text is scanned once.
 */
public final class SecretRedactor implements Redactor {

    /** The settings that hold secrets. */
    public static final List<String> SECRET_PATHS =
            List.of("openai.api-key", "llm.api-key", "azure.client-secret", "azure.access-token", "web.token",
                    "web.tls.password");

    /**
     * An MCP stdio server's {@code env} value this long or longer is a secret (a token the program reads); shorter
     * ones ({@code DEBUG = "1"}, {@code LOG_LEVEL = "info"}) are settings, and masking them would mask ordinary
     * words and digits in every output. The MCP client masks its own messages by the same rule.
     */
    public static final int MCP_ENV_SECRET_MIN_LENGTH = 8;

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** A bearer credential in a header, a log line or an exception message. */
    static final String BEARER = "(?<bearer>\\b[Bb][Ee][Aa][Rr][Ee][Rr](?:\\s+|%20|\\+))"
            // A digit or symbol in it, so that prose such as "bearer authentication" stays readable.
            + "(?=[A-Za-z0-9\\-._~+/]*[0-9\\-._~+/])[A-Za-z0-9\\-._~+/]{8,}=*";

    /** A JWT, whoever issued it (see {@link SecretForms#JWT}). */
    static final String JWT = SecretForms.JWT;

    private final int count;
    private final Pattern pattern;

    /**
     * @param secrets the values to mask; blank ones are ignored
     */
    public SecretRedactor(Collection<String> secrets) {
        List<String> values = secrets.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(secret -> !secret.isEmpty())
                .distinct()
                // Longest first, so that a secret containing another is masked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        this.count = values.size();
        StringBuilder alternatives = new StringBuilder();
        for (String secret : values) {
            for (String fragment : SecretForms.fragments(secret)) {
                alternatives.append(fragment).append('|');
            }
        }
        alternatives.append(BEARER).append('|').append(JWT);
        this.pattern = Pattern.compile(alternatives.toString());
    }

    /**
     * @param settings the settings whose {@link #SECRET_PATHS} values are secrets, with each model profile's
     *     {@code api-key}, each MCP server's header values ({@code mcp.servers.<name>.headers.*}), each MCP stdio
     *     server's environment values of {@link #MCP_ENV_SECRET_MIN_LENGTH} characters or more
     *     ({@code mcp.servers.<name>.env.*}) and every API
     *     skill key ({@code skills.api.*}, the {@code hosts} of a key bound to hosts excepted)
     * @return a redactor for them
     */
    public static SecretRedactor of(Settings settings) {
        java.util.List<String> secrets = new java.util.ArrayList<>(SECRET_PATHS.stream()
                .map(settings::string)
                .flatMap(Optional::stream)
                .toList());
        // Each named model profile may carry its own key (llm.models.<name>.api-key).
        settings.map("llm.models").forEach((key, value) -> {
            if (key.endsWith(".api-key") || key.endsWith(".\"api-key\"")) {
                secrets.add(value);
            }
        });
        // MCP servers' HTTP headers (mcp.servers.<name>.headers.<Header>) carry their access tokens; with
        // "Bearer X" or "Basic X" the credential alone is a secret too, since a library may log it without the scheme.
        mcpServers(settings).forEach((key, value) -> {
            // A stdio server's environment (mcp.servers.<name>.env.<VARIABLE>) carries the tokens the program reads.
            int dot = key.indexOf('.');
            if (dot > 0 && key.startsWith("env.", dot + 1) && value.strip().length() >= MCP_ENV_SECRET_MIN_LENGTH) {
                secrets.add(value);
            }
            if (key.contains(".headers.")) {
                secrets.add(value);
                String[] schemeAndCredential = value.strip().split("\\s+", 2);
                if (schemeAndCredential.length == 2 && schemeAndCredential[0].matches("[A-Za-z-]{2,20}")) {
                    secrets.add(schemeAndCredential[1]);
                }
            }
        });
        // API skills read their keys from skills.api.* (a skill file may name no other settings), so every value
        // there is a secret; with "Bearer X" the credential alone too.
        Map<String, String> apiKeys = settingsUnder(settings, "skills.api");
        apiKeys.forEach((key, value) -> {
            // A key bound to hosts (skills.api.NAME { value = "...", hosts = [...] }): the host names are not secret.
            if ((key.equals("hosts") || key.endsWith(".hosts"))
                    && apiKeys.containsKey(key.substring(0, key.length() - "hosts".length()) + "value")) {
                return;
            }
            secrets.add(value);
            String[] schemeAndCredential = value.strip().split("\\s+", 2);
            if (schemeAndCredential.length == 2 && schemeAndCredential[0].matches("[A-Za-z-]{2,20}")) {
                secrets.add(schemeAndCredential[1]);
            }
        });
        return new SecretRedactor(secrets);
    }

    /** A malformed section must not stop redaction being set up; it is reported where it is read. */
    private static Map<String, String> settingsUnder(Settings settings, String path) {
        try {
            return settings.map(path);
        } catch (SecAiException e) {
            return Map.of();
        }
    }

    /** A malformed mcp.servers is reported where the servers are read; it must not stop redaction being set up. */
    private static Map<String, String> mcpServers(Settings settings) {
        try {
            return settings.map("mcp.servers");
        } catch (SecAiException e) {
            return Map.of();
        }
    }

    /**
     * @param text any text, or null
     * @return the text with every known secret, bearer token and JWT replaced by {@code ***}; null stays null
     */
    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        int last = 0;
        do {
            result.append(text, last, matcher.start());
            String bearer = matcher.group("bearer");
            result.append(bearer == null ? MASK : bearer + MASK);
            last = matcher.end();
        } while (matcher.find());
        return result.append(text, last, text.length()).toString();
    }

    /** @return whether the text holds anything this redactor would mask */
    public boolean finds(String text) {
        return text != null && pattern.matcher(text).find();
    }

    @Override
    public String toString() {
        return "SecretRedactor[" + count + " secrets]";
    }
}
