package io.secai.web.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.secai.testkit.plugin.MapSettings;

class LogAnalyticsLinksTest {
    private static final String SUBSCRIPTION = "0f3c2a1b-1111-2222-3333-444455556666";
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private static Map<String, String> workspace() {
        Map<String, String> settings = new HashMap<>();
        settings.put("azure.subscription-id", SUBSCRIPTION);
        settings.put("azure.resource-group", "rg-soc");
        settings.put("azure.workspace-name", "law-sentinel");
        return settings;
    }

    /** The query back out of a link: URL-decoded, Base64-decoded, gunzipped. */
    static String query(String link) throws IOException {
        String encoded = link.substring(link.indexOf("/q/") + 3);
        byte[] zipped = Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aQueryOpensInTheConfiguredWorkspaceGzippedAndBase64EncodedInThePortalsShareLinkFormat() throws Exception {
        Map<String, String> settings = workspace();
        settings.put("azure.tenant-id", TENANT);
        String kql = "SecurityIncident\n| where Status == \"New\" and Title has \"a+b/c\"";

        String link = LogAnalyticsLinks.from(new MapSettings(settings), text -> text).orElseThrow().link(kql);

        assertThat(link).startsWith("https://portal.azure.com/#@" + TENANT + "/blade/Microsoft_Azure_Monitoring_Logs/"
                + "LogsBlade/resourceId/%2Fsubscriptions%2F" + SUBSCRIPTION + "%2FresourceGroups%2Frg-soc%2Fproviders"
                + "%2FMicrosoft.OperationalInsights%2Fworkspaces%2Flaw-sentinel/source/"
                + "LogsBlade.AnalyticsShareLinkToQuery/q/");
        assertThat(link.substring(link.indexOf("/q/") + 3)).doesNotContain("/", "+", "=", "\n");
        assertThat(query(link)).isEqualTo(kql);
    }

    @Test
    void noLinkWithoutSubscriptionResourceGroupAndWorkspaceNameOrWithNamesThatWouldBendTheLink() {
        for (String key : workspace().keySet()) {
            Map<String, String> missing = workspace();
            missing.remove(key);
            assertThat(LogAnalyticsLinks.from(new MapSettings(missing), t -> t)).as(key).isEmpty();
        }
        Map<String, String> bent = workspace();
        bent.put("azure.workspace-name", "law/../../evil#x");
        assertThat(LogAnalyticsLinks.from(new MapSettings(bent), t -> t)).isEmpty();
        assertThat(LogAnalyticsLinks.from(new MapSettings(workspace()), t -> t).orElseThrow().link("print 1"))
                .as("no tenant: the portal's default directory").startsWith("https://portal.azure.com/#blade/");
    }

    @Test
    void aSecretInTheQueryIsMaskedBeforeItIsCompressedWhereNoLaterRedactionCouldSeeIt() throws Exception {
        String link = LogAnalyticsLinks.from(new MapSettings(workspace()), text -> text.replace("s3cr3t", "***"))
                .orElseThrow().link("Logs | where Key == \"s3cr3t\"");

        assertThat(query(link)).isEqualTo("Logs | where Key == \"***\"");
    }
}
