package io.secai.plugin.llm.openai;

import io.secai.api.SecAiException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks a base address: {@code https://} anywhere, plain {@code http://} only to this machine. */
final class Endpoints {

    /** The OpenAI API, when a profile names no endpoint. */
    static final String OPENAI_API = "https://api.openai.com/v1";

    private Endpoints() {
    }

    /**
     * @param endpoint the configured base address
     * @param profile the profile's name, for the message
     * @return the address without a trailing slash
     * @throws SecAiException when it is not an http(s) address, or is plain http to a host that is not loopback
     */
    static String checked(String endpoint, String profile) {
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new SecAiException(where(profile) + " \"" + endpoint + "\" is not an address such as "
                    + "http://127.0.0.1:11434/v1.", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new SecAiException(where(profile) + " \"" + endpoint + "\" is not an http(s) address such as "
                    + "http://127.0.0.1:11434/v1.");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new SecAiException(where(profile) + " uses plain http:// to " + uri.getHost()
                    + ", which would send prompts and the API key unencrypted over the network: use https://, "
                    + "or http:// only to 127.0.0.1, ::1 or localhost.");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Whether a host is this machine, without asking DNS: {@code localhost} and literal loopback addresses only, so
     * that a name that resolves to 127.0.0.1 today cannot point elsewhere tomorrow.
     *
     * @param host a host name or address literal
     * @return true for loopback
     */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String where(String profile) {
        return profile.equals("default") ? "llm.endpoint" : "llm.models." + profile + ".endpoint";
    }
}
