package io.secai.kql.guard;

import java.util.List;

/**
 * What a query consists of, read without a schema: the parts the guard's decisions rest on.
 *
 * @param tables names used as tabular sources (a pipeline's start, a {@code union}, {@code join} or {@code lookup}
 *     operand), names the query defines itself left out, in order of first appearance
 * @param operators the first word of each tabular operator ({@code where}, {@code join}, {@code evaluate}), in order
 * @param calls the names of function and plugin calls, in order
 */
public record QueryShape(List<String> tables, List<String> operators, List<String> calls) {
    public QueryShape {
        tables = List.copyOf(tables);
        operators = List.copyOf(operators);
        calls = List.copyOf(calls);
    }
}
