package io.secai.plugin.rules.validate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttackMatrixTest {

    @Test
    void theBundledMapCoversTheEnterpriseMatrixWithSentinelsTacticNames() {
        AttackMatrix matrix = AttackMatrix.bundled();
        assertThat(matrix.size()).isGreaterThan(190);
        assertThat(matrix.technique("T1078").orElseThrow().tactics())
                .containsExactlyInAnyOrder("DefenseEvasion", "Persistence", "PrivilegeEscalation", "InitialAccess");
        assertThat(matrix.technique("T1566.001").orElseThrow().name()).isEqualTo("Phishing");
        assertThat(matrix.technique("T0000")).isEmpty();
        assertThat(matrix.technique("t1078")).isEmpty();
    }

    @Test
    void aLineWithATacticSentinelDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> AttackMatrix.parse(List.of("T1001 Command-And-Control Data Obfuscation")))
                .hasMessageContaining("Unknown tactic");
        assertThatThrownBy(() -> AttackMatrix.parse(List.of("X1 Impact Nothing")))
                .hasMessageContaining("Unreadable line");
    }
}
