package io.secai.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiVersionTest {

    @Test
    void aPluginBuiltForThisOrAnOlderMinorVersionIsCompatible() {
        assertThat(ApiVersion.isCompatible(ApiVersion.CURRENT)).isTrue();
        assertThat(ApiVersion.isCompatible(ApiVersion.MAJOR + ".0")).isTrue();
    }

    @Test
    void anotherMajorANewerMinorOrGarbageIsNot() {
        assertThat(ApiVersion.isCompatible((ApiVersion.MAJOR + 1) + ".0")).isFalse();
        assertThat(ApiVersion.isCompatible(ApiVersion.MAJOR + "." + (ApiVersion.MINOR + 1))).isFalse();
        assertThat(ApiVersion.isCompatible("1")).isFalse();
        assertThat(ApiVersion.isCompatible("one.zero")).isFalse();
        assertThat(ApiVersion.isCompatible(null)).isFalse();
    }
}
