package io.secai.kql.shortlist;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks a workspace's tables for a question, so that the model sees the few tables that matter, with their columns,
 * instead of every table.
 *
 * <p>The ranking is BM25F over four fields of each table: its name split at CamelCase humps, its description, its
 * column names, and its column descriptions and known values (from a data catalog or the extended schema). The
 * question's words are expanded with {@link SecuritySynonyms} at a lower weight. Tables whose exact name the
 * question contains, and tables having a column the question names exactly (such as {@code SHA256} or
 * {@code RemotePort}), are lifted. A shortlist is immutable and may be shared between threads.
 */
public final class TableShortlist {
    private static final int NAME = 0;
    private static final int DESCRIPTION = 1;
    private static final int COLUMNS = 2;
    private static final int COLUMN_TEXT = 3;
    private static final int FIELDS = 4;

    private final List<TableInfo> tables;
    private final ShortlistWeights weights;
    private final SecuritySynonyms synonyms = new SecuritySynonyms();
    private final List<List<Map<String, Integer>>> termFrequencies = new ArrayList<>();
    private final List<int[]> fieldLengths = new ArrayList<>();
    private final double[] averageLengths = new double[FIELDS];
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final Map<String, List<Integer>> tablesByColumn = new HashMap<>();
    /** term -> {table, field, tf} for each field holding it, in table order: scoring reads only these. */
    private final Map<String, List<int[]>> postings = new HashMap<>();
    /** per table: runs of two or more adjacent words of its name, joined in lower case, to the terms they hold. */
    private final List<Map<String, List<String>>> nameCompounds = new ArrayList<>();

