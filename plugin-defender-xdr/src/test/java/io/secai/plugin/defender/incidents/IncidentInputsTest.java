package io.secai.plugin.defender.incidents;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ResultTable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Planner inputs and evidence documents are untrusted: hostile values are refused or quoted, never obeyed. */
class IncidentInputsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void durationsDatesAndWordsBecomeOneFilter() {
        IncidentFilter filter = IncidentFilter.from(Map.of("status", "in progress", "severity", "HIGH", "since",
                "24h", "assigned-to", "o'brien@contoso.com"), clock);
        assertThat(filter.odata()).hasValue("status eq 'inProgress' and severity eq 'high' and createdDateTime ge"
                + " 2026-12-04T00:00:00Z and assignedTo eq 'o''brien@contoso.com'");
        assertThat(IncidentFilter.from(Map.of("status", "new", "severity", "any"), clock).odata())
                .hasValue("status eq 'active'");
        assertThat(IncidentFilter.from(Map.of("since", "P30D"), clock).odata())
                .hasValue("createdDateTime ge 2026-11-05T00:00:00Z");
        assertThat(IncidentFilter.from(Map.of(), clock).odata()).isEmpty();
    }

    @Test
    void hostileValuesAreRefusedWithWhatIsAccepted() {
        assertThatThrownBy(() -> IncidentFilter.from(Map.of("severity", "high') or (1 eq 1"), clock))
                .hasMessageContaining("informational, low, medium, high");
        assertThatThrownBy(() -> IncidentFilter.from(Map.of("since", "yesterday; drop"), clock))
                .hasMessageContaining("neither a duration");
        assertThatThrownBy(() -> IncidentFilter.from(Map.of("assigned-to", "a\u0000b"), clock))
                .hasMessageContaining("user principal name");
        assertThatThrownBy(() -> IncidentFilter.from(Map.of("assigned-to", "x".repeat(300)), clock))
                .hasMessageContaining("user principal name");
    }

    @Test
    void unknownOrMalformedEvidenceStillGivesARow() throws Exception {
        ObjectMapper json = new ObjectMapper();
        EvidenceTable.Evidence evidence = EvidenceTable.of(List.of(json.readTree("""
                {"id":"a1","evidence":[
                  {"@odata.type":"#microsoft.graph.security.cloudApplicationEvidence","displayName":"Contoso app"},
                  {"@odata.type":"#microsoft.graph.security.userEvidence","userAccount":null},
                  {"@odata.type":42,"userAccount":{"userPrincipalName":["not","text"]}},
                  {}]}""")));
        ResultTable table = evidence.table();
        int type = table.columnIndex("EvidenceType");
        assertThat(table.rows()).extracting(row -> row.get(type)).containsExactly("cloudApplication", "user",
                "unknown", "unknown");
        assertThat(table.rows().get(0).get(table.columnIndex("Entity"))).isEqualTo("Contoso app");
        assertThat(evidence.users()).isEmpty();
    }
}
