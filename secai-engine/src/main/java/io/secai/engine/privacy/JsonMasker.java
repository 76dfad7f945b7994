package io.secai.engine.privacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the field policy inside JSON, however deep, and to JSON held in a string (the {@code Entities} column is
 * JSON text inside a table cell): a key is resolved against the {@code Type} of the object holding it, so
 * {@code account.Name} masks an account entity's name and leaves a file's name alone.
 */
final class JsonMasker {

    /** Deeper JSON is not parsed (it is free text then): a parse of hostile nesting ends early, not at the end. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(128).build()).build());
    private static final int MAX_DEPTH = 64;

    private final FieldPolicy policy;
    private final ValueMasker values;
    private final TextScanner scanner;

    JsonMasker(FieldPolicy policy, ValueMasker values, TextScanner scanner) {
        this.policy = policy;
        this.values = values;
        this.scanner = scanner;
    }

    /** A parsed JSON value and where it ends in the text it came from. */
    record Parsed(JsonNode node, int end) {
    }

    /**
     * @param text text
     * @param from where a JSON object or array may start
     * @return the value and its end, or empty (with the characters read charged to {@code budget})
     */
    static Optional<Parsed> parseAt(String text, int from, int[] budget) {
        try (StringReader reader = new StringReader(text)) {
            reader.skip(from);
            try (JsonParser parser = JSON.getFactory().createParser(reader)) {
                parser.setCodec(JSON);
                JsonNode node = parser.readValueAsTree();
                long read = parser.currentLocation().getCharOffset();
                budget[0] -= (int) Math.min(Integer.MAX_VALUE, Math.max(read, 16));
                if (node == null || !node.isContainerNode() || read <= 0) {
                    return Optional.empty();
                }
                return Optional.of(new Parsed(node, from + (int) read));
            } catch (JsonProcessingException e) {
                long read = e.getLocation() == null ? 4_000 : e.getLocation().getCharOffset();
                budget[0] -= (int) Math.min(Integer.MAX_VALUE, Math.max(read, 16));
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            budget[0] -= 4_000;
            return Optional.empty();
        }
    }

    /**
     * @param node a parsed object or array
     * @param original its text as it came
     * @param where the field that holds it, for the evidence, or empty
     * @param forced the kind every string in it is masked as, or null to follow the policy
     * @return the masked JSON text; the original text when nothing in it changed
     */
    String mask(JsonNode node, String original, String where, TokenKind forced) {
        return walk(node, where, forced, 0) ? node.toString() : original;
    }

    private boolean walk(JsonNode node, String where, TokenKind forced, int depth) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            JsonNode typeNode = object.get("Type");
            String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : "";
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String field = (where.isEmpty() ? "" : where + "/") + (type.isEmpty() ? name : type + "." + name);
                Optional<FieldPolicy.Rule> rule = forced != null ? Optional.empty() : policy.resolve(name, type);
                if (rule.isPresent() && rule.get().action() == FieldPolicy.Action.DENY) {
                    values.denied(value.isTextual() ? value.asText() : value.toString(), field);
                    object.remove(name);
                    changed = true;
                } else if (rule.isPresent() && rule.get().action() == FieldPolicy.Action.ALLOW) {
                    if (value.isTextual()) {
                        String allowed = values.allowed(value.asText());
                        if (!allowed.equals(value.asText())) {
                            object.set(name, TextNode.valueOf(allowed));
                            changed = true;
                        }
                    }
                } else {
                    TokenKind kind = rule.map(FieldPolicy.Rule::kind).orElse(forced);
                    JsonNode masked = leaf(value, field, kind, depth);
                    if (masked != null) {
                        object.set(name, masked);
                        changed = true;
                    } else if (value.isContainerNode()) {
                        changed |= walk(value, field, kind, depth + 1);
                    }
                }
            }
            if (depth >= MAX_DEPTH) {
                object.removeAll();
                changed = true;
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode masked = leaf(array.get(i), where, forced, depth);
                if (masked != null) {
                    array.set(i, masked);
                    changed = true;
                } else if (array.get(i).isContainerNode()) {
                    changed |= walk(array.get(i), where, forced, depth + 1);
                }
            }
            if (depth >= MAX_DEPTH) {
                array.removeAll();
                changed = true;
            }
        }
        return changed;
    }

    /** @return the masked replacement of a text leaf, or null when it is not text or did not change */
    private JsonNode leaf(JsonNode value, String field, TokenKind kind, int depth) {
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText();
        String masked;
        if (kind != null) {
            String stripped = text.strip();
            Optional<Parsed> nested = stripped.startsWith("{") || stripped.startsWith("[")
                    ? parseAt(stripped, 0, new int[] {Integer.MAX_VALUE}) : Optional.empty();
            masked = nested.isPresent() && depth < MAX_DEPTH
                    ? mask(nested.get().node(), stripped, field, kind) : values.field(text, kind, field);
        } else {
            masked = scanner.scan(text, field);
        }
        return masked.equals(text) ? null : TextNode.valueOf(masked);
    }
}
