package io.secai.plugin.kql;

import io.secai.api.Check;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.schema.WorkspaceSchemaReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The sentinel-kql plugin's part of {@code secai doctor}: the default workspace answers {@code print 1}, and it
 * lists its tables (the schema every KQL prompt is written against). Two queries, both as small as KQL allows.
 */
final class KqlSelfCheck {

    static final String WORKSPACE = "workspace (print 1)";
    static final String SCHEMA = "schema (tables of the last 30 days)";
    private static final String TABLE_LIST = "union withsource=SecAiTable * | summarize by SecAiTable";
    private static final String WORKSPACE_SETTING = "azure.workspace-id (AZURE_WORKSPACE_ID)";

    private final Supplier<String> workspaceId;
    private final Supplier<Optional<TokenProvider>> tokens;
    private final BiFunction<String, TokenProvider, LogAnalytics> connect;

    /**
     * @param workspaceId the default workspace's id; throws naming the setting when none is configured
     * @param tokens the Azure identity, when there is one
     * @param connect a Log Analytics client for a workspace
     */
    KqlSelfCheck(Supplier<String> workspaceId, Supplier<Optional<TokenProvider>> tokens,
                 BiFunction<String, TokenProvider, LogAnalytics> connect) {
        this.workspaceId = workspaceId;
        this.tokens = tokens;
        this.connect = connect;
    }

    List<Check> run() {
        String id;
        try {
            id = workspaceId.get();
        } catch (SecAiException e) {
            return List.of(Check.fail(WORKSPACE, e.getMessage(), "set " + WORKSPACE_SETTING
                    + " in application.conf, the environment or .env"),
                    Check.fail(SCHEMA, "not checked: no workspace", "set " + WORKSPACE_SETTING + " first"));
        }
        Optional<TokenProvider> identity = tokens.get();
        if (identity.isEmpty()) {
            return List.of(Check.fail(WORKSPACE, "no Azure identity to sign in to workspace " + id,
                    "choose a sign-in method with --auth or azure.auth"),
                    Check.fail(SCHEMA, "not checked: no sign-in", "fix the sign-in first"));
        }
        LogAnalytics logs = connect.apply(id, identity.get());
        List<Check> checks = new ArrayList<>();
        try {
            logs.query("print 1", Optional.of(Duration.ofMinutes(5)));
            checks.add(Check.pass(WORKSPACE, "workspace " + id + " answered"));
        } catch (RuntimeException e) {
            checks.add(Check.fail(WORKSPACE, message(e), fixFor(e)));
            checks.add(Check.fail(SCHEMA, "not checked: the workspace did not answer", "fix the workspace first"));
            return checks;
        }
        try {
            int tables = logs.query(TABLE_LIST, Optional.of(WorkspaceSchemaReader.LOOKBACK)).table().rows().size();
            if (tables == 0) {
                checks.add(Check.fail(SCHEMA, "workspace " + id + " lists no tables with data in the last 30 days",
                        "connect data sources to the workspace (Microsoft Sentinel's data connectors), or check "
                                + WORKSPACE_SETTING + " names the Sentinel workspace"));
            } else {
                checks.add(Check.pass(SCHEMA, tables + (tables == 1 ? " table" : " tables")));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(SCHEMA, message(e), fixFor(e)));
        }
        return checks;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String fixFor(RuntimeException e) {
        String text = message(e);
        if (text.contains("HTTP 401") || text.contains("HTTP 403")) {
            return "grant the signed-in identity the Log Analytics Reader role on the workspace";
        }
        if (text.contains("was not found")) {
            return "check " + WORKSPACE_SETTING + ": it must be the workspace's id (a GUID)";
        }
        if (e instanceof ServiceException service && service.kind() == ServiceException.Kind.UNAVAILABLE) {
            return "check the network and plugins.sentinel-kql.endpoint (empty for the public cloud)";
        }
        return "see the detail; run secai --debug doctor for the log";
    }
}
