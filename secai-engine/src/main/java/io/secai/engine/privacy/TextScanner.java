package io.secai.engine.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the structure plugins put into prompts and applies the field policy to it: CSV tables (a header of column
 * names, then rows with as many cells), Markdown tables, {@code Field: value} lines and JSON anywhere, including JSON
 * in a cell. Whatever is not structure is free text for the detectors. Work is bounded: JSON is looked for at most
 * within a budget proportional to the text.
 */
final class TextScanner {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** A field name and its colon: {@code UserPrincipalName: }, {@code **Account**: }. */
    private static final Pattern INLINE_FIELD = Pattern.compile(
            "(?<![\\w.$/-])(\\**([A-Za-z_][A-Za-z0-9_]{0,63})\\**[ \\t]*:[ \\t]+)(?=\\S)");
    private static final int MAX_FAILED_PARSES = 32;
    private static final Pattern MARKDOWN_RULE = Pattern.compile("^\\s*\\|?\\s*:?-{3,}.*$");

    private final FieldPolicy policy;
    private final ValueMasker values;
    private final JsonMasker json;

    TextScanner(FieldPolicy policy, ValueMasker values) {
        this.policy = policy;
        this.values = values;
        this.json = new JsonMasker(policy, values, this);
    }

    /**
     * @param text any text a request holds
     * @param where the field it came from, or empty
     * @return the masked text
     */
    String scan(String text, String where) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 64);
        StringBuilder free = new StringBuilder();
        int i = 0;
        while (i < lines.length) {
            int end;
            if ((end = markdownTable(lines, i, out, free)) > i || (end = csvTable(lines, i, out, free)) > i) {
                i = end;
                continue;
            }
            String line = lines[i];
            String newline = i + 1 < lines.length ? "\n" : "";
            List<int[]> fields = inlineFields(line);
            if (fields.isEmpty()) {
                free.append(line).append(newline);
            } else {
                flush(free, out, where);
                String masked = fieldsOf(line, fields, where);
                // A line that only held denied fields goes as a whole.
                if (!masked.isBlank() || line.isBlank()) {
                    out.append(masked).append(newline);
                }
            }
            i++;
        }
        flush(free, out, where);
        return out.toString();
    }

    /**
     * The {@code Field: value} parts of a line whose field the policy names (a line of its own, or several in one
     * line such as a digest's {@code UserPrincipalName: a, b; IPAddress: c}): each as {start of name, start of value,
     * end of value}. A value runs to the next {@code ;}, the next such field, or the end of the line.
     */
    private List<int[]> inlineFields(String line) {
        List<int[]> all = new ArrayList<>();
        List<Boolean> named = new ArrayList<>();
        Matcher field = INLINE_FIELD.matcher(line);
        while (field.find()) {
            all.add(new int[] {field.start(1), field.end(), line.length()});
            named.add(policy.resolve(field.group(2), "").isPresent());
        }
        List<int[]> found = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (!named.get(k)) {
                continue;
            }
            int[] current = all.get(k);
            int end = k + 1 < all.size() ? all.get(k + 1)[0] : line.length();
            int semicolon = line.indexOf(';', current[1]);
            if (semicolon >= 0 && semicolon < end) {
                end = semicolon;
            }
            // The separator before the next field stays outside this field's value.
            while (end > current[1] && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == ',')) {
                end--;
            }
            current[2] = end;
            found.add(current);
        }
        return found;
    }

    private String fieldsOf(String line, List<int[]> fields, String where) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int last = 0;
        for (int[] field : fields) {
            if (field[0] < last) {
                continue;
            }
            out.append(freeText(line.substring(last, field[0]), where));
            Matcher name = INLINE_FIELD.matcher(line);
            name.find(field[0]);
            String fieldName = name.group(2);
            FieldPolicy.Rule rule = policy.resolve(fieldName, "").orElseThrow();
            String value = line.substring(field[1], field[2]);
            switch (rule.action()) {
                case DENY -> {
                    values.denied(value, fieldName);
                    last = field[2];
                    // Drop the separator that followed the removed field too.
                    while (last < line.length() && (line.charAt(last) == ';' || line.charAt(last) == ' ')) {
                        last++;
                    }
                    continue;
                }
                case ALLOW -> out.append(line, field[0], field[1]).append(values.allowed(value));
                case ANONYMIZE -> {
                    out.append(line, field[0], field[1]);
                    String stripped = value.strip();
                    out.append(stripped.startsWith("{") || stripped.startsWith("[")
                            ? cell(value, fieldName, Optional.of(rule)) : values.list(value, rule.kind(), fieldName));
                }
            }
            last = field[2];
        }
        return out.append(freeText(line.substring(last), where)).toString();
    }

    /** One cell of a column the policy may name; null when the column is denied. */
    private String cell(String value, String column, Optional<FieldPolicy.Rule> rule) {
        if (rule.isEmpty()) {
            return freeText(value, column);
        }
        return switch (rule.get().action()) {
            case DENY -> {
                values.denied(value, column);
                yield null;
            }
            case ALLOW -> values.allowed(value);
            case ANONYMIZE -> {
                String stripped = value.strip();
                Optional<JsonMasker.Parsed> nested = stripped.startsWith("{") || stripped.startsWith("[")
                        ? JsonMasker.parseAt(stripped, 0, new int[] {Integer.MAX_VALUE}) : Optional.empty();
                yield nested.isPresent() ? json.mask(nested.get().node(), stripped, column, rule.get().kind())
                        : values.field(value, rule.get().kind(), column);
            }
        };
    }

    private void flush(StringBuilder free, StringBuilder out, String where) {
        if (!free.isEmpty()) {
            out.append(freeText(free.toString(), where));
            free.setLength(0);
        }
    }

    /** Free text, with any JSON object or array in it masked by the policy. */
    private String freeText(String text, String where) {
        // Malformed JSON costs a parse per opening bracket: both the characters read and the failed attempts are
        // capped, after which the rest is free text (the detectors and the known values still apply to it).
        int[] budget = {2 * text.length() + 100_000};
        int failures = 0;
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        for (int i = 0; i < text.length() && budget[0] > 0 && failures < MAX_FAILED_PARSES; i++) {
            char c = text.charAt(i);
            if ((c == '{' || c == '[') && jsonMayStart(text, i)) {
                Optional<JsonMasker.Parsed> parsed = JsonMasker.parseAt(text, i, budget);
                if (parsed.isEmpty()) {
                    failures++;
                } else {
                    out.append(values.text(text.substring(last, i)));
                    out.append(json.mask(parsed.get().node(), text.substring(i, parsed.get().end()), where, null));
                    last = parsed.get().end();
                    i = last - 1;
                }
            }
        }
        return out.append(values.text(text.substring(last))).toString();
    }

    private static boolean jsonMayStart(String text, int at) {
        int j = at + 1;
        while (j < text.length() && Character.isWhitespace(text.charAt(j)) && j - at < 64) {
            j++;
        }
        if (j >= text.length()) {
            return false;
        }
        char next = text.charAt(j);
        return next == '"' || next == '{' || (text.charAt(at) == '[' && (next == '[' || next == ']'))
                || (text.charAt(at) == '{' && next == '}');
    }

    private int csvTable(String[] lines, int start, StringBuilder out, StringBuilder free) {
        if (start + 1 >= lines.length) {
            return start;
        }
        List<Csv.Cell> header = Csv.parse(lines[start]);
        if (header.size() < 2 || header.stream().anyMatch(cell -> !IDENTIFIER.matcher(cell.text()).matches())
                || Csv.parse(lines[start + 1]).size() != header.size()) {
            return start;
        }
        List<Optional<FieldPolicy.Rule>> rules = new ArrayList<>();
        header.forEach(cell -> rules.add(policy.resolve(cell.text(), "")));
        int end = start + 1;
        while (end < lines.length && !lines[end].isEmpty() && Csv.parse(lines[end]).size() == header.size()) {
            end++;
        }
        flush(free, out, "");
        for (int i = start; i < end; i++) {
            List<Csv.Cell> cells = Csv.parse(lines[i]);
            List<Csv.Cell> kept = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                String name = header.get(c).text();
                if (i == start) {
                    if (rules.get(c).map(rule -> rule.action() != FieldPolicy.Action.DENY).orElse(true)) {
                        kept.add(cells.get(c));
                    } else {
                        values.denied("", name);
                    }
                    continue;
                }
                String masked = cell(cells.get(c).text(), name, rules.get(c));
                if (masked != null) {
                    kept.add(new Csv.Cell(masked, cells.get(c).quoted()));
                }
            }
            out.append(Csv.write(kept)).append(i + 1 < lines.length ? "\n" : "");
        }
        return end;
    }

    private int markdownTable(String[] lines, int start, StringBuilder out, StringBuilder free) {
        if (start + 1 >= lines.length || !lines[start].strip().startsWith("|")
                || !MARKDOWN_RULE.matcher(lines[start + 1]).matches() || !lines[start + 1].contains("-")) {
            return start;
        }
        List<String> header = pipeCells(lines[start]);
        List<Optional<FieldPolicy.Rule>> rules = new ArrayList<>();
        header.forEach(cell -> rules.add(IDENTIFIER.matcher(cell.strip()).matches()
                ? policy.resolve(cell.strip(), "") : Optional.empty()));
        int end = start + 2;
        while (end < lines.length && lines[end].strip().startsWith("|")) {
            end++;
        }
        flush(free, out, "");
        for (int i = start; i < end; i++) {
            List<String> cells = pipeCells(lines[i]);
            List<String> kept = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                Optional<FieldPolicy.Rule> rule = c < rules.size() ? rules.get(c) : Optional.empty();
                boolean denied = rule.map(r -> r.action() == FieldPolicy.Action.DENY).orElse(false);
                if (i == start || i == start + 1) {
                    if (!denied) {
                        kept.add(cells.get(c));
                    } else if (i == start) {
                        values.denied("", cells.get(c).strip());
                    }
                    continue;
                }
                String name = c < header.size() ? header.get(c).strip() : "";
                String masked = cell(cells.get(c).strip(), name, rule);
                if (masked != null) {
                    kept.add(" " + masked + " ");
                }
            }
            out.append('|').append(String.join("|", kept)).append('|').append(i + 1 < lines.length ? "\n" : "");
        }
        return end;
    }

    /** The cells of a Markdown table row, between its outer pipes; an escaped {@code \|} stays in its cell. */
    private static List<String> pipeCells(String line) {
        String row = line.strip();
        if (row.startsWith("|")) {
            row = row.substring(1);
        }
        if (row.endsWith("|") && !row.endsWith("\\|")) {
            row = row.substring(0, row.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
