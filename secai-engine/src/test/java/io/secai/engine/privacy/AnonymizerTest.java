package io.secai.engine.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class AnonymizerTest {

    private static final String ENTITIES = "[{\"$id\": \"2\", \"Name\": \"amelia.ross\", \"UPNSuffix\": \"contoso.com\", "
            + "\"DisplayName\": \"Amelia Ross\", \"Type\": \"account\"}, {\"$id\": \"3\", \"Address\": "
            + "\"185.220.101.69\", \"Location\": {\"City\": \"Amsterdam\"}, \"Type\": \"ip\"}, {\"$id\": \"4\", "
            + "\"HostName\": \"DC01\", \"DnsDomain\": \"corp.contoso.com\", \"Type\": \"host\"}, {\"$id\": \"5\", "
            + "\"Name\": \"svc-backup\", \"UPNSuffix\": \"contoso.com\", \"Type\": \"account\"}, "
            + "{\"Name\": \"payload.ps1\", \"Type\": \"file\"}]";

    private final TokenVault vault = new TokenVault(1_000, 256);
    private final Anonymizer anonymizer = new Anonymizer(FieldPolicy.defaults(), vault);

    @Test
    void aCsvTableHasItsEntityColumnsTokenizedAndTheAnswerTurnedBack() {
        String context = "TimeGenerated,UserPrincipalName,AppDisplayName,IPAddress\n"
                + "2026-11-27T09:18:00Z,amelia.ross@contoso.com,Microsoft Teams,81.139.91.97\n"
                + "2026-11-27T09:19:00Z,AMELIA.ROSS@contoso.com,Office 365,2001:db8::7\n";
        MaskReport report = new MaskReport();

        String masked = anonymizer.mask(context, report);

        assertThat(masked).doesNotContain("amelia.ross", "AMELIA.ROSS", "81.139.91.97", "2001:db8::7")
                .contains("USER_1@contoso.com", "IP_1", "IP_2", "Microsoft Teams", "2026-11-27T09:18:00Z");
        assertThat(report.anonymizedFields()).containsExactly("UserPrincipalName", "IPAddress");
        assertThat(anonymizer.reveal("where UserPrincipalName == \"USER_1@contoso.com\" or IPAddress == \"IP_2\""))
                .isEqualTo("where UserPrincipalName == \"amelia.ross@contoso.com\" or IPAddress == \"2001:db8::7\"");
    }

    @Test
    void nestedJsonInACellIsMaskedByEntityTypeAndItsValuesAreFoundInFreeTextEvenBeforeIt() {
        String csv = "Description,Entities\n"
                + "\"The service account svc-backup signed in, then Amelia Ross was seen on DC01.\","
                + "\"" + ENTITIES.replace("\"", "\"\"") + "\"\n";
        MaskReport report = new MaskReport();

        String masked = anonymizer.mask(csv, report);

        assertThat(masked).doesNotContainIgnoringCase("amelia").doesNotContain("svc-backup", "185.220.101.69", "DC01")
                .contains("payload.ps1", "corp.contoso.com", "Amsterdam", "contoso.com");
        assertThat(report.anonymizedFields()).contains("Entities/account.Name", "Entities/ip.Address",
                "Entities/host.HostName", "Entities/account.DisplayName");
        String description = masked.lines().skip(1).findFirst().orElseThrow();
        assertThat(description).startsWith("\"The service account USER_3 signed in, then USER_2 was seen on HOST_1.\"");
        assertThat(anonymizer.reveal(masked)).contains("svc-backup", "Amelia Ross", "DC01", "185.220.101.69");
    }

    @Test
    void theSameValueInTwoFieldsGetsOneTokenAndAnAllowedFieldStaysClearWhateverTheOtherFieldSays() {
        Anonymizer custom = new Anonymizer(FieldPolicy.of(List.of("Owner=allow"), true), vault);
        String table = "| UserPrincipalName | Owner | Account |\n|---|---|---|\n"
                + "| dev.patel@contoso.com | dev.patel@contoso.com | dev.patel@contoso.com |\n";

        String masked = custom.mask(table, new MaskReport());

        assertThat(masked).contains("| USER_1@contoso.com | dev.patel@contoso.com | USER_1@contoso.com |");
    }

    @Test
    void aDeniedFieldIsRemovedFromCsvMarkdownJsonAndFieldLinesAndItsValueMaskedElsewhere() {
        Anonymizer custom = new Anonymizer(FieldPolicy.of(List.of("CommandLine=deny"), true), vault);
        String text = "Process,CommandLine\npowershell.exe,\"-enc SECRETPAYLOAD1\"\n\n"
                + "| Process | CommandLine |\n|---|---|\n| cmd.exe | whoami /all /secretflag |\n\n"
                + "{\"Process\": \"a.exe\", \"CommandLine\": \"run --key LEAKY-ARG\"}\n"
                + "CommandLine: net user hidden /add\n"
                + "Someone ran -enc SECRETPAYLOAD1 again.";
        MaskReport report = new MaskReport();

        String masked = custom.mask(text, report);

        assertThat(masked).doesNotContain("SECRETPAYLOAD1", "secretflag", "LEAKY-ARG", "hidden /add", "CommandLine")
                .contains("powershell.exe", "cmd.exe", "a.exe", "Someone ran");
        assertThat(report.removedFields()).contains("CommandLine");
    }

    @Test
    void fieldsInsideALineSuchAsADigestsKeyValuesEachGetTheirPolicyAndListsTheirItemsTokenized() {
        Anonymizer custom = new Anonymizer(FieldPolicy.of(List.of("CommandLine=deny"), true), vault);
        String digest = "[r3] 46 rows; columns: TimeGenerated, UserPrincipalName:string, IPAddress\n"
                + "Key values: UserPrincipalName: amelia.ross@contoso.com, svc-backup@contoso.com (+1 more); "
                + "CommandLine: whoami /priv; AppDisplayName: Microsoft Teams, Azure Portal; IPAddress: 81.2.3.4";

        String masked = custom.mask(digest, new MaskReport());

        assertThat(masked).isEqualTo("[r3] 46 rows; columns: TimeGenerated, UserPrincipalName:string, IPAddress\n"
                + "Key values: UserPrincipalName: USER_1@contoso.com, USER_2@contoso.com (+1 more); "
                + "AppDisplayName: Microsoft Teams, Azure Portal; IPAddress: IP_1");
    }

    @Test
    void freeTextDetectorsFindUpnsMailIpsDomainAccountsAndInternalHosts() {
        String text = "Alert: bob.smith@fabrikam.com mailed eve@evil.example from 10.1.2.3 and fe80::1ff:fe23:4567:890a; "
                + "CONTOSO\\jdoe logged on to ws-042.corp.local at 09:18:00 (build 10.0.19041).";

        String masked = anonymizer.mask(text, new MaskReport());

        assertThat(masked).doesNotContain("bob.smith", "eve@", "10.1.2.3", "fe80", "jdoe", "ws-042")
                .contains("@fabrikam.com", "@evil.example", "CONTOSO\\USER_", "HOST_1.corp.local", "09:18:00",
                        "10.0.19041");
        assertThat(anonymizer.reveal(masked)).isEqualTo(text);
    }

    @Test
    void textThatLooksLikeATokenIsMaskedItselfSoItCannotBeTurnedIntoSomeoneElse() {
        anonymizer.mask("UserPrincipalName: real.user@contoso.com", new MaskReport());
        String hostile = "Note from the attacker: the culprit is USER_1, not me.";

        String masked = anonymizer.mask(hostile, new MaskReport());

        assertThat(masked).doesNotContain("USER_1,").contains("VALUE_1");
        assertThat(anonymizer.reveal(masked)).isEqualTo(hostile);
        assertThat(anonymizer.reveal("USER_1 and USER_99")).isEqualTo("real.user and USER_99");
    }

    @Test
    void manyDistinctValuesStopAtTheCapAndAreRemovedNotSent() {
        Anonymizer small = new Anonymizer(FieldPolicy.defaults(), new TokenVault(50, 256));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("10.").append(i / 65536).append('.').append((i / 256) % 256).append('.').append(i % 256)
                    .append(' ');
        }
        MaskReport report = new MaskReport();
        long started = System.nanoTime();

        String masked = small.mask(text.toString(), report);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(small.maskedValues()).isEqualTo(50);
        assertThat(masked).doesNotContain("10.0.").contains("IP_50", ValueMasker.REMOVED).doesNotContain("IP_51");
        assertThat(report.describe()).contains("privacy.max-values");
    }

    @Test
    void veryLongAndHostileTextIsMaskedInBoundedTime() {
        String braces = "{\"a\": [".repeat(50_000);
        String unclosed = "[{\"Name\": \"x\", ".repeat(20_000);
        String nearMisses = "a@".repeat(100_000) + "1.2.3.".repeat(50_000) + "::".repeat(50_000)
                + "AAAA\\".repeat(50_000);
        String deep = "[".repeat(900) + "\"amelia.ross@contoso.com\"" + "]".repeat(900);
        for (String hostile : List.of(braces, unclosed, nearMisses, deep)) {
            long started = System.nanoTime();
            String masked = anonymizer.mask(hostile, new MaskReport());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%.40s", hostile)
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(masked).doesNotContain("amelia.ross");
        }
    }

    @Test
    void aTokenSplitAcrossStreamedPiecesIsStillTurnedBack() {
        anonymizer.mask("UserPrincipalName: dev.patel@contoso.com", new MaskReport());
        StringBuilder shown = new StringBuilder();
        StreamRevealer pieces = new StreamRevealer(anonymizer, shown::append);

        for (String piece : List.of("Check US", "ER", "_", "1@contoso.com and USER_1", "2 please. DONE")) {
            pieces.accept(piece);
        }
        pieces.finish();

        assertThat(shown.toString()).isEqualTo("Check dev.patel@contoso.com and USER_12 please. DONE");
    }

    @Test
    void aRuleThatCannotBeReadIsNamedInTheError() {
        assertThatThrownBy(() -> FieldPolicy.of(List.of("UserPrincipalName=hide"), true))
                .hasMessageContaining("UserPrincipalName=hide").hasMessageContaining("allow, anonymize");
        assertThatThrownBy(() -> FieldPolicy.of(List.of("IPAddress=anonymize:phone"), true))
                .hasMessageContaining("phone");
    }

    @Test
    void theSameValueGetsTheSameTokenAcrossRequestsOfTheSession() {
        String first = anonymizer.mask("IPAddress: 185.220.102.36", new MaskReport());
        String second = anonymizer.mask("{\"Address\": \"185.220.102.36\", \"Type\": \"ip\"}", new MaskReport());

        Matcher token = TokenVault.TOKEN.matcher(first);
        assertThat(token.find()).isTrue();
        assertThat(second).contains(token.group());
    }
}
