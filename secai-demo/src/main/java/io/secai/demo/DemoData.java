package io.secai.demo;

import io.secai.testkit.loganalytics.FakeWorkspace;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo workspace's data, written for the demo (a fictional company, documentation IP ranges): one new incident
 * of a password spray that ended in a hidden inbox rule, its two alerts, the users they name, and those users'
 * sign-ins of the last day; two other incidents so that the list has more than one row; and the Office activity the
 * detection of the URL-to-detection investigation reads. Times are relative to the demo's start, so "the last 24
 * hours" always holds the sign-ins.
 */
final class DemoData {

    /** The incident the demo investigates. */
    static final int INCIDENT = 2207;
    static final String INCIDENT_TITLE = "Password spray followed by a hidden inbox rule";
    static final String SPRAY_ALERT = "7c1e4b2a-9d3f-4e61-8a5b-0f2c6d8e1a34";
    static final String RULE_ALERT = "b4d9a0e7-3c2f-4a18-9e6d-5f1b7c2a8e90";
    static final String OTHER_ALERT = "e2a7c5d1-6b8f-4c3e-a9d0-1f4b7e2c9a65";
    static final String NORA = "nora.kim@contoso-demo.com";
    static final String LIAM = "liam.ortega@contoso-demo.com";
    static final String SPRAY_IP = "203.0.113.45";
    static final String OFFICE_IP = "198.51.100.20";

    private DemoData() {
    }

