package io.secai.kql.guard;

import java.util.Set;

/** The words of KQL that are neither tables nor columns. */
final class KqlVocabulary {
    private KqlVocabulary() {
    }

    /** Lists below overlap on purpose (an operator is also a keyword); duplicates are fine. */
    private static Set<String> words(String... words) {
        return Set.copyOf(java.util.Arrays.asList(words));
    }

    /** Words that begin operator names written with a dash ({@code mv-expand}, {@code project-away}). */
    static final Set<String> DASHED_OPERATOR_HEADS = words("mv", "project", "parse", "make", "top", "scan");

    /** Tabular operators that may follow a pipe. */
    static final Set<String> TABULAR_OPERATORS = words(
            "as", "consume", "count", "distinct", "evaluate", "extend", "facet", "find", "fork", "getschema", "invoke",
            "join", "limit", "lookup", "make-series", "mv-apply", "mv-expand", "order", "parse", "parse-where",
            "parse-kv", "partition", "project", "project-away", "project-keep", "project-rename", "project-reorder",
            "reduce", "render", "sample", "sample-distinct", "scan", "search", "serialize", "sort", "summarize",
            "take", "top", "top-hitters", "top-nested", "union", "where", "filter", "extend", "range", "print",
            "datatable", "materialize", "externaldata", "external_table", "macro-expand", "graph-match",
            "make-graph", "graph-to-table", "graph-merge", "assert-schema");

    /** Keywords, operator words and literal words that may appear inside an operator's arguments. */
    static final Set<String> KEYWORDS = words(
            "and", "or", "not", "by", "on", "with", "kind", "in", "in~", "has", "has_cs", "has_any", "has_all",
            "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "contains", "contains_cs", "startswith",
            "startswith_cs", "endswith", "endswith_cs", "matches", "matches regex", "regex", "like", "notlike", "between",
            "asc", "desc", "nulls", "first", "last", "true", "false", "null", "let", "set", "declare", "query_parameters",
            "alias", "database", "cluster", "inner", "innerunique", "leftouter", "rightouter", "fullouter", "leftanti",
            "rightanti", "leftsemi", "rightsemi", "anti", "semi", "leftantisemi", "rightantisemi", "outer",
            "withsource", "isfuzzy", "to", "from", "step", "default", "typeof", "of", "bagexpansion", "itemindex",
            "limit", "withoffset", "with_itemindex", "hint", "strategy", "shufflekey", "num_partitions", "remote",
            "broadcast", "shuffle", "local", "left", "right", "view", "restrict", "access", "pattern", "flags",
            "simple", "relaxed", "regex", "output", "others", "with_source", "decodeblocks", "withdisplayname",
            "bin", "title", "xtitle", "ytitle", "xcolumn", "ycolumns", "series", "timechart", "barchart",
            "columnchart", "piechart", "table", "linechart", "areachart", "scatterchart", "anomalychart", "card",
            "stackedareachart", "ladderchart", "timepivot", "pivotchart", "treemap", "accumulate", "legend",
            "visible", "hidden", "ysplit", "none", "axes", "panels", "xaxis", "yaxis", "linear", "log", "stacked",
            "stacked100", "unstacked", "ymin", "ymax", "xmin", "xmax", "dynamic", "string", "int", "long", "real",
            "double", "bool", "boolean", "datetime", "timespan", "guid", "decimal", "date", "time", "uniqueid",
            "float", "int64", "int32", "column_ifexists", "partitionby", "then", "else", "case", "iff", "iif",
            "within", "pack_all", "has_any_ipv4", "range", "ago", "now", "getschema", "csl", "row_number",
            "packed", "where", "project", "extend", "summarize", "top", "take", "count", "distinct", "sort", "order",
            "union", "join", "lookup", "evaluate", "parse", "print", "datatable", "materialize", "invoke", "as",
            "mv-expand", "mv-apply", "project-away", "project-keep", "project-rename", "project-reorder",
            "make-series", "top-nested", "top-hitters", "render", "sample", "search", "find", "serialize",
            "parse-where", "parse-kv", "filter", "fork", "facet", "partition", "reduce", "scan", "consume",
            "sample-distinct", "graph-match", "make-graph", "declare", "pattern");

    /** Aggregation functions; {@code summarize f(x)} without a name makes a column called {@code f_x}. */
    static final Set<String> AGGREGATIONS = words(
            "count", "countif", "dcount", "dcountif", "sum", "sumif", "avg", "avgif", "min", "max", "minif", "maxif",
            "make_set", "make_set_if", "make_list", "make_list_if", "make_bag", "make_bag_if", "arg_max", "arg_min",
            "take_any", "take_anyif", "any", "anyif", "percentile", "percentiles", "percentiles_array", "stdev",
            "stdevif", "stdevp", "variance", "varianceif", "variancep", "hll", "hll_merge", "tdigest",
            "tdigest_merge", "binary_all_and", "binary_all_or", "binary_all_xor", "buildschema", "make_list_with_nulls",
            "count_distinct", "count_distinctif", "max_of", "min_of");

    /** Evaluate plugins that read data from outside the workspace. */
    static final Set<String> OUTBOUND_PLUGINS = words(
            "http_request", "http_request_post", "sql_request", "cosmosdb_sql_request", "mysql_request",
            "postgresql_request", "azure_digital_twins_query_request", "ai_chat_completion",
            "ai_chat_completion_prompt", "ai_embed_text", "ai_embeddings");

    /** Evaluate plugins whose output columns cannot be known from the schema. */
    static final Set<String> SCHEMA_CHANGING_PLUGINS = words("bag_unpack", "pivot", "narrow", "autocluster",
            "basket", "diffpatterns", "preview", "schema_merge", "sequence_detect", "session_count",
            "sliding_window_counts", "funnel_sequence", "funnel_sequence_completion", "active_users_count",
            "activity_counts_metrics", "activity_engagement", "activity_metrics", "new_activity_metrics",
            "rolling_percentile", "ipv4_lookup", "ipv6_lookup", "geo_polygon_lookup", "geo_line_lookup",
            "infer_storage_schema", "dcount_intersect", "market_basket", "identity");
}
