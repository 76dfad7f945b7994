package io.secai.kql.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Warnings about queries that may run but scan too much or match imprecisely. They never stop a query; the rule ids
 * are stable so that pipelines can count or suppress them (and SARIF reports carry them).
 */
public final class KqlLint {
    /** The rules: id, short name, and what they look for. */
    public enum Rule {
        NO_TIME_FILTER("KQL001", "no-time-filter", "The query reads tables without a time filter."),
        CONTAINS_WHERE_HAS_WOULD_DO("KQL002", "contains-where-has-would-do",
                "'contains' compares substrings of every value; 'has' uses the term index."),
        UNSCOPED_SEARCH("KQL003", "unscoped-search", "'search' or 'find' without 'in (...)' reads every table."),
        UNION_STAR("KQL004", "union-star", "'union *' reads every table."),
        JOIN_WITHOUT_TIME_WINDOW("KQL005", "join-without-time-window",
                "The right side of a join has no time filter."),
        UNBOUNDED_MV_EXPAND("KQL006", "unbounded-mv-expand", "'mv-expand' without 'limit' can multiply rows.");

        private final String id;
        private final String shortName;
        private final String description;

        Rule(String id, String shortName, String description) {
            this.id = id;
            this.shortName = shortName;
            this.description = description;
        }

        /** @return the stable id, such as {@code KQL001} */
        public String id() {
            return id;
        }

        /** @return a short kebab-case name */
        public String shortName() {
            return shortName;
        }

        /** @return one sentence on what the rule finds */
        public String description() {
            return description;
        }
    }

    /** Words whose presence means the rows are limited in time. */
    private static final Set<String> TIME_WORDS = Set.of("ago", "now", "between", "startofday", "startofweek",
            "startofmonth", "startofyear", "endofday", "endofweek", "endofmonth", "endofyear", "datetime_add",
            "TimeGenerated", "Timestamp", "timestamp", "StartTime", "EndTime", "CreatedDateTime", "TimeCreated");

    private final List<KqlToken> tokens;
    private final TokenCursor cursor;

    /** @param tokens a query's tokens, comments dropped */
    public KqlLint(List<KqlToken> tokens) {
        this.tokens = tokens;
        this.cursor = new TokenCursor(tokens);
    }

    /** @return the notes, in order of where they apply */
    public List<LintNote> notes() {
        List<LintNote> notes = new ArrayList<>();
        boolean readsTables = false;
        boolean timeFilter = false;
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (isTimeWord(token)) {
                timeFilter = true;
            }
            if (token.type() == KqlToken.Type.IDENTIFIER && !cursor.isPunct(i - 1, ".")
                    && (i == 0 || cursor.isPunct(i - 1, ";")) && !Set.of("let", "print", "datatable", "range", "set",
                    "declare").contains(token.text())) {
                readsTables = true;
            }
            if (token.type() != KqlToken.Type.IDENTIFIER || cursor.isPunct(i - 1, ".")) {
                continue;
            }
            switch (token.text()) {
                case "contains" -> containsTerm(i, notes);
                case "search", "find" -> {
                    if (!cursor.isWord(i + 1, "in") && (i == 0 || cursor.isPunct(i - 1, ";") || cursor.isPunct(i - 1, "="))) {
                        notes.add(note(Rule.UNSCOPED_SEARCH, "'" + token.text() + "' without 'in (Table, ...)'"
                                + " reads every table in the workspace; name the tables it should read", i));
                    }
                }
                case "union" -> {
                    int j = i + 1;
                    while (cursor.isName(j) && cursor.isPunct(j + 1, "=")) {
                        j += 3;
                    }
                    if (cursor.isPunct(j, "*")) {
                        notes.add(note(Rule.UNION_STAR, "'union *' reads every table in the workspace; list the"
                                + " tables it needs", i));
                    }
                }
                case "join" -> joinWindow(i, notes);
                case "mv-expand" -> mvExpandLimit(i, notes);
                default -> {
                }
            }
        }
        if (readsTables && !timeFilter) {
            notes.add(0, note(Rule.NO_TIME_FILTER, "the query has no time filter; add one such as"
                    + " '| where TimeGenerated > ago(1d)' (Timestamp in Defender tables) so it reads only the days"
                    + " it needs", 0));
        }
        return notes;
    }

    private LintNote note(Rule rule, String message, int tokenIndex) {
        return new LintNote(rule.id(), message, tokens.isEmpty() ? 0 : tokens.get(tokenIndex).offset());
    }

    private static boolean isTimeWord(KqlToken token) {
        return token.type() == KqlToken.Type.IDENTIFIER && TIME_WORDS.contains(token.text())
                || token.type() == KqlToken.Type.LITERAL && (token.text().startsWith("datetime(")
                || token.text().startsWith("date("));
    }

    /** {@code x contains "term"} where the value is one whole term: {@code has} finds it through the index. */
    private void containsTerm(int i, List<LintNote> notes) {
        KqlToken value = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (value == null || value.type() != KqlToken.Type.STRING) {
            return;
        }
        String text = ReadOnlyPolicy.stringValue(value.text());
        if (text.length() >= 3 && text.chars().allMatch(Character::isLetterOrDigit)) {
            notes.add(note(Rule.CONTAINS_WHERE_HAS_WOULD_DO, "'contains \"" + text + "\"' compares substrings of"
                    + " every value; 'has \"" + text + "\"' uses the term index and is faster when whole terms"
                    + " are meant", i));
        }
    }

    /** The right side of a join, when it is in parentheses, should be limited in time too. */
    private void joinWindow(int joinAt, List<LintNote> notes) {
        int j = joinAt + 1;
        while (cursor.isName(j) && (cursor.isPunct(j + 1, "=") || cursor.isPunct(j + 1, "."))) {
            j += cursor.isPunct(j + 1, "=") ? 3 : 5;
        }
        if (!cursor.isPunct(j, "(")) {
            notes.add(note(Rule.JOIN_WITHOUT_TIME_WINDOW, "the right side of this join reads a whole table; put it"
                    + " in parentheses with a time filter such as '(T | where TimeGenerated > ago(1d))'", joinAt));
            return;
        }
        int level = 0;
        for (int k = j; k < tokens.size(); k++) {
            if (tokens.get(k).is("(")) {
                level++;
            } else if (tokens.get(k).is(")") && --level == 0) {
                break;
            } else if (isTimeWord(tokens.get(k))) {
                return;
            }
        }
        notes.add(note(Rule.JOIN_WITHOUT_TIME_WINDOW, "the right side of this join has no time filter; add one"
                + " such as '| where TimeGenerated > ago(1d)' inside its parentheses", joinAt));
    }

    private void mvExpandLimit(int at, List<LintNote> notes) {
        int level = 0;
        for (int k = at + 1; k < tokens.size(); k++) {
            KqlToken token = tokens.get(k);
            if (token.is("(") || token.is("[") || token.is("{")) {
                level++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                if (--level < 0) {
                    break;
                }
            } else if (level == 0 && (token.is("|") || token.is(";"))) {
                break;
            } else if (level == 0 && token.isWord("limit")) {
                return;
            }
        }
        notes.add(note(Rule.UNBOUNDED_MV_EXPAND, "'mv-expand' without 'limit N' can multiply every row by the size"
                + " of its array; add 'limit' after the expanded column", at));
    }



}
