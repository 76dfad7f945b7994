package io.secai.plugin.rules.query;

import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.guard.KqlLexer;
import io.secai.kql.guard.KqlSyntaxException;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.rules.validate.QueryInspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The KQL library's guard and schema model applied to a rule's query: the guard's flags, split into those about
 * the workspace schema (unknown tables and columns) and the rest, and the query's output columns.
 *
 * <p>A rule runs in Sentinel, not here, so no row cap is added; cross-resource references stay refused.
 */
public final class KqlQueryInspector implements QueryInspector {
    /** The guard names the KQL plugin's setting; a rule's allow-list is this plugin's, or rule check's option. */
    private static final String KQL_PLUGIN_SETTING = "plugins.sentinel-kql.externaldata.allow-urls";
    private static final String SETTING = "plugins.detection-rules.externaldata.allow-urls (secai rule check: "
            + "--allow-url)";

    private final WorkspaceSchema schema;
    private final KqlGuard guard;

    /** @param schema the workspace's tables and columns; empty switches the schema check off */
    public KqlQueryInspector(WorkspaceSchema schema) {
        this(schema, List.of());
    }

    /**
     * @param schema the workspace's tables and columns; empty switches the schema check off
     * @param externalDataUrls URL prefixes {@code externaldata} may read from (threat-intelligence feeds); empty
     *     refuses every {@code externaldata}, as the KQL plugin does by default
     */
    public KqlQueryInspector(WorkspaceSchema schema, List<String> externalDataUrls) {
        this.schema = schema;
        this.guard = new KqlGuard(schema, new GuardOptions(0, false, true).withExternalDataUrls(externalDataUrls));
    }

    @Override
    public QueryView inspect(String kql) {
        GuardReport report = guard.check(kql);
        List<String> guardFlags = new ArrayList<>();
        List<String> schemaFlags = new ArrayList<>();
        for (GuardReport.Refusal refusal : report.refusals()) {
            boolean schemaProblem = refusal.kind() == GuardReport.Kind.UNKNOWN_TABLE
                    || refusal.kind() == GuardReport.Kind.UNKNOWN_COLUMN;
            String message = refusal.kind() == GuardReport.Kind.EXTERNAL_DATA
                    ? refusal.message().replace(KQL_PLUGIN_SETTING, SETTING) : refusal.message();
            (schemaProblem ? schemaFlags : guardFlags).add(message);
        }
        Optional<java.util.Set<String>> output;
        try {
            output = OutputColumns.of(KqlLexer.tokenize(kql), schema);
        } catch (KqlSyntaxException e) {
            output = Optional.empty();
        }
        return new QueryView(guardFlags, schemaFlags, output);
    }
}
