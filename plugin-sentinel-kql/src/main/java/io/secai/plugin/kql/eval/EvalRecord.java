package io.secai.plugin.kql.eval;

import java.util.List;

/**
 * The score of one question.
 *
 * @param line the question's line number in the input file (1-based), its identity for {@code --resume}
 * @param question the question
 * @param goldTables the tables the gold query reads
 * @param usedTables the tables SecAI's query read
 * @param tablesOk whether every gold table was read
 * @param guardValid whether SecAI produced a query that passed the guard
 * @param executed whether it ran without error
 * @param resultJaccard row-set Jaccard against the gold query's rows over the columns both have; -1 when not
 *                      comparable (either did not run, or no shared column)
 * @param modelCalls model calls made for the question
 * @param tokens prompt plus completion tokens
 * @param millis wall time of the question, gold run included
 * @param kql SecAI's last query, or empty
 * @param error what went wrong, or empty
 */
public record EvalRecord(int line, String question, List<String> goldTables, List<String> usedTables,
                         boolean tablesOk, boolean guardValid, boolean executed, double resultJaccard,
                         long modelCalls, long tokens, long millis, String kql, String error) {
    public EvalRecord {
        goldTables = List.copyOf(goldTables);
        usedTables = List.copyOf(usedTables);
    }
}
