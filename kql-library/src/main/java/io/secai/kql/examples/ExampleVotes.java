package io.secai.kql.examples;

import io.secai.kql.shortlist.TableShortlist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table shortlist signal from the example library, in the spirit of NL2KQL's few-shot selector: the tables read by
 * the known-good examples nearest to the question. Community questions often do not name the data they need ("a
 * trail was stopped" reads {@code AWSCloudTrail}); the examples written about the same thing do.
 *
 * <p>The nearest examples are those {@link ExampleIndex} ranks by their words alone (no table hints: the vote must
 * not echo the shortlist it corrects). Only examples the index admitted vote, so only guard-passed examples reading
 * tables the workspace has; a table the shortlist does not know gets no vote. The example at rank {@code r} (0 for
 * the nearest) gives each table it reads its similarity to the question (its word score over the best one, in
 * (0, 1]) divided by {@code r + 1}; the sum is divided by the most a table can get, so a vote lies in [0, 1], and
 * the shortlist's score for a table grows by {@code weight} times its vote. With no library, or weight 0, the
 * ranking is the shortlist's own. A voter is immutable and may be shared.
 */
public final class ExampleVotes {
    /** Neighbours are capped whatever the setting, so a huge library costs one index pass and a small sort. */
    public static final int MAX_NEIGHBOURS = 50;
    /**
     * The neighbour count bench/kql-shortlist.sh picks for the default shortlist weights on all three question
     * sources (in-sample, no source worse than without the library; catalog off and on agree); see README.
     */
    public static final int DEFAULT_NEIGHBOURS = 20;
    /** The vote weight picked with {@link #DEFAULT_NEIGHBOURS}. */
    public static final double DEFAULT_WEIGHT = 8.0;

    /**
     * One table's vote and the examples that cast it.
     *
     * @param table the table
     * @param vote its vote, in [0, 1]
     * @param examples the ids of the examples reading it, nearest first
     */
    public record Vote(String table, double vote, List<String> examples) {
        public Vote {
            examples = List.copyOf(examples);
        }
    }

    /**
     * A shortlist with the votes that shaped it.
     *
     * @param tables the tables, best first
     * @param votes every table that got a vote, strongest first
     */
    public record Ranking(List<String> tables, List<Vote> votes) {
        public Ranking {
            tables = List.copyOf(tables);
            votes = List.copyOf(votes);
        }
    }

    private final ExampleIndex index;
    private final int neighbours;
    private final double weight;

    /**
     * @param index the library's admitted examples for the workspace
     * @param neighbours how many nearest examples vote (1 to {@link #MAX_NEIGHBOURS}; clamped)
     * @param weight how much a full vote adds to a table's shortlist score (0 turns the signal off)
     */
    public ExampleVotes(ExampleIndex index, int neighbours, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the example vote weight must be a finite number >= 0: " + weight);
        }
        this.index = index;
        this.neighbours = Math.max(1, Math.min(MAX_NEIGHBOURS, neighbours));
        this.weight = weight;
    }

    /**
     * @param index the library's admitted examples for the workspace
     * @return a voter with the cross-validated defaults
     */
    public static ExampleVotes defaults(ExampleIndex index) {
        return new ExampleVotes(index, DEFAULT_NEIGHBOURS, DEFAULT_WEIGHT);
    }

    /**
     * @param question the user's words
     * @param exclude ids of examples that may not vote (the question's own page, when measuring)
     * @return every table read by the nearest examples, with its vote, strongest first
     */
    public List<Vote> votes(String question, Set<String> exclude) {
        return votes(index.pick(question, neighbours, List.of(), exclude), neighbours);
    }

    /**
     * The votes of already picked neighbours (the benchmark picks once and tries several neighbour counts).
     *
     * @param nearest the nearest examples, best first, as {@link ExampleIndex#pick} returns them without hints
     * @param neighbours how many of them vote
     * @return every table they read, with its vote, strongest first
     */
    public static List<Vote> votes(List<ExampleIndex.Pick> nearest, int neighbours) {
        int count = Math.max(0, Math.min(Math.min(neighbours, MAX_NEIGHBOURS), nearest.size()));
        double most = 0;
        for (int r = 0; r < count; r++) {
            most += 1.0 / (r + 1);
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, List<String>> voters = new LinkedHashMap<>();
        for (int r = 0; r < count; r++) {
            ExampleIndex.Pick pick = nearest.get(r);
            // Without hints a pick's score is its word score over the best one; clamp in case hints were given.
            double similarity = Math.max(0, Math.min(1, pick.score()));
            for (String table : new LinkedHashSet<>(pick.tables())) {
                sums.merge(table, similarity / (r + 1) / most, Double::sum);
                voters.computeIfAbsent(table, t -> new ArrayList<>()).add(pick.example().id());
            }
        }
        List<Vote> votes = new ArrayList<>();
        sums.forEach((table, sum) -> votes.add(new Vote(table, Math.min(1, sum), voters.get(table))));
        votes.sort(Comparator.comparingDouble(Vote::vote).reversed().thenComparing(Vote::table));
        return votes;
    }

    /**
     * @param shortlist the workspace's shortlist
     * @param question the user's words
     * @param limit how many tables at most
     * @return the shortlist's ranking moved by the votes, with the votes of tables the shortlist knows
     */
    public Ranking rank(TableShortlist shortlist, String question, int limit) {
        Map<String, Double> scores = shortlist.scores(question);
        List<Vote> known = weight == 0 ? List.of()
                : votes(question, Set.of()).stream().filter(v -> scores.containsKey(v.table())).toList();
        Map<String, Double> byTable = new LinkedHashMap<>();
        known.forEach(v -> byTable.put(v.table(), v.vote()));
        return new Ranking(combine(scores, byTable, weight, limit), known);
    }

    /**
     * The shortlist's scores plus {@code weight} times each table's vote, best first; ties keep the scores' order,
     * as {@link TableShortlist#rank} does, so no votes give exactly the shortlist's ranking.
     *
     * @param scores the shortlist's scores, in schema order
     * @param votes table to vote; tables not among the scores are ignored
     * @param weight how much a full vote adds
     * @param limit how many tables at most
     * @return table names, best first
     */
    public static List<String> combine(Map<String, Double> scores, Map<String, Double> votes, double weight,
                                       int limit) {
        Map<String, Double> combined = new LinkedHashMap<>();
        scores.forEach((table, score) -> combined.put(table, score + weight * votes.getOrDefault(table, 0.0)));
        return combined.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(Math.max(0, limit))
                .map(Map.Entry::getKey)
                .toList();
    }
}
