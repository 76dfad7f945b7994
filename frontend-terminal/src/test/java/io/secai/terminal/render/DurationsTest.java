package io.secai.terminal.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void timeRangesReadAsWords() {
        assertThat(Durations.words(Duration.ofHours(720))).isEqualTo("30 days");
        assertThat(Durations.words(Duration.ofHours(24))).isEqualTo("1 day");
        assertThat(Durations.words(Duration.ofHours(36))).isEqualTo("1 day 12 hours");
        assertThat(Durations.words(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(Durations.words(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Durations.words(Duration.ZERO)).isEqualTo("0 seconds");
    }

    @Test
    void isoTextIsTranslatedAndAnythingElseKept() {
        assertThat(Durations.wordsOrAsIs("PT720H")).isEqualTo("30 days");
        assertThat(Durations.wordsOrAsIs("P1D")).isEqualTo("1 day");
        assertThat(Durations.wordsOrAsIs("last week")).isEqualTo("last week");
    }

    @Test
    void pluralsAgreeWithTheCount() {
        assertThat(Plural.of(1, "prompt")).isEqualTo("1 prompt");
        assertThat(Plural.of(0, "row")).isEqualTo("0 rows");
        assertThat(Plural.of(2, "row")).isEqualTo("2 rows");
    }
}
