package io.secai.kql.skill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.secai.kql.guard.KqlLexer;
import io.secai.kql.guard.KqlSyntaxException;
import io.secai.kql.guard.KqlToken;

/**
 * A KQL query with {@code {{name}}} placeholders (Security Copilot's spelling; Sentinel's {@code {Name}} is read as
 * the same). A placeholder stands for a whole literal: it must sit where a value may, never inside a string or a
 * comment, which the lexer checks when the template is made.
 *
 * @param text the template as written
 * @param placeholders the names it uses, in order of first use
 */
public record KqlTemplate(String text, List<String> placeholders) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*}}"
            + "|(?<![{\\w])\\{([A-Za-z_][A-Za-z0-9_]{0,63})}(?!})");
    private static final Pattern QUOTED_PLACEHOLDER = Pattern.compile(
            "(['\"])\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*}}\\1");
    private static final String MARK = "secai_placeholder_";

    public KqlTemplate {
        placeholders = List.copyOf(placeholders);
    }

    /**
     * Reads a template and checks where its placeholders sit.
     *
     * @param text the KQL with placeholders
     * @return the template
     * @throws SkillInputException when a placeholder sits inside a string or a comment, or the text is not KQL
     */
    public static KqlTemplate of(String written) {
        // Security Copilot templates quote their placeholders ('{{user}}'); a quoted placeholder that is the whole
        // string is the same as a bare one here, because the value becomes a quoted literal anyway.
        String text = QUOTED_PLACEHOLDER.matcher(written).replaceAll("{{$2}}");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(name(matcher));
        }
        KqlTemplate template = new KqlTemplate(text, new ArrayList<>(names));
        Map<String, String> marks = new LinkedHashMap<>();
        int index = 0;
        for (String name : names) {
            marks.put(name, MARK + index++);
        }
        String marked = template.replace(marks);
        List<KqlToken> tokens;
        try {
            tokens = KqlLexer.tokenizeWithComments(marked);
        } catch (KqlSyntaxException e) {
            throw new SkillInputException("The KQL template is not readable KQL: " + e.getMessage());
        }
        for (Map.Entry<String, String> mark : marks.entrySet()) {
            long bare = tokens.stream().filter(token -> token.isWord(mark.getValue())).count();
            int count = occurrences(marked, mark.getValue());
            if (bare != count) {
                throw new SkillInputException("The placeholder {{" + mark.getKey() + "}} sits inside a string or a"
                        + " comment; write it bare (where a value goes): it becomes a quoted literal of its type.");
            }
        }
        return template;
    }

    /**
     * Puts the inputs' literals in.
     *
     * @param literals a KQL literal (from {@link KqlLiterals}) for every placeholder
     * @return the query
     * @throws SkillInputException naming a placeholder without a value
     */
    public String fill(Map<String, String> literals) {
        for (String name : placeholders) {
            if (!literals.containsKey(name)) {
                throw new SkillInputException("No value for {{" + name + "}}.");
            }
        }
        return replace(literals);
    }

    private String replace(Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(name(matcher));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String name(Matcher matcher) {
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