    /**
     * @param schema the tables to rank
     * @param weights the ranking's knobs
     */
    public TableShortlist(WorkspaceSchema schema, ShortlistWeights weights) {
        this.tables = List.copyOf(schema.tables().values());
        this.weights = weights;
        for (int index = 0; index < tables.size(); index++) {
            TableInfo table = tables.get(index);
            List<List<String>> fields = new ArrayList<>();
            fields.add(Terms.of(table.name()));
            fields.add(Terms.of(table.description()));
            List<String> columnTerms = new ArrayList<>();
            List<String> columnText = new ArrayList<>();
            for (ColumnInfo column : table.columns()) {
                columnTerms.addAll(Terms.of(column.name()));
                columnText.addAll(Terms.of(column.description()));
                for (String value : column.knownValues()) {
                    columnText.addAll(Terms.of(value));
                }
                tablesByColumn.computeIfAbsent(column.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(index);
            }
            fields.add(columnTerms);
            fields.add(columnText);
            List<Map<String, Integer>> frequencies = new ArrayList<>();
            int[] lengths = new int[FIELDS];
            Set<String> seen = new HashSet<>();
            for (int f = 0; f < FIELDS; f++) {
                Map<String, Integer> counts = new HashMap<>();
                for (String term : fields.get(f)) {
                    counts.merge(term, 1, Integer::sum);
                    seen.add(term);
                }
                frequencies.add(counts);
                lengths[f] = fields.get(f).size();
                averageLengths[f] += lengths[f];
            }
            for (int f = 0; f < FIELDS; f++) {
                for (Map.Entry<String, Integer> term : frequencies.get(f).entrySet()) {
                    postings.computeIfAbsent(term.getKey(), k -> new ArrayList<>())
                            .add(new int[] {index, f, term.getValue()});
                }
            }
            nameCompounds.add(compounds(table.name()));
            termFrequencies.add(frequencies);
            fieldLengths.add(lengths);
            seen.forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
        }
        for (int f = 0; f < FIELDS; f++) {
            averageLengths[f] = tables.isEmpty() ? 1 : Math.max(1, averageLengths[f] / tables.size());
        }
    }

    /** "AWSCloudTrail" -> {awscloud: [aws, cloud], cloudtrail: [cloud, trail], awscloudtrail: [...]} */
    private static Map<String, List<String>> compounds(String name) {
        List<String> words = Terms.splitWords(name);
        Map<String, List<String>> compounds = new HashMap<>();
        for (int from = 0; from < words.size(); from++) {
            StringBuilder joined = new StringBuilder(words.get(from));
            for (int to = from + 1; to < words.size(); to++) {
                joined.append(words.get(to));
                compounds.put(joined.toString().toLowerCase(Locale.ROOT),
                        Terms.of(String.join(" ", words.subList(from, to + 1))));
            }
        }
        return compounds;
    }

    /**
     * @param schema the tables to rank
     * @return a shortlist with the default weights
     */
    public static TableShortlist of(WorkspaceSchema schema) {
        return new TableShortlist(schema, ShortlistWeights.defaults());
    }

    /**
     * The best tables for a question.
     *
     * @param question the user's words
     * @param limit how many tables at most
     * @return table names, best first
     */
    public List<String> rank(String question, int limit) {
        return scores(question).entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * @param question the user's words
     * @return each table's score, in schema order
     */
    public Map<String, Double> scores(String question) {
        Map<String, Double> queryTerms = new LinkedHashMap<>();
        for (String term : Terms.of(question)) {
            queryTerms.merge(term, 1.0, Double::sum);
        }
        for (String entityTerm : EntityTerms.of(question)) {
            queryTerms.merge(entityTerm, weights.synonymWeight(), Math::max);
        }
        for (String term : List.copyOf(queryTerms.keySet())) {
            for (String related : synonyms.expand(term)) {
                queryTerms.merge(related, weights.synonymWeight(), Math::max);
            }
        }
        double[] score = new double[tables.size()];
        for (Map.Entry<String, Double> query : queryTerms.entrySet()) {
            List<int[]> holding = postings.get(query.getKey());
            if (holding == null) {
                continue;
            }
            double idf = idf(documentFrequency.get(query.getKey()));
            // BM25F: a term's weighted frequencies are summed over a table's fields, then saturated once.
            int table = -1;
            double weighted = 0;
            for (int[] posting : holding) {
                if (posting[0] != table) {
                    if (table >= 0) {
                        score[table] += query.getValue() * idf * weighted / (weights.k1() + weighted);
                    }
                    table = posting[0];
                    weighted = 0;
                }
                int f = posting[1];
                double norm = 1 - weights.b() + weights.b() * fieldLengths.get(table)[f] / averageLengths[f];
                weighted += fieldWeight(f) * posting[2] / norm;
            }
            score[table] += query.getValue() * idf * weighted / (weights.k1() + weighted);
        }
        addNameCoverage(question, queryTerms, score);
        addMentions(question, score);
        Map<String, Double> byTable = new LinkedHashMap<>();
        for (int t = 0; t < tables.size(); t++) {
            byTable.put(tables.get(t).name(), score[t]);
        }
        return byTable;
    }

    /**
     * A table whose name the question spells out ("device events", "email url") gets a bonus growing with the share
     * of its name's words present, each word weighted by how rare it is among the tables' names and descriptions,
     * and scaled by how rare the name's words are on average: "events related to AWS" spells out all of a table
     * named {@code Event}, but "event" is in half the tables' names and says little. Among equals, the table with
     * the shorter, more general name comes first. A question word joining adjacent words of the name ("cloudtrail"
     * for {@code AWSCloudTrail}, "signinlogs") spells those words out too.
     */
    private void addNameCoverage(String question, Map<String, Double> queryTerms, double[] score) {
        double rarest = idf(1);
        Set<String> lowerWords = new HashSet<>();
        for (String word : question.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            lowerWords.add(word);
        }
        for (int t = 0; t < tables.size(); t++) {
            Map<String, Integer> nameTerms = termFrequencies.get(t).get(NAME);
            if (nameTerms.isEmpty()) {
                continue;
            }
            Set<String> joined = new HashSet<>();
            for (Map.Entry<String, List<String>> compound : nameCompounds.get(t).entrySet()) {
                if (lowerWords.contains(compound.getKey())) {
                    joined.addAll(compound.getValue());
                }
            }
            double covered = 0;
            double all = 0;
            for (String term : nameTerms.keySet()) {
                double idf = idf(documentFrequency.getOrDefault(term, 1));
                double present = joined.contains(term) ? 1.0 : queryTerms.getOrDefault(term, 0.0);
                covered += idf * Math.min(1.0, present);
                all += idf;
            }
            double share = all == 0 ? 0 : covered / all;
            double informative = all / nameTerms.size() / rarest;
            score[t] += weights.nameCoverageBoost() * share * share * informative
                    - weights.nameLengthPenalty() * nameTerms.size();
        }
    }

    private double idf(int df) {
        return Math.log(1 + (tables.size() - df + 0.5) / (df + 0.5));
    }

    private void addMentions(String question, double[] score) {
        List<String> words = new ArrayList<>();
        for (String word : question.split("[^A-Za-z0-9_]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        Set<String> lowerWords = new HashSet<>();
        words.forEach(w -> lowerWords.add(w.toLowerCase(Locale.ROOT)));
        for (int t = 0; t < tables.size(); t++) {
            if (lowerWords.contains(tables.get(t).name().toLowerCase(Locale.ROOT))) {
                score[t] += weights.tableMentionBoost();
            }
        }
        Set<String> mentioned = new HashSet<>();
        for (String word : words) {
            String lower = word.toLowerCase(Locale.ROOT);
            if (tablesByColumn.containsKey(lower) && looksLikeColumnName(word, lower)) {
                mentioned.add(lower);
            }
        }
        // "remote port" or "file name" in plain words names the column RemotePort or FileName.
        for (int i = 0; i + 1 < words.size(); i++) {
            String joined = (words.get(i) + words.get(i + 1)).toLowerCase(Locale.ROOT);
            if (tablesByColumn.containsKey(joined)) {
                mentioned.add(joined);
            }
        }
        for (String column : mentioned) {
            List<Integer> having = tablesByColumn.get(column);
            for (int t : having) {
                score[t] += weights.columnMentionBoost() / having.size();
            }
        }
    }

    /**
     * A column named in plain words ("name", "type") says little; one written as an identifier (CamelCase, digits,
     * underscores) or a compound word ("folderpath", "registrykey") is a real mention.
     */
    private boolean looksLikeColumnName(String word, String lower) {
        boolean innerCapital = word.length() > 1
                && !word.substring(1).equals(word.substring(1).toLowerCase(Locale.ROOT));
        if (innerCapital || word.chars().anyMatch(Character::isDigit) || word.contains("_")) {
            return true;
        }
        for (int t : tablesByColumn.get(lower)) {
            for (ColumnInfo column : tables.get(t).columns()) {
                if (column.name().equalsIgnoreCase(lower) && Terms.splitWords(column.name()).size() > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    private double fieldWeight(int field) {
        return switch (field) {
            case NAME -> weights.nameWeight();
            case DESCRIPTION -> weights.descriptionWeight();
            case COLUMNS -> weights.columnWeight();
            default -> weights.columnTextWeight();
        };
    }
}
