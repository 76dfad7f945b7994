package io.secai.testkit.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builders of Graph security resources in their real shape (as {@code GET /security/incidents} and
 * {@code /security/alerts_v2} return them), for a {@link FakeGraph}'s data.
 */
public final class SecurityData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "@odata.type";
    private static final String NS = "#microsoft.graph.security.";

    private SecurityData() {
    }

    /**
     * @param id the incident id (digits)
     * @param displayName its name
     * @param severity informational, low, medium or high
     * @param status active, inProgress, resolved, ...
     * @param created its createdDateTime, ISO-8601
     * @param assignedTo the owner, or null
     * @return an incident
     */
    public static ObjectNode incident(String id, String displayName, String severity, String status, String created,
                                      String assignedTo) {
        ObjectNode incident = JSON.createObjectNode().put(TYPE, NS + "incident").put("id", id)
                .put("incidentWebUrl", "https://security.microsoft.com/incidents/" + id
                        + "?tid=72f988bf-86f1-41af-91ab-2d7cd011db47")
                .putNull("redirectIncidentId").put("displayName", displayName)
                .put("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47").put("createdDateTime", created)
                .put("lastUpdateDateTime", created).put("assignedTo", assignedTo).put("classification", "unknown")
                .put("determination", "unknown").put("status", status).put("severity", severity)
                .put("description", "").put("summary", (String) null);
        incident.putArray("customTags");
        incident.putArray("systemTags");
        incident.putArray("comments");
        return incident;
    }

    /**
     * @param id the alert id
     * @param incidentId its incident
     * @param title its title
     * @param severity its severity
     * @param serviceSource such as microsoftDefenderForEndpoint
     * @param created its createdDateTime
     * @param evidence its evidence entries
     * @return an alert ({@code alerts_v2})
     */
    public static ObjectNode alert(String id, String incidentId, String title, String severity, String serviceSource,
                                   String created, List<ObjectNode> evidence) {
        ObjectNode alert = JSON.createObjectNode().put(TYPE, NS + "alert").put("id", id)
                .put("providerAlertId", id).put("incidentId", incidentId).put("status", "new")
                .put("severity", severity).put("classification", "unknown").put("determination", "unknown")
                .put("serviceSource", serviceSource).put("detectionSource", "automatedInvestigation")
                .put("detectorId", "7f1c3609-a3ff-40e2-995b-c01770161d68")
                .put("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47").put("title", title)
                .put("description", title).put("recommendedActions", "").put("category", "InitialAccess")
                .putNull("assignedTo").put("alertWebUrl", "https://security.microsoft.com/alerts/" + id)
                .put("incidentWebUrl", "https://security.microsoft.com/incidents/" + incidentId)
                .put("createdDateTime", created).put("lastUpdateDateTime", created).putNull("resolvedDateTime")
                .put("firstActivityDateTime", created).put("lastActivityDateTime", created);
        alert.putArray("mitreTechniques").add("T1566.001");
        alert.putArray("comments");
        alert.putArray("evidence").addAll(evidence);
        return alert;
    }

    private static ObjectNode evidence(String kind) {
        ObjectNode evidence = JSON.createObjectNode().put(TYPE, NS + kind + "Evidence")
                .put("createdDateTime", "2026-11-30T08:00:00Z").put("verdict", "suspicious")
                .put("remediationStatus", "none").putNull("remediationStatusDetails");
        evidence.putArray("roles");
        evidence.putArray("tags");
        return evidence;
    }

    private static ObjectNode account(String upn) {
        String name = upn.substring(0, Math.max(0, upn.indexOf('@')));
        return JSON.createObjectNode().put("accountName", name).put("domainName", upn.substring(upn.indexOf('@') + 1))
                .put("userSid", "S-1-5-21-1-2-3-1001").put("azureAdUserId", "6c1a3e29-5d0f-4a4b-8f0e-" + "0123456789ab")
                .put("userPrincipalName", upn).put("displayName", name);
    }

    /** @param upn the user's principal name @return a userEvidence */
    public static ObjectNode userEvidence(String upn) {
        ObjectNode evidence = evidence("user");
        evidence.set("userAccount", account(upn));
        return evidence;
    }

    /** @param dnsName the device's DNS name @param mdeDeviceId its Defender for Endpoint id @return a deviceEvidence */
    public static ObjectNode deviceEvidence(String dnsName, String mdeDeviceId) {
        ObjectNode evidence = evidence("device").put("firstSeenDateTime", "2026-10-01T00:00:00Z")
                .put("mdeDeviceId", mdeDeviceId).putNull("azureAdDeviceId").put("deviceDnsName", dnsName)
                .put("osPlatform", "Windows11").put("osBuild", 22631).put("version", "23H2")
                .put("healthStatus", "active").put("riskScore", "medium").put("rbacGroupId", 75)
                .put("rbacGroupName", "UnassignedGroup").put("onboardingStatus", "onboarded")
                .put("defenderAvStatus", "updated");
        evidence.putArray("ipInterfaces").add("10.0.0.4");
        evidence.putArray("loggedOnUsers");
        evidence.putNull("vmMetadata");
        return evidence;
    }

    /** @param address the IP address @param country its two-letter country @return an ipEvidence */
    public static ObjectNode ipEvidence(String address, String country) {
        return evidence("ip").put("ipAddress", address).put("countryLetterCode", country);
    }

    /** @param fileName the file's name @param sha256 its hash @return a fileEvidence */
    public static ObjectNode fileEvidence(String fileName, String sha256) {
        ObjectNode evidence = evidence("file").put("detectionStatus", "detected")
                .put("mdeDeviceId", "73e7e2de709dff64ef64b1d0c30e67fab63279db");
        evidence.putObject("fileDetails").put("sha1", "5f1d0d2e7c2b1a8f3e4d5c6b7a8f9e0d1c2b3a4f")
                .put("sha256", sha256).put("fileName", fileName).put("filePath", "C:\\Users\\Public")
                .put("fileSize", 1_234_567).put("filePublisher", "").putNull("signer").putNull("issuer");
        return evidence;
    }

    /** @param address the mailbox's primary address @return a mailboxEvidence */
    public static ObjectNode mailboxEvidence(String address) {
        ObjectNode evidence = evidence("mailbox").put("primaryAddress", address).put("displayName", address);
        evidence.set("userAccount", account(address));
        return evidence;
    }
}
