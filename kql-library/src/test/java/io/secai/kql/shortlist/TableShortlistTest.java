package io.secai.kql.shortlist;

import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableShortlistTest {
    private static TableInfo table(String name, String columns) {
        return new TableInfo(name, "", SchemaFiles.parseCslColumns(columns), List.of());
    }

    /** A Sentinel workspace with a Defender connector: many "...Events" tables, one table named just Event. */
    private static final WorkspaceSchema WORKSPACE = WorkspaceSchema.of(List.of(
            table("Event", "TimeGenerated:datetime, Source:string, EventLog:string, Computer:string, EventID:int,"
                    + " RenderedDescription:string"),
            table("AADSignInEventsBeta", "Timestamp:datetime, AccountUpn:string, IPAddress:string, ErrorCode:int"),
            table("AADSpnSignInEventsBeta", "Timestamp:datetime, ServicePrincipalName:string, IPAddress:string"),
            table("DeviceEvents", "Timestamp:datetime, DeviceName:string, ActionType:string"),
            table("DeviceProcessEvents", "Timestamp:datetime, DeviceName:string, FileName:string,"
                    + " ProcessCommandLine:string"),
            table("CloudAppEvents", "Timestamp:datetime, Application:string, ActionType:string"),
            table("SigninLogs", "TimeGenerated:datetime, UserPrincipalName:string, IPAddress:string"),
            table("AWSCloudTrail", "TimeGenerated:datetime, EventName:string, EventSource:string, AwsRegion:string,"
                    + " SourceIpAddress:string, UserIdentityArn:string, ErrorCode:string"),
            table("OfficeActivity", "TimeGenerated:datetime, Operation:string, OfficeWorkload:string, UserId:string")));

    private final TableShortlist shortlist = TableShortlist.of(WORKSPACE);

    @Test
    void ranksTheAwsTableFirstForEventsRelatedToAws() {
        assertThat(shortlist.rank("Show events related to AWS CloudTrail in the last day", 3)).first()
                .isEqualTo("AWSCloudTrail");
        assertThat(shortlist.rank("events related to AWS console logins without MFA", 3)).first()
                .isEqualTo("AWSCloudTrail");
        assertThat(shortlist.rank("Events related to cloudtrail logging being stopped", 3)).first()
                .isEqualTo("AWSCloudTrail");
    }

    @Test
    void aQuestionWordJoiningAdjacentNameWordsSpellsThemOut() {
        // "logging" alone would favour SigninLogs; "cloudtrail" is two words of AWSCloudTrail's name run together.
        assertThat(shortlist.rank("cloudtrail logging being stopped", 1)).containsExactly("AWSCloudTrail");
        assertThat(shortlist.rank("failures in signinlogs for one user", 1)).containsExactly("SigninLogs");
    }

    @Test
    void stillFindsATableWhoseNameTheQuestionSpellsOut() {
        assertThat(shortlist.rank("device events with action type usb drive mounted", 1))
                .containsExactly("DeviceEvents");
        assertThat(shortlist.rank("Windows Event log entries with event ID 7045 on computer SRV1", 1))
                .containsExactly("Event");
        assertThat(shortlist.rank("sign-ins from one IP address in SigninLogs", 1)).containsExactly("SigninLogs");
    }
}
