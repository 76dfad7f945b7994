package io.secai.plugin.rules.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.plugin.rules.model.RuleReading;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleProblem.Kind;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the alert rules of a Bicep file: every {@code resource} declaration whose type is an alert rule, its
 * object literal turned into JSON and read as the ARM template's resource would be. Only literals are read;
 * an expression (a parameter, a function call, an interpolated string) is kept as its source text, so that a
 * rule whose query or schedule is computed is reported as such, not evaluated.
 *
 * <p>A hand-written parser, linear in the file's length, nesting bounded at {@value #MAX_DEPTH}: the file comes
 * from a pipeline and may be hostile.
 */
public final class BicepReader {
    static final int MAX_DEPTH = 64;
    private static final Pattern RESOURCE_LINE = Pattern.compile("(?m)^\\s*resource\\s+[A-Za-z_][A-Za-z0-9_]*\\s+'");

    private final ObjectMapper json;
    private final ArmTemplate arm;

    /** @param json the mapper that makes nodes */
    public BicepReader(ObjectMapper json) {
        this.json = json;
        this.arm = new ArmTemplate(json);
    }

    /** @param text a file's content @return whether it looks like Bicep (it declares a resource) */
    public static boolean looksLikeBicep(String text) {
        return RESOURCE_LINE.matcher(text).find();
    }

    /**
     * @param text the Bicep source
     * @return one reading per alert-rule resource, paths starting at the resource's symbolic name
     *     ({@code $.rule.properties.queryPeriod}); a single structure problem when the file cannot be read or
     *     declares no alert rule
     */
    public List<LocatedRule> read(String text) {
        List<Declared> resources;
        try {
            resources = new Parser(text).resources();
        } catch (BicepException e) {
            return List.of(structure("the file is not Bicep SecAI can read: " + e.getMessage()));
        }
        List<LocatedRule> found = new ArrayList<>();
        for (Declared resource : resources) {
            int at = resource.type().lastIndexOf('@');
            String type = at < 0 ? resource.type() : resource.type().substring(0, at);
            if (!type.endsWith("alertRules") || !resource.body().isObject()) {
                continue;
            }
            ObjectNode asArm = ((ObjectNode) resource.body()).deepCopy();
            asArm.put("type", type);
            asArm.put("apiVersion", at < 0 ? "" : resource.type().substring(at + 1));
            ObjectNode template = json.createObjectNode();
            template.putArray("resources").add(asArm);
            LocatedRule located = arm.read(template).get(0);
            String prefix = "$." + resource.symbol();
            found.add(new LocatedRule(prefix, prefix + ".properties", located.rename(),
                    located.resourceProblems(), located.reading()));
        }
        if (found.isEmpty()) {
            return List.of(structure("the file declares no Microsoft.SecurityInsights/alertRules resource"));
        }
        return found;
    }

    private static LocatedRule structure(String reason) {
        return new LocatedRule("$", "$", UnaryOperator.identity(), List.of(new RuleProblem(Kind.STRUCTURE, "",
                reason)), new RuleReading(Optional.empty(), List.of()));
    }

    private record Declared(String symbol, String type, JsonNode body) {
    }

    /** Why a Bicep file cannot be read, with the line it happened on. */
    private static final class BicepException extends RuntimeException {
        BicepException(String message) {
            super(message, null, false, false);
        }
    }

    private final class Parser {
        private final String text;
        private int pos;
        private int interpolations;

        Parser(String text) {
            this.text = text;
        }

        List<Declared> resources() {
            List<Declared> resources = new ArrayList<>();
            while (true) {
                skipSpace(true);
                if (pos >= text.length()) {
                    return resources;
                }
                if (text.charAt(pos) == '@') {
                    pos++;
                    expression(0);
                    continue;
                }
                String keyword = identifier();
                if (keyword.equals("resource")) {
                    skipSpace(false);
                    String symbol = identifier();
                    skipSpace(false);
                    if (pos >= text.length() || text.charAt(pos) != '\'') {
                        throw error("resource " + symbol + " has no quoted type");
                    }
                    String type = string().asText();
                    skipSpace(false);
                    if (text.startsWith("existing", pos)) {
                        pos += "existing".length();
                        skipSpace(false);
                    }
                    expect('=');
                    skipSpace(false);
                    resources.add(new Declared(symbol, type, value(0)));
                } else {
                    expression(0);
                }
            }
        }

