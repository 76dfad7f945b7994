package io.secai.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recorded answers of the demo's model stand-in. Each rests on facts the request must hold (the fetched page,
 * the earlier results); a request without them gets an answer that says which step to run first, never one that
 * pretends to have read what it did not receive.
 */
final class DemoAnswers {

    static final String DETECTION_FILTER =
            "| where Parameters contains \"MoveToFolder\" or Parameters contains \"DeleteMessage\" "
                    + "or Parameters contains \"MarkAsRead\"";
    static final String OPTIMISED_FILTER = "| where Parameters has_any (\"MoveToFolder\", \"DeleteMessage\", "
            + "\"MarkAsRead\")";
    private static final String DETECTION_HEAD = """
            OfficeActivity
            | where TimeGenerated > ago(1h)
            | where Operation in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules")
            """;
    private static final String DETECTION_TAIL = "\n| project TimeGenerated, UserId, ClientIP, Operation, Parameters";
    static final String DETECTION = DETECTION_HEAD + DETECTION_FILTER + DETECTION_TAIL;
    static final String OPTIMISED = DETECTION_HEAD + OPTIMISED_FILTER + DETECTION_TAIL;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoAnswers() {
    }

    /** What a real configuration needs: the answer to any prompt outside the two sample investigations. */
    static String unknown() {
        return DemoModel.RECORDED + """


                **The demo answers only the steps of its two sample investigations**, with recorded answers over \
                a demo workspace. Try:

                - `run incident-investigation IncidentNumber=%d`
                - `run url-to-detection Url=%s Behaviour="hidden inbox rules" OptimizationGuide=%s`

                To ask your own questions, give SecAI a model and a workspace (in `application.conf`, the \
                environment or `.env`; `application.conf.sample` lists every key):

                - the model: `openai.endpoint` (AZURE_OPENAI_ENDPOINT), `openai.deployment` \
                (AZURE_OPENAI_MODELNAME) and `openai.api-key` (AZURE_OPENAI_APIKEY), or an Entra ID sign-in \
                with `--auth`; or a local model with `llm.provider = openai`, `llm.endpoint` (OPENAI_BASE_URL) \
                and `llm.model` (SECAI_LLM_MODEL);
                - the workspace: `azure.workspace-id` (AZURE_WORKSPACE_ID), and for `--auth client_secret` \
                `azure.tenant-id`, `azure.client-id` and `azure.client-secret` (AZURE_TENANT_ID, AZURE_CLIENT_ID, \
                AZURE_CLIENT_SECRET).

                Then `./secai doctor` checks each of them, one line each.""".formatted(DemoData.INCIDENT,
                DemoPages.url(DemoPages.TECHNIQUE_PATH), DemoPages.url(DemoPages.GUIDE_PATH));
    }

    /** The executive summary, given only when the session holds the investigated incident. */
    static String summary(String request) {
        if (!request.contains(DemoData.INCIDENT_TITLE) || !request.contains(DemoData.SPRAY_IP)) {
            return DemoModel.RECORDED + "\n\nThe demo's summary is of incident " + DemoData.INCIDENT + ", and this "
                    + "session does not hold its details yet: run `run incident-investigation IncidentNumber="
                    + DemoData.INCIDENT + "` from the start.";
        }
        return DemoModel.RECORDED + """


                ## Executive summary: incident %d, %s

                **What happened.** About a day ago a password spray from %s tried 41 accounts. Two of them \
                were hit: **nora.kim** signed in successfully on the second attempt; **liam.ortega** was stopped \
                by multi-factor authentication. Twenty minutes later an inbox rule appeared in Nora Kim's mailbox \
                that moves mail mentioning "security" or "password" to RSS Subscriptions and marks it read: an \
                attacker hiding the warnings that would reveal the intrusion (MITRE ATT&CK T1110.003, T1564.008).

                **Impact.** One mailbox (Finance, accounts payable) is under the attacker's control; invoice \
                fraud is the likely aim. No sign-in from the spraying address succeeded after that.

                **Actions.**
                1. Reset Nora Kim's password, revoke her sessions and remove the inbox rule.
                2. Block %s and require phishing-resistant MFA for Finance.
                3. Check Liam Ortega's mailbox and recent payments approved by Finance.
                4. Deploy a detection for hidden inbox rules (try the url-to-detection investigation).
                """.formatted(DemoData.INCIDENT, DemoData.INCIDENT_TITLE, DemoData.SPRAY_IP, DemoData.SPRAY_IP);
    }

    /** The detection drafted from the technique page. */
    static String detection(String page) {
        if (!page.contains("New-InboxRule") || !page.contains("T1564.008")) {
            return DemoModel.RECORDED + "\n\nThe demo has a recorded detection only for its own page, "
                    + DemoPages.url(DemoPages.TECHNIQUE_PATH) + ".";
        }
        return DemoModel.RECORDED + """


                The page describes attackers hiding warnings with inbox rules after a password spray \
                (T1564.008, Defense Evasion). A Sentinel detection for it reads the Exchange audit events in \
                `OfficeActivity` and keeps rules that move, delete or mark messages read:

                ```kql
                %s
                ```

                Run it every hour over the last hour; map `UserId` to an Account and `ClientIP` to an IP entity. \
                Expect few false positives: users rarely create rules that mark mail read and move it to RSS \
                Subscriptions.""".formatted(DETECTION);
    }

    /** The optimisation advice from the guide page, applied to the detection. */
    static String optimisation(String page) {
        if (!page.contains("has_any") || !page.contains("TimeGenerated")) {
            return DemoModel.RECORDED + "\n\nThe demo has recorded advice only for its own guide, "
                    + DemoPages.url(DemoPages.GUIDE_PATH) + ".";
        }
        return DemoModel.RECORDED + """


                Following the guide: the query already filters on `TimeGenerated` first and on `Operation` \
                before the parameters, and projects only what the rule maps. One change pays: `has_any` uses the \
                term index where three `contains` scan every value.

                ```kql
                %s
                ```""".formatted(OPTIMISED);
    }

    /** The analytic rule in the detection-rules plugin's schema; the optimised query when asked to optimise. */
    static String rule(boolean optimised) {
        ObjectNode rule = JSON.createObjectNode();
        rule.put("displayName", "Hidden inbox rule created");
        rule.put("description", "Recorded demo rule: an inbox rule that moves, deletes or marks messages read, "
                + "as attackers create after a password spray to hide warnings (T1564.008).");
        rule.put("severity", "Medium");
        rule.put("query", optimised ? OPTIMISED : DETECTION);
        rule.put("queryFrequency", "PT1H");
        rule.put("queryPeriod", "PT1H");
        rule.put("triggerOperator", "GreaterThan");
        rule.put("triggerThreshold", 0);
        rule.put("suppressionEnabled", false);
        rule.put("suppressionDuration", "PT5H");
        rule.putArray("tactics").add("DefenseEvasion");
        rule.putArray("techniques").add("T1564.008");
        ArrayNode mappings = rule.putArray("entityMappings");
        ObjectNode account = mappings.addObject();
        account.put("entityType", "Account");
        account.putArray("fieldMappings").addObject().put("identifier", "FullName").put("columnName", "UserId");
        ObjectNode ip = mappings.addObject();
        ip.put("entityType", "IP");
        ip.putArray("fieldMappings").addObject().put("identifier", "Address").put("columnName", "ClientIP");
        rule.putArray("customDetails");
        rule.putObject("eventGroupingSettings").put("aggregationKind", "SingleAlert");
        return rule.toString();
    }
}
