package io.secai.plugin.fetchurl.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the fetcher behaves.
 *
 * @param allowHosts hosts an operator allows although they are internal, {@code HOST} or {@code HOST:PORT} as
 *     {@link AllowList} reads them
 * @param connectTo routing rules
 * @param maxBytes the largest body read, after decompression
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the next bytes
 * @param totalTimeout how long one fetch with its redirects may take, so a trickling body cannot hold a task
 * @param maxRedirects how many redirects are followed
 * @param userAgent the {@code User-Agent} header
 */
public record FetchOptions(
        Set<String> allowHosts,
        List<ConnectToRule> connectTo,
        long maxBytes,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        int maxRedirects,
        String userAgent) {

    /** The defaults of {@code reference.conf}. */
    public static final FetchOptions DEFAULTS = new FetchOptions(Set.of(), List.of(), 5L * 1024 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(60), 5,
            "SecAI-FetchURL/0.1 (security assistant; reads pages an analyst named)");

    public FetchOptions {
        allowHosts = Objects.requireNonNull(allowHosts, "allowHosts").stream()
                .map(host -> stripBrackets(host.trim().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        AllowList.parse(allowHosts);
        connectTo = List.copyOf(connectTo);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("max-bytes must be positive");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("max-redirects must not be negative");
        }
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** @param hosts the allow-list @return a copy with it */
    public FetchOptions withAllowHosts(Set<String> hosts) {
        return new FetchOptions(hosts, connectTo, maxBytes, connectTimeout, readTimeout, totalTimeout, maxRedirects,
                userAgent);
    }

    /** @param rules the routing rules @return a copy with them */
    public FetchOptions withConnectTo(List<ConnectToRule> rules) {
        return new FetchOptions(allowHosts, rules, maxBytes, connectTimeout, readTimeout, totalTimeout, maxRedirects,
                userAgent);
    }

    /** @param bytes the size cap @return a copy with it */
    public FetchOptions withMaxBytes(long bytes) {
        return new FetchOptions(allowHosts, connectTo, bytes, connectTimeout, readTimeout, totalTimeout, maxRedirects,
                userAgent);
    }

    /** @param read the read timeout @param total the whole-fetch timeout @return a copy with them */
    public FetchOptions withTimeouts(Duration read, Duration total) {
        return new FetchOptions(allowHosts, connectTo, maxBytes, connectTimeout, read, total, maxRedirects,
                userAgent);
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
