package io.secai.kql.guard;

/**
 * A warning about a query that may still run: it may be slow, costly or imprecise.
 *
 * @param ruleId a stable id ({@code KQL001} ...), for suppressions and SARIF
 * @param message what is wrong and what to do instead
 * @param offset where in the query it applies (0 for the whole query)
 */
public record LintNote(String ruleId, String message, int offset) {
    @Override
    public String toString() {
        return ruleId + ": " + message;
    }
}
