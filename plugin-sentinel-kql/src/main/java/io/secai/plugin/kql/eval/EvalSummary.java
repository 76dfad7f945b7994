package io.secai.plugin.kql.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.List;

/**
 * Totals of an evaluation: shares of questions with the gold tables read, a guard-valid query, a query that ran,
 * and the mean result Jaccard over the questions where both queries ran; model calls, tokens and time.
 */
public record EvalSummary(int questions, double tables, double guardValid, double executed, double meanJaccard,
                          int compared, long modelCalls, long tokens, long millis) {

    static EvalSummary of(List<EvalRecord> records) {
        int n = records.size();
        double jaccard = 0;
        int compared = 0;
        for (EvalRecord r : records) {
            if (r.resultJaccard() >= 0) {
                jaccard += r.resultJaccard();
                compared++;
            }
        }
        return new EvalSummary(n, share(records.stream().filter(EvalRecord::tablesOk).count(), n),
                share(records.stream().filter(EvalRecord::guardValid).count(), n),
                share(records.stream().filter(EvalRecord::executed).count(), n),
                compared == 0 ? 0 : jaccard / compared, compared,
                records.stream().mapToLong(EvalRecord::modelCalls).sum(),
                records.stream().mapToLong(EvalRecord::tokens).sum(),
                records.stream().mapToLong(EvalRecord::millis).sum());
    }

    private static double share(long count, int n) {
        return n == 0 ? 0 : (double) count / n;
    }

    ObjectNode toJson(ObjectMapper json, List<EvalRecord> records) {
        ObjectNode root = json.createObjectNode();
        root.set("summary", json.valueToTree(this));
        root.set("questions", json.valueToTree(records));
        return root;
    }

    /**
     * Prints one row per question and the totals.
     *
     * @param records the scores
     * @param out where to print
     */
    public static void print(List<EvalRecord> records, PrintWriter out) {
        out.printf("%5s  %-6s %-5s %-4s %-7s %5s %7s %7s  %s%n", "line", "tables", "guard", "ran", "jaccard",
                "calls", "tokens", "ms", "question");
        for (EvalRecord r : records) {
            String question = r.question().length() > 60 ? r.question().substring(0, 57) + "..." : r.question();
            out.printf("%5d  %-6s %-5s %-4s %-7s %5d %7d %7d  %s%n", r.line(), mark(r.tablesOk()),
                    mark(r.guardValid()), mark(r.executed()),
                    r.resultJaccard() < 0 ? "-" : String.format("%.2f", r.resultJaccard()), r.modelCalls(),
                    r.tokens(), r.millis(), question.replaceAll("\\s+", " "));
        }
        EvalSummary s = of(records);
        out.printf("%d questions: gold tables read %.3f, guard-valid %.3f, ran %.3f, mean result Jaccard %.3f"
                        + " (over %d compared); %d model calls, %d tokens, %.1f s%n", s.questions(), s.tables(),
                s.guardValid(), s.executed(), s.meanJaccard(), s.compared(), s.modelCalls(), s.tokens(),
                s.millis() / 1000.0);
    }

    private static String mark(boolean ok) {
        return ok ? "yes" : "no";
    }
}
