package io.secai.web.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Keeps answers that are JSON or code whole. A model, or a plugin, may answer with a bare JSON document or a bare
 * KQL query instead of Markdown; read as Markdown it would be reflowed into one paragraph. Such an answer is put
 * into a fenced code block naming its language; anything else, including Markdown that already fences its code,
 * is left as it is. Both front ends render through this.
 */
public final class CodeAnswers {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A pipe and a tabular operator ({@code | where}, {@code | project-away}), not a Markdown table row. */
    private static final Pattern PIPE_STEP = Pattern.compile("\\|\\s*[a-z][a-z-]+(\\s.*)?");

    private CodeAnswers() {
    }

    /**
     * @param markdown an answer
     * @return the answer in a code block when the whole of it is a JSON document or a KQL pipeline, else unchanged
     */
    public static String fenced(String markdown) {
        if (markdown == null) {
            return "";
        }
        String text = markdown.strip();
        if (text.isEmpty() || text.startsWith("```") || text.startsWith("~~~")) {
            return markdown;
        }
        if (isJson(text)) {
            return fence("json", text);
        }
        if (isKqlPipeline(text)) {
            return fence("kql", text);
        }
        return markdown;
    }

    /** An object or array that parses to its end; scanned as tokens, without building a tree. */
    static boolean isJson(String text) {
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (!(first == '{' && last == '}') && !(first == '[' && last == ']')) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            int roots = 0;
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    roots += depth++ == 0 ? 1 : 0;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (depth == 0) {
                    roots++;
                }
            }
            return roots == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /** A table name alone on the first line and every further line a pipe operator, as queries are written. */
    static boolean isKqlPipeline(String text) {
        String[] lines = text.split("\n");
        if (lines.length < 2 || !TABLE_NAME.matcher(lines[0].strip()).matches()) {
            return false;
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && (!PIPE_STEP.matcher(line).matches() || line.endsWith("|"))) {
                return false;
            }
        }
        return true;
    }

    /** A fence longer than any backtick run inside, so that the text cannot close it. */
    private static String fence(String language, String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String ticks = "`".repeat(Math.max(3, longest + 1));
        return ticks + language + "\n" + text + "\n" + ticks + "\n";
    }
}
