package io.secai.web.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import io.secai.api.Settings;

/**
 * Links that open a KQL query in the Azure portal's Log Analytics, in the configured workspace: the portal's share
 * link, {@code https://portal.azure.com/#@TENANT/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/
 * <workspace resource id>/source/LogsBlade.AnalyticsShareLinkToQuery/q/<query>}, the query gzip-compressed, then
 * Base64, then URL-encoded. Known only when the settings name the workspace's subscription, resource group and
 * name ({@code azure.subscription-id}, {@code azure.resource-group}, {@code azure.workspace-name}); the tenant
 * ({@code azure.tenant-id}) is optional.
 */
public final class LogAnalyticsLinks {
    /** The portal; every link starts with it. */
    public static final String PORTAL = "https://portal.azure.com/";
    /** Names as Azure allows them; anything else (a slash, a '#') would change the link's meaning. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._()\\-]{1,90}");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    private final String prefix;
    private final UnaryOperator<String> redact;

    private LogAnalyticsLinks(String prefix, UnaryOperator<String> redact) {
        this.prefix = prefix;
        this.redact = redact;
    }

    /**
     * @param settings the configuration
     * @param redact masks secrets; applied before compression, because the page's redaction cannot see into the
     *     compressed query
     * @return the links, or empty when the workspace's subscription, resource group or name is not configured (or
     *     is no valid Azure name)
     */
    public static Optional<LogAnalyticsLinks> from(Settings settings, UnaryOperator<String> redact) {
        Optional<String> subscription = settings.string("azure.subscription-id").map(String::strip)
                .filter(s -> GUID.matcher(s).matches());
        Optional<String> group = settings.string("azure.resource-group").map(String::strip)
                .filter(s -> NAME.matcher(s).matches());
        Optional<String> workspace = settings.string("azure.workspace-name").map(String::strip)
                .filter(s -> NAME.matcher(s).matches());
        if (subscription.isEmpty() || group.isEmpty() || workspace.isEmpty()) {
            return Optional.empty();
        }
        String tenant = settings.string("azure.tenant-id").map(String::strip)
                .filter(s -> GUID.matcher(s).matches()).map(t -> "@" + t + "/").orElse("");
        String resource = "/subscriptions/" + subscription.get() + "/resourceGroups/" + group.get()
                + "/providers/Microsoft.OperationalInsights/workspaces/" + workspace.get();
        return Optional.of(new LogAnalyticsLinks(PORTAL + "#" + tenant + "blade/Microsoft_Azure_Monitoring_Logs/"
                + "LogsBlade/resourceId/" + encode(resource) + "/source/LogsBlade.AnalyticsShareLinkToQuery/q/", redact));
    }

    /**
     * @param kql a query
     * @return the link that opens it in Log Analytics
     */
    public String link(String kql) {
        return prefix + encode(Base64.getEncoder().encodeToString(gzip(redact.apply(kql))));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
