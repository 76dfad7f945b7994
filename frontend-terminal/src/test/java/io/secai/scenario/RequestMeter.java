package io.secai.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Measures how much of the scenario's data a model request carries, from the request text alone, whatever plugin
 * wrote it and however it rendered the data.
 *
 * <ul>
 *   <li>A <em>result row</em> is in a request when one line of it holds every short cell of the row (text up to 100
 *       characters without quotes, commas or line breaks, and numbers; date-times are left out because renderings
 *       differ). Rows with the same short cells count once.</li>
 *   <li>A <em>page character</em> is in a request when the sentence it belongs to (of the page's text, tags
 *       stripped, sentences of 30 characters or more) occurs verbatim in it.</li>
 * </ul>
 */
final class RequestMeter {

    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?:])\\s+|\\s*\\n\\s*");

    private final List<List<String>> rowSignatures;
    private final List<String> pageSentences;

    /** @param data the scenario, whose results and pages are measured */
    RequestMeter(ScenarioData data) {
        Set<List<String>> signatures = new LinkedHashSet<>();
        Set<String> sentences = new LinkedHashSet<>();
        for (ScenarioData.Prompt prompt : data.allPrompts()) {
            prompt.queryResult().ifPresent(result -> {
                for (List<Object> row : ScenarioData.rowsOf(result)) {
                    List<String> signature = signature(row);
                    if (!signature.isEmpty()) {
                        signatures.add(signature);
                    }
                }
            });
            prompt.page().ifPresent(html -> sentences.addAll(sentences(html)));
        }
        this.rowSignatures = List.copyOf(signatures);
        this.pageSentences = List.copyOf(sentences);
    }

    /**
     * @param request the text of a request (all its messages)
     * @return how many of the scenario's result rows it holds
     */
    int rows(String request) {
        String[] lines = request.split("\n");
        int found = 0;
        for (List<String> signature : rowSignatures) {
            for (String line : lines) {
                if (signature.stream().allMatch(line::contains)) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    /**
     * @param request the text of a request (all its messages)
     * @return how many characters of the scenario's pages it holds
     */
    int pageCharacters(String request) {
        int characters = 0;
        for (String sentence : pageSentences) {
            if (request.contains(sentence)) {
                characters += sentence.length();
            }
        }
        return characters;
    }

    private static List<String> signature(List<Object> row) {
        List<String> cells = new ArrayList<>();
        for (Object cell : row) {
            if (cell == null) {
                continue;
            }
            String text = cell instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                    ? Long.toString(number.longValue()) : cell.toString();
            boolean plain = !text.isBlank() && text.length() <= 100 && !text.contains("\"") && !text.contains(",")
                    && !text.contains("\n") && !DATE_TIME.matcher(text).matches();
            if (plain) {
                cells.add(text);
            }
        }
        return cells;
    }

    private static List<String> sentences(String html) {
        String text = TAG.matcher(SCRIPT_OR_STYLE.matcher(html).replaceAll(" ")).replaceAll("\n")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        List<String> sentences = new ArrayList<>();
        for (String piece : SENTENCE_END.split(text)) {
            String sentence = piece.strip().replaceAll("\\s+", " ");
            if (sentence.length() >= 30) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }
}