        /** One value: an object, an array, a string, a number, true, false, null or (as its text) an expression. */
        private JsonNode value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " deep");
            }
            if (pos >= text.length()) {
                throw error("the file ends where a value should be");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return object(depth);
            }
            if (c == '[') {
                return array(depth);
            }
            if (c == '\'') {
                return string();
            }
            int start = pos;
            expression(depth);
            String source = text.substring(start, pos).strip();
            if (source.matches("-?\\d{1,18}")) {
                return json.getNodeFactory().numberNode(new BigInteger(source).longValue());
            }
            return switch (source) {
                case "true" -> json.getNodeFactory().booleanNode(true);
                case "false" -> json.getNodeFactory().booleanNode(false);
                case "null" -> json.getNodeFactory().nullNode();
                default -> json.getNodeFactory().textNode(source);
            };
        }

        private ObjectNode object(int depth) {
            ObjectNode node = json.createObjectNode();
            pos++;
            while (true) {
                skipSeparators();
                if (pos >= text.length()) {
                    throw error("an object is not closed");
                }
                if (text.charAt(pos) == '}') {
                    pos++;
                    return node;
                }
                String key = text.charAt(pos) == '\'' ? string().asText() : identifier();
                skipSpace(false);
                expect(':');
                skipSpace(false);
                node.set(key, value(depth + 1));
            }
        }

        private ArrayNode array(int depth) {
            ArrayNode node = json.createArrayNode();
            pos++;
            while (true) {
                skipSeparators();
                if (pos >= text.length()) {
                    throw error("an array is not closed");
                }
                if (text.charAt(pos) == ']') {
                    pos++;
                    return node;
                }
                node.add(value(depth + 1));
            }
        }

        /** A single-quoted string with Bicep's escapes, or a {@code '''} verbatim one; interpolations kept as text. */
        private JsonNode string() {
            if (text.startsWith("'''", pos)) {
                int end = text.indexOf("'''", pos + 3);
                if (end < 0) {
                    throw error("a ''' string is not closed");
                }
                String content = text.substring(pos + 3, end);
                pos = end + 3;
                if (content.startsWith("\r\n")) {
                    content = content.substring(2);
                } else if (content.startsWith("\n")) {
                    content = content.substring(1);
                }
                return json.getNodeFactory().textNode(content);
            }
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    return json.getNodeFactory().textNode(out.toString());
                }
                if (c == '\n') {
                    throw error("a string runs past the end of its line");
                }
                if (c == '$' && pos < text.length() && text.charAt(pos) == '{') {
                    int start = pos - 1;
                    pos++;
                    if (++interpolations > MAX_DEPTH) {
                        throw error("interpolations nested more than " + MAX_DEPTH + " deep");
                    }
                    expressionUntil('}', 0);
                    interpolations--;
                    pos++;
                    out.append(text, start, pos);
                } else if (c != '\\') {
                    out.append(c);
                } else {
                    escape(out);
                }
            }
            throw error("a string is not closed");
        }

        private void escape(StringBuilder out) {
            if (pos >= text.length()) {
                throw error("a string is not closed");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '\'', '\\', '$' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int close = text.indexOf('}', pos);
                    if (pos >= text.length() || text.charAt(pos) != '{' || close < 0 || close - pos > 7) {
                        throw error("a \\u escape is not \\u{hex}");
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(text.substring(pos + 1, close), 16));
                    } catch (IllegalArgumentException ex) {
                        throw error("a \\u escape is not \\u{hex}");
                    }
                    pos = close + 1;
                }
                default -> throw error("'\\" + e + "' is not a Bicep escape");
            }
        }

        /** Skips an expression: up to a line break, comma or closing bracket at its own nesting level. */
        private void expression(int depth) {
            expressionUntil('\0', depth);
        }

        private void expressionUntil(char end, int depth) {
            int nesting = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (nesting == 0 && (c == end || end == '\0' && (c == '\n' || c == ',' || c == '}' || c == ']'))) {
                    return;
                }
                if (c == '\'') {
                    string();
                    continue;
                }
                if (c == '/' && comment()) {
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    if (++nesting + depth > MAX_DEPTH) {
                        throw error("nested more than " + MAX_DEPTH + " deep");
                    }
                } else if (c == ')' || c == ']' || c == '}') {
                    nesting--;
                } else if (c == '\n' && nesting == 0) {
                    return;
                }
                pos++;
            }
            if (end != '\0') {
                throw error("an interpolation is not closed");
            }
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error(pos >= text.length() ? "the file ends where a name should be"
                        : "expected a name, found '" + text.charAt(pos) + "'");
            }
            return text.substring(start, pos);
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSeparators() {
            while (true) {
                skipSpace(true);
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private void skipSpace(boolean lineBreaks) {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r' || lineBreaks && c == '\n') {
                    pos++;
                } else if (c != '/' || !comment()) {
                    return;
                }
            }
        }

        /** Skips a comment at {@code pos}, if one starts there. */
        private boolean comment() {
            if (text.startsWith("//", pos)) {
                int end = text.indexOf('\n', pos);
                pos = end < 0 ? text.length() : end;
                return true;
            }
            if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("a comment is not closed");
                }
                pos = end + 2;
                return true;
            }
            return false;
        }

        private BicepException error(String message) {
            int line = 1;
            for (int i = 0; i < Math.min(pos, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return new BicepException(message + " (line " + line + ")");
        }
    }
}
