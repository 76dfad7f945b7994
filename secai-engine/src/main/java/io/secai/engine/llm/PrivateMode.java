package io.secai.engine.llm;

import io.secai.api.ModelProfile;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code llm.local-only}: prompts, and the logs inside them, go only to a model on this machine or on a host the
 * user allowed by name ({@code llm.allowed-hosts}). Host names are compared as written, never resolved, so that DNS
 * cannot turn an allowed name into another address.
 */
final class PrivateMode {

    private final boolean on;
    private final List<String> allowedHosts;

    PrivateMode(boolean on, List<String> allowedHosts) {
        this.on = on;
        this.allowedHosts = allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
    }

    boolean on() {
        return on;
    }

    /**
     * @param profile a model profile
     * @return why private mode refuses it, or empty when it may be called
     */
    Optional<String> refusal(ModelProfile profile) {
        if (!on) {
            return Optional.empty();
        }
        String endpoint = profile.endpoint().orElse(profile.provider().equals(LlmSettings.AZURE_OPENAI)
                ? "" : "https://api.openai.com/v1");
        String host;
        try {
            host = Optional.ofNullable(new URI(endpoint).getHost()).orElse("").toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            host = "";
        }
        if (!host.isEmpty() && (isLoopback(host) || allowedHosts.contains(host))) {
            return Optional.empty();
        }
        return Optional.of("Private mode (llm.local-only) refuses the model profile \"" + profile.name() + "\" at "
                + (endpoint.isEmpty() ? "(no endpoint)" : endpoint) + ": it is not on this machine. Point it at a "
                + "loopback address (127.0.0.1, ::1, localhost) or add its host to llm.allowed-hosts.");
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
