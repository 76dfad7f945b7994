package io.secai.testkit.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every spelling in which a secret can leave a program, computed with the JDK's and Jackson's own encoders: for
 * tests that scan output and files for a leaked secret. A scan that looks for the literal value alone misses a
 * secret that an SDK logged URL-encoded or a plugin wrote Base64-encoded.
 *
 * <pre>{@code
 * SecretEncodings.of(secret).forEach((form, text) -> assertThat(output).as(form).doesNotContain(text));
 * }</pre>
 */
public final class SecretEncodings {

    /** Base64 fragments shorter than this are not looked for: ordinary text contains them by chance. */
    public static final int MIN_FRAGMENT = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretEncodings() {
    }

    /**
     * @param secret the secret
     * @return form name → the secret in that form, each distinct spelling once
     */
    public static Map<String, String> of(String secret) {
        Objects.requireNonNull(secret, "secret");
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("literal", secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.put("url-encoded (form, %7E)", form);
        forms.put("url-encoded (~ kept)", form.replace("%7E", "~"));
        forms.put("url-encoded (%20 for space)", form.replace("+", "%20"));
        forms.put("url-encoded (lower-case hex)", lowerHex(form));
        forms.put("url-encoded twice", URLEncoder.encode(form, StandardCharsets.UTF_8));
        forms.put("json-escaped", jsonBody(secret));
        forms.put("json-escaped (slashes escaped)", jsonBody(secret).replace("/", "\\/"));
        forms.put("json-escaped (\\u for all but letters and digits)", unicodeEscaped(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Base64.Encoder> alphabet : Map.of("base64", Base64.getEncoder(),
                "base64url", Base64.getUrlEncoder()).entrySet()) {
            forms.put(alphabet.getKey(), alphabet.getValue().encodeToString(bytes));
            for (int offset = 0; offset < 3; offset++) {
                String fragment = stableFragment(bytes, offset, alphabet.getValue());
                if (fragment.length() >= MIN_FRAGMENT) {
                    forms.put(alphabet.getKey() + " inside a longer text, byte offset " + offset, fragment);
                }
            }
        }
        return dedupe(forms);
    }

    /**
     * The forms in which a secret must never appear in some output.
     *
     * @param output what a program wrote
     * @param secrets the secrets
     * @return one line per secret form found (naming the form, never the secret); empty when none leaked
     */
    public static List<String> leaks(String output, Iterable<String> secrets) {
        List<String> found = new ArrayList<>();
        int index = 0;
        for (String secret : secrets) {
            for (Map.Entry<String, String> form : of(secret).entrySet()) {
                if (output.contains(form.getValue())) {
                    found.add("secret #" + index + " as " + form.getKey());
                }
            }
            index++;
        }
        return found;
    }

    /** Base64 characters that encode only the secret's bits when it starts {@code offset} bytes into the text. */
    private static String stableFragment(byte[] secret, int offset, Base64.Encoder encoder) {
        byte[] text = new byte[offset + secret.length + 2];
        for (int i = 0; i < offset; i++) {
            text[i] = (byte) 'u';
        }
        System.arraycopy(secret, 0, text, offset, secret.length);
        text[text.length - 2] = (byte) '@';
        text[text.length - 1] = (byte) '!';
        String encoded = encoder.encodeToString(text);
        int from = (8 * offset + 5) / 6;
        int to = 8 * (offset + secret.length) / 6;
        return to > from ? encoded.substring(from, to) : "";
    }

    private static String jsonBody(String secret) {
        try {
            String quoted = JSON.writeValueAsString(secret);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unicodeEscaped(String secret) {
        StringBuilder escaped = new StringBuilder();
        for (char c : secret.toCharArray()) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                escaped.append(c);
            } else {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return escaped.toString();
    }

    private static String lowerHex(String encoded) {
        StringBuilder lower = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                lower.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                lower.append(c);
            }
        }
        return lower.toString();
    }

    private static Map<String, String> dedupe(Map<String, String> forms) {
        Map<String, String> distinct = new LinkedHashMap<>();
        forms.forEach((name, text) -> {
            if (!text.isEmpty() && !distinct.containsValue(text)) {
                distinct.put(name, text);
            }
        });
        return distinct;
    }
}
