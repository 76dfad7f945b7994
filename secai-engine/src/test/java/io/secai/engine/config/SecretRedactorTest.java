package io.secai.engine.config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    @Test
    void longerSecretsAreMaskedWholeEvenWhenTheyContainShorterOnes() {
        SecretRedactor redactor = new SecretRedactor(List.of("abcd", "abcd-efgh"));

        assertThat(redactor.redact("token abcd-efgh and abcd")).isEqualTo("token *** and ***");
    }

    @Test
    void blankSecretsAndNullTextChangeNothing() {
        SecretRedactor redactor = new SecretRedactor(Arrays.asList("", "  ", null));

        assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.toString()).isEqualTo("SecretRedactor[0 secrets]");
    }
}