    static FakeWorkspace workspace(Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        return FakeWorkspace.empty()
                .withTable("SecurityIncident", "TimeGenerated:datetime, IncidentNumber:int, Title:string, "
                        + "Severity:string, Status:string, Description:string, Owner:dynamic, AlertIds:dynamic, "
                        + "CreatedTime:datetime, ProviderName:string", List.of(
                        List.of(at(start, 26, 0), INCIDENT, INCIDENT_TITLE, "High", "New",
                                "A password spray from " + SPRAY_IP + " hit 41 accounts; two signed in, and one of "
                                        + "them got an inbox rule that deletes mail from the security team.",
                                "{\"assignedTo\":null,\"email\":null}",
                                "[\"" + SPRAY_ALERT + "\",\"" + RULE_ALERT + "\"]", at(start, 26, 0),
                                "Azure Sentinel"),
                        List.of(at(start, 24 * 3, 0), 2206, "Impossible travel to an unusual country", "Medium",
                                "New", "A user signed in from two countries within 40 minutes.",
                                "{\"assignedTo\":null,\"email\":null}", "[\"" + OTHER_ALERT + "\"]",
                                at(start, 24 * 3, 0), "Azure Sentinel"),
                        List.of(at(start, 24 * 9, 0), 2198, "Malware detected on a file share", "Low", "Closed",
                                "Defender quarantined a known test file.", "{\"assignedTo\":\"SOC\",\"email\":null}",
                                "[]", at(start, 24 * 9, 0), "Azure Sentinel")))
                .withTable("SecurityAlert", "TimeGenerated:datetime, SystemAlertId:string, AlertName:string, "
                        + "AlertSeverity:string, Description:string, Entities:string, Tactics:string, "
                        + "Techniques:string, ProviderName:string", List.of(
                        List.of(at(start, 26, 5), SPRAY_ALERT, "Password spray against cloud accounts", "High",
                                "41 accounts had failed sign-ins from one address within 20 minutes; two of them "
                                        + "then signed in successfully.",
                                "[{\"Type\":\"account\",\"Name\":\"nora.kim\",\"UPNSuffix\":\"contoso-demo.com\"},"
                                        + "{\"Type\":\"account\",\"Name\":\"liam.ortega\",\"UPNSuffix\":"
                                        + "\"contoso-demo.com\"},{\"Type\":\"ip\",\"Address\":\"" + SPRAY_IP + "\"}]",
                                "CredentialAccess", "[\"T1110.003\"]", "Azure AD Identity Protection"),
                        List.of(at(start, 25, 40), RULE_ALERT, "Inbox rule hides mail from the security team",
                                "Medium", "A new inbox rule moves messages that mention 'security' or 'password' "
                                        + "to RSS Subscriptions and marks them read.",
                                "[{\"Type\":\"account\",\"Name\":\"nora.kim\",\"UPNSuffix\":\"contoso-demo.com\"},"
                                        + "{\"Type\":\"ip\",\"Address\":\"" + SPRAY_IP + "\"}]",
                                "DefenseEvasion", "[\"T1564.008\"]", "Microsoft Defender for Office 365"),
                        List.of(at(start, 24 * 3, 2), OTHER_ALERT, "Impossible travel activity", "Medium",
                                "Sign-ins from two distant countries within 40 minutes.",
                                "[{\"Type\":\"account\",\"Name\":\"ava.chen\",\"UPNSuffix\":\"contoso-demo.com\"}]",
                                "InitialAccess", "[\"T1078\"]", "Microsoft Defender for Cloud Apps")))
                .withTable("IdentityInfo", "TimeGenerated:datetime, AccountUPN:string, AccountDisplayName:string, "
                        + "Department:string, JobTitle:string, IsAccountEnabled:bool", List.of(
                        List.of(at(start, 30, 0), NORA, "Nora Kim", "Finance", "Accounts payable lead", true),
                        List.of(at(start, 30, 0), LIAM, "Liam Ortega", "Sales", "Account manager", true),
                        List.of(at(start, 30, 0), "ava.chen@contoso-demo.com", "Ava Chen", "Engineering",
                                "Site reliability engineer", true)))
                .withTable("SigninLogs", "TimeGenerated:datetime, UserPrincipalName:string, AppDisplayName:string, "
                        + "IPAddress:string, Location:string, ResultType:string, ResultDescription:string",
                        List.of(
                        signIn(start, 23, 10, NORA, "Office 365 Exchange Online", SPRAY_IP, "NL", "50126",
                                "Invalid username or password"),
                        signIn(start, 23, 9, NORA, "Office 365 Exchange Online", SPRAY_IP, "NL", "0", ""),
                        signIn(start, 23, 5, LIAM, "Office 365 Exchange Online", SPRAY_IP, "NL", "50126",
                                "Invalid username or password"),
                        signIn(start, 23, 4, LIAM, "Office 365 Exchange Online", SPRAY_IP, "NL", "50074",
                                "Strong authentication is required"),
                        signIn(start, 6, 30, NORA, "Microsoft Teams", OFFICE_IP, "US", "0", ""),
                        signIn(start, 5, 15, LIAM, "Microsoft Outlook", OFFICE_IP, "US", "0", ""),
                        signIn(start, 2, 0, "ava.chen@contoso-demo.com", "Azure Portal", OFFICE_IP, "US", "0", "")))
                .withTable("OfficeActivity", "TimeGenerated:datetime, UserId:string, ClientIP:string, "
                        + "Operation:string, OfficeWorkload:string, Parameters:string", List.of(
                        List.of(at(start, 25, 45), NORA, SPRAY_IP + ":51544", "New-InboxRule", "Exchange",
                                "[{\"Name\":\"SubjectOrBodyContainsWords\",\"Value\":\"security;password\"},"
                                        + "{\"Name\":\"MoveToFolder\",\"Value\":\"RSS Subscriptions\"},"
                                        + "{\"Name\":\"MarkAsRead\",\"Value\":\"True\"}]"),
                        List.of(at(start, 4, 0), LIAM, OFFICE_IP + ":443", "Set-Mailbox", "Exchange",
                                "[{\"Name\":\"Identity\",\"Value\":\"liam.ortega\"}]")));
    }

    private static List<Object> signIn(Instant start, int hoursAgo, int minutesAgo, String user, String app,
                                       String ip, String location, String result, String description) {
        return List.of(at(start, hoursAgo, minutesAgo), user, app, ip, location, result, description);
    }

    private static String at(Instant start, int hoursAgo, int minutesAgo) {
        return start.minus(Duration.ofHours(hoursAgo)).minus(Duration.ofMinutes(minutesAgo)).toString();
    }
}
