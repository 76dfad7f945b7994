package io.secai.kql.skill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API skill: one HTTP GET or POST to a fixed host, with typed inputs placed only in path segments, query values
 * and JSON body values, headers whose secrets come from settings, and a JSON pointer to the rows of the answer.
 *
 * @param name the capability name the planner uses
 * @param description when to use it
 * @param inputs its inputs, in order (types are checked as for KQL skills)
 * @param method {@code GET} or {@code POST}
 * @param url the URL template; its host is fixed
 * @param headers the request headers, in file order
 * @param body the JSON body template of a POST, or empty
 * @param rows a JSON pointer ({@code /data/items}, or empty for the whole answer) to the rows
 * @param source the file it came from
 */
public record ApiSkill(String name, String description, List<KqlSkill.Input> inputs, String method,
                       ApiUrlTemplate url, List<Header> headers, Optional<JsonNode> body, String rows,
                       String source) {

    /** Longest value one input takes. */
    public static final int MAX_VALUE_CHARS = 2_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]{0,63})\\s*}}");
    private static final Pattern WHOLE = Pattern.compile("\\s*\\{\\{\\s*([A-Za-z][A-Za-z0-9_]{0,63})\\s*}}\\s*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request header.
     *
     * @param name the header name
     * @param value the literal value, or, when {@code setting} is present, the scheme written before the secret
     *     ({@code Bearer }) or empty
     * @param setting the settings key the secret is read from ({@code skills.api.*}), or empty for a literal
     */
    public record Header(String name, String value, Optional<String> setting) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(setting, "setting");
        }
    }

    /**
     * One request, ready to send.
     *
     * @param method {@code GET} or {@code POST}
     * @param url the absolute URL, on the skill's host
     * @param headers header values, secrets included (never shown: the caller registers them with the redactor)
     * @param body the JSON body, or empty
     * @param secrets the values read from settings
     */
    public record Request(String method, String url, Map<String, String> headers, Optional<String> body,
                          List<String> secrets) {
        public Request {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            secrets = List.copyOf(secrets);
        }

        @Override
        public String toString() {
            return method + " " + url + " (headers " + headers.keySet() + ")";
        }
    }

    public ApiSkill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = List.copyOf(headers);
        body = body.map(JsonNode::deepCopy);
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(source, "source");
    }

    /** @return the settings keys the headers read */
    public Set<String> settingKeys() {
        Set<String> keys = new LinkedHashSet<>();
        headers.forEach(header -> header.setting().ifPresent(keys::add));
        return keys;
    }

    /**
     * The placeholders of a body template's string values.
     *
     * @param body a JSON template
     * @return the names, in order of first use
     */
    static Set<String> placeholders(JsonNode body) {
        Set<String> names = new LinkedHashSet<>();
        if (body.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(body.asText());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        body.forEach(child -> names.addAll(placeholders(child)));
        return names;
    }

    /**
     * Writes the request for one task.
     *
     * @param values values by input name (as a task's inputs carry them)
     * @param settings reads a settings key
     * @return the request
     * @throws SkillInputException naming a missing, unknown, ill-typed or oversized input, or a missing setting
     */
    public Request fill(Map<String, String> values, Function<String, Optional<String>> settings) {
        return fill(values, ApiKeys.plain(settings));
    }

    /**
     * Writes the request for one task, with keys that may be bound to hosts.
     *
     * @param values values by input name (as a task's inputs carry them)
     * @param keys finds the {@code skills.api.*} keys the headers name
     * @return the request
     * @throws SkillInputException naming a missing, unknown, ill-typed or oversized input, a missing setting, or a
     *     key bound to hosts that do not include this skill's host
     */
    public Request fill(Map<String, String> values, ApiKeys.Lookup keys) {
        Map<String, String> resolved = SkillValues.resolve(name, inputs, values, MAX_VALUE_CHARS);
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (KqlSkill.Input input : inputs) {
            String value = resolved.get(input.name());
            Object parsed = typed(input, value);
            typed.put(input.name(), parsed);
            text.put(input.name(), parsed instanceof List<?> list
                    ? String.join(",", list.stream().map(Object::toString).toList()) : parsed.toString());
        }
        Map<String, String> headerValues = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        for (Header header : headers) {
            if (header.setting().isEmpty()) {
                headerValues.put(header.name(), header.value());
                continue;
            }
            String key = header.setting().get();
            ApiKeys.Key found = keys.find(key).filter(k -> !k.value().isBlank()).orElseThrow(() ->
                    new SkillInputException("The skill " + name + " needs the setting " + key + " (its "
                            + header.name() + " header); set it in application.conf, e.g. " + key
                            + " { value = ${?MY_API_KEY}, hosts = [\"" + url.host() + "\"] }."));
            if (!found.allows(url.host())) {
                // Checked before anything is sent: the file names the host, the settings say where the key may go.
                throw new SkillInputException("The skill " + name + " (" + source + ") would send the key " + key
                        + " to " + url.host() + ", but that key is bound to " + String.join(", ", found.hosts())
                        + "; it was not sent. If " + url.host() + " should have it, add it to " + key + ".hosts.");
            }
            String secret = found.value();
            if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new SkillInputException("The setting " + key + " holds a control character; it cannot be"
                        + " sent as a header.");
            }
            secrets.add(secret.strip());
            headerValues.put(header.name(), header.value() + secret.strip());
        }
        Optional<String> json = body.map(template -> {
            try {
                return JSON.writeValueAsString(fillJson(template, typed, text));
            } catch (JsonProcessingException e) {
                throw new SkillInputException("The body of the skill " + name + " could not be written.");
            }
        });
        return new Request(method, url.fill(text), headerValues, json, secrets);
    }

    /** Values go in as JSON values built by Jackson: a whole-string placeholder takes the input's type. */
    private static JsonNode fillJson(JsonNode template, Map<String, Object> typed, Map<String, String> text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (template.isTextual()) {
            Matcher whole = WHOLE.matcher(template.asText());
            if (whole.matches()) {
                Object value = typed.get(whole.group(1));
                if (value instanceof Long number) {
                    return nodes.numberNode(number);
                }
                if (value instanceof List<?> list) {
                    ArrayNode array = nodes.arrayNode();
                    list.forEach(item -> array.add(item.toString()));
                    return array;
                }
                return nodes.textNode(value.toString());
            }
            return nodes.textNode(PLACEHOLDER.matcher(template.asText())
                    .replaceAll(match -> Matcher.quoteReplacement(text.get(match.group(1)))));
        }
        if (template.isArray()) {
            ArrayNode array = nodes.arrayNode();
            template.forEach(item -> array.add(fillJson(item, typed, text)));
            return array;
        }
        if (template.isObject()) {
            ObjectNode object = nodes.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = template.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), fillJson(field.getValue(), typed, text));
            }
            return object;
        }
        return template.deepCopy();
    }

    /** The value in its plain form: a long, an ISO instant, a duration as written, a list of strings, or text. */
    private static Object typed(KqlSkill.Input input, String value) {
        // The KQL literal writer is the one strict reader of the five types (and refuses NUL and other controls).
        String literal = KqlLiterals.literal(input.name(), input.type(), value);
        return switch (input.type()) {
            case INT -> Long.parseLong(value.strip());
            case DATETIME -> literal.substring("datetime(".length(), literal.length() - 1);
            case TIMESPAN -> value.strip();
            case STRING_LIST -> KqlLiterals.items(input.name(), value);
            case STRING -> value;
        };
    }
}
