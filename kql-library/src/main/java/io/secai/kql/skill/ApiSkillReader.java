package io.secai.kql.skill;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of a {@code kind: api} skill file (the header, name, description and inputs are read as for the
 * other kinds). A header's value is written {@code settings:skills.api.KEY} (optionally after a scheme:
 * {@code Bearer settings:skills.api.KEY}) so that keys never sit in the file; only {@code skills.api.*} keys may be
 * named, since every value there is masked as a secret and a skill file must not be able to send, say, the model's
 * key to its host. A literal value is allowed only for a header that does not carry credentials and only when it
 * does not look like a key.
 */
final class ApiSkillReader {

    /** The settings every API skill key lives under; the engine masks every value there. */
    static final String SETTINGS_PREFIX = "skills.api.";
    private static final Pattern FROM_SETTINGS = Pattern.compile(
            "(?:([A-Za-z][A-Za-z0-9-]{0,19}) +)?settings:([a-z0-9][a-z0-9._-]{0,199})");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Set<String> FORBIDDEN = Set.of("host", "content-length", "transfer-encoding", "connection",
            "content-type", "cookie", "set-cookie", "te", "upgrade", "proxy-connection", "keep-alive");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(auth|key|token|secret|password|"
            + "session|signature|credential).*");
    /** Long runs of key-like characters with letters and digits mixed: how keys and tokens look. */
    private static final Pattern SECRET_LOOKING = Pattern.compile("[A-Za-z0-9+/_=.-]{16,}");

    private ApiSkillReader() {
    }

    static ApiSkill read(String name, String description, List<KqlSkill.Input> inputs, JsonNode root,
                         String source) {
        String method = root.path("method").asText("GET").strip().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new SkillInputException("the method must be GET or POST, not " + method);
        }
        if (!root.path("url").isTextual()) {
            throw new SkillInputException("the skill " + name + " has no url");
        }
        ApiUrlTemplate url = ApiUrlTemplate.parse(root.path("url").asText());
        List<ApiSkill.Header> headers = headers(root.path("headers"));
        Optional<JsonNode> body = Optional.empty();
        JsonNode bodyNode = root.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!method.equals("POST")) {
                throw new SkillInputException("a body is sent with POST only; this skill's method is " + method);
            }
            if (!bodyNode.isContainerNode()) {
                throw new SkillInputException("the body must be a JSON object or array (YAML mapping or list)");
            }
            checkKeys(bodyNode);
            body = Optional.of(bodyNode);
        }
        String rows = root.path("rows").asText("");
        if (!rows.isEmpty()) {
            try {
                JsonPointer.compile(rows);
            } catch (IllegalArgumentException e) {
                throw new SkillInputException("rows must be a JSON pointer such as /data/items, not \"" + rows
                        + "\"");
            }
        }
        Set<String> used = new java.util.LinkedHashSet<>(url.placeholders());
        body.ifPresent(template -> used.addAll(ApiSkill.placeholders(template)));
        Set<String> declared = new HashSet<>();
        inputs.forEach(input -> declared.add(input.name()));
        for (String placeholder : used) {
            if (!declared.contains(placeholder)) {
                throw new SkillInputException("the url or body uses {{" + placeholder + "}} but no input "
                        + placeholder + " is declared");
            }
        }
        for (String input : declared) {
            if (!used.contains(input)) {
                throw new SkillInputException("the input " + input + " is declared but neither the url nor the body"
                        + " uses {{" + input + "}}");
            }
        }
        return new ApiSkill(name, description, inputs, method, url, headers, body, rows, source);
    }

    private static List<ApiSkill.Header> headers(JsonNode node) {
        List<ApiSkill.Header> headers = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw new SkillInputException("headers must be a mapping of header name to value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String header = field.getKey();
            if (!HEADER_NAME.matcher(header).matches()) {
                throw new SkillInputException("\"" + header + "\" is not a header name");
            }
            if (FORBIDDEN.contains(header.toLowerCase(Locale.ROOT))) {
                throw new SkillInputException("the header " + header + " is set by SecAI, not by a skill file");
            }
            if (!field.getValue().isValueNode()) {
                throw new SkillInputException("the header " + header + " must have a text value");
            }
            String value = field.getValue().asText().strip();
            if (value.contains("{{")) {
                throw new SkillInputException("the header " + header + " holds a placeholder; inputs go in the url"
                        + " or body only");
            }
            Matcher fromSettings = FROM_SETTINGS.matcher(value);
            if (fromSettings.matches()) {
                String key = fromSettings.group(2);
                if (!key.startsWith(SETTINGS_PREFIX) || key.length() == SETTINGS_PREFIX.length()) {
                    throw new SkillInputException("the header " + header + " reads settings:" + key + "; API skill"
                            + " keys must live under " + SETTINGS_PREFIX + "* (masked as secrets everywhere)");
                }
                String scheme = fromSettings.group(1) == null ? "" : fromSettings.group(1) + " ";
                headers.add(new ApiSkill.Header(header, scheme, Optional.of(key)));
                continue;
            }
            if (value.contains("settings:")) {
                throw new SkillInputException("the header " + header + " must be written settings:"
                        + SETTINGS_PREFIX + "NAME (optionally after a scheme such as Bearer)");
            }
            if (CREDENTIAL_NAME.matcher(header).matches() || SECRET_LOOKING.matcher(value).find()
                    && value.chars().anyMatch(Character::isDigit) && value.chars().anyMatch(Character::isLetter)) {
                throw new SkillInputException("the header " + header + " has a literal value that looks like a key;"
                        + " keys never go in a skill file: write settings:" + SETTINGS_PREFIX + "NAME and set that");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new SkillInputException("the header " + header + " holds a control character");
            }
            headers.add(new ApiSkill.Header(header, value, Optional.empty()));
        }
        return headers;
    }

    private static void checkKeys(JsonNode node) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(key -> {
                if (key.contains("{{")) {
                    throw new SkillInputException("the body key \"" + key + "\" holds a placeholder; inputs go in"
                            + " values only");
                }
            });
        }
        node.forEach(ApiSkillReader::checkKeys);
    }
}
