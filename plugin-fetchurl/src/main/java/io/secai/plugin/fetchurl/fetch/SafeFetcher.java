package io.secai.plugin.fetchurl.fetch;

import io.secai.api.ServiceException;
import io.secai.plugin.fetchurl.extract.HtmlCharset;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Downloads public web pages without letting a URL reach the machine it runs on or its networks.
 *
 * <p>For every hop the host is resolved once, every address is checked, and the HTTP client is given exactly those
 * addresses through its DNS hook and a socket factory that refuses any other ({@link HopPinning}), so a name cannot
 * resolve to a public address for the check and a private one for the connection. Redirects are followed here, each
 * target checked again. Thread-safe.
 */
public final class SafeFetcher implements AutoCloseable {

    /** The service name in error messages. */
    public static final String SERVICE = "Web page fetch";

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final FetchOptions options;
    private final HopPinning pinning;
    private final SSLSocketFactory sslSocketFactory;
    private final X509TrustManager trustManager;
    // Built on the first fetch, not at the plugin's start: OkHttp and the Kotlin runtime under it are ~150 classes
    // that every SecAI start loaded for sessions that read no page. Guarded by this.
    private OkHttpClient base;

    /**
     * A fetcher that trusts the JVM's certificate authorities.
     *
     * @param options limits, allow-list and routing
     * @param resolver the name resolver
     */
    public SafeFetcher(FetchOptions options, HostResolver resolver) {
        this(options, resolver, null, null);
    }

    /**
     * @param options limits, allow-list and routing
     * @param resolver the name resolver
     * @param sslSocketFactory TLS sockets trusting {@code trustManager}, or null for the JVM's defaults
     * @param trustManager the certificate authorities to trust, or null for the JVM's defaults
     */
    public SafeFetcher(FetchOptions options, HostResolver resolver, SSLSocketFactory sslSocketFactory,
                       X509TrustManager trustManager) {
        this.options = options;
        this.pinning = new HopPinning(resolver, new AddressPolicy(), AllowList.parse(options.allowHosts()),
                options.connectTo());
        this.sslSocketFactory = sslSocketFactory;
        this.trustManager = trustManager;
    }

    private synchronized OkHttpClient base() {
        if (base == null) {
            OkHttpClient.Builder builder = new OkHttpClient.Builder()
                    .proxy(Proxy.NO_PROXY)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .retryOnConnectionFailure(false)
                    .connectionPool(new ConnectionPool(2, 30, TimeUnit.SECONDS))
                    .connectTimeout(options.connectTimeout())
                    .readTimeout(options.readTimeout())
                    .callTimeout(options.totalTimeout());
            if (sslSocketFactory != null && trustManager != null) {
                builder.sslSocketFactory(sslSocketFactory, trustManager);
            }
            base = builder.build();
        }
        return base;
    }

    /**
     * Downloads a page, following redirects.
     *
     * @param url an absolute http or https URL
     * @return the page
     * @throws ServiceException saying why the URL was refused or could not be read
     */
    public FetchedPage fetch(String url) {
        return execute(url, null, "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.9,"
                + "application/json;q=0.8,text/*;q=0.7");
    }

    /**
     * Sends an API request (an API skill's), with the same address checks, size cap and time limits as a page.
     * Redirects are followed only within the request's own origin: its headers may carry keys, which must never
     * reach another host.
     *
     * @param call the request
     * @return the answer, whatever its type (the caller checks it is JSON)
     * @throws ServiceException saying why the request was refused or failed
     */
    public FetchedPage send(ApiCall call) {
        return execute(call.url(), call, "application/json");
    }

    private FetchedPage execute(String url, ApiCall call, String accept) {
        HttpUrl current = HttpUrl.parse(url.trim());
        if (current == null) {
            throw rejected(shorten(url) + " is not an http or https URL");
        }
        List<String> redirects = new ArrayList<>();
        long deadline = System.nanoTime() + options.totalTimeout().toNanos();
        while (true) {
            HopPinning.Hop hop = pinning.check(current);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ServiceException(SERVICE, ServiceException.Kind.TIMEOUT,
                        "reading " + shorten(url) + " took longer than " + options.totalTimeout().toSeconds() + " s");
            }
            OkHttpClient client = base().newBuilder()
                    .dns(hop.dns())
                    .socketFactory(hop.socketFactory())
                    .callTimeout(remaining, TimeUnit.NANOSECONDS)
                    .build();
            Request.Builder request = new Request.Builder().url(current).get()
                    .header("User-Agent", options.userAgent())
                    .header("Accept", accept);
            if (call != null) {
                call.headers().forEach(request::header);
                if (call.method().equals("POST")) {
                    request.post(RequestBody.create(call.jsonBody().orElse("{}"),
                            MediaType.get("application/json; charset=utf-8")));
                }
            }
            try (Response response = client.newCall(request.build()).execute()) {
                if (REDIRECTS.contains(response.code())) {
                    HttpUrl next = nextHop(current, response, redirects);
                    if (call != null && !sameOrigin(current, next)) {
                        throw rejected(shorten(current) + " redirected to " + next.host() + "; an API skill's "
                                + "request, which may carry keys, is only sent to its own host");
                    }
                    current = next;
                    continue;
                }
                if (response.code() == 429) {
                    String retry = response.header("Retry-After");
                    throw new ServiceException(SERVICE, ServiceException.Kind.THROTTLED, shorten(current)
                            + " answered HTTP 429 (too many requests" + (retry != null && retry.matches("\\d{1,6}")
                            ? "; it asks to wait " + retry + " s" : "") + "); try again later");
                }
                if (!response.isSuccessful()) {
                    throw new ServiceException(SERVICE, response.code() >= 500 ? ServiceException.Kind.FAILED
                            : ServiceException.Kind.REJECTED, shorten(current) + " answered HTTP " + response.code()
                            + (response.message().isBlank() ? "" : " " + response.message()));
                }
                return read(url, current, response, redirects);
            } catch (AddressRefusedException e) {
                throw rejected("refused " + shorten(current) + ": " + e.getMessage());
            } catch (SocketTimeoutException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.TIMEOUT, current.host()
                        + " did not answer within the time limit (connect "
                        + options.connectTimeout().toSeconds() + " s, read " + options.readTimeout().toSeconds()
                        + " s)", e);
            } catch (InterruptedIOException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.TIMEOUT, "reading " + shorten(current)
                        + " took longer than " + options.totalTimeout().toSeconds() + " s", e);
            } catch (UnknownHostException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                        "could not resolve " + current.host(), e);
            } catch (ConnectException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                        "could not connect to " + current.host() + ":" + current.port(), e);
            } catch (SSLException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.FAILED,
                        "the secure connection to " + current.host() + " failed: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.FAILED,
                        "reading " + shorten(current) + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private HttpUrl nextHop(HttpUrl current, Response response, List<String> redirects) {
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            throw new ServiceException(SERVICE, ServiceException.Kind.FAILED,
                    shorten(current) + " redirected (HTTP " + response.code() + ") without saying where");
        }
        HttpUrl next = current.resolve(location.trim());
        if (next == null) {
            throw rejected(shorten(current) + " redirected to \"" + shorten(location)
                    + "\", which is not an http or https URL");
        }
        redirects.add(current.toString());
        if (redirects.size() > options.maxRedirects()) {
            throw rejected(shorten(redirects.get(0)) + " redirected more than " + options.maxRedirects() + " times");
        }
        return next;
    }

    private FetchedPage read(String requested, HttpUrl url, Response response, List<String> redirects)
            throws IOException {
        ResponseBody body = response.body();
        MediaType mediaType = body == null ? null : body.contentType();
        String media = mediaType == null ? "" : (mediaType.type() + "/" + mediaType.subtype()).toLowerCase(Locale.ROOT);
        FetchedPage.Kind kind = kindOf(media)
                .orElseThrow(() -> rejected(shorten(url) + " is " + (media.isEmpty() ? "of no declared type"
                        : "of type " + media) + "; only HTML, PDF, text (Markdown, YAML, code) and JSON are read"));
        long declared = body.contentLength();
        if (declared > options.maxBytes()) {
            throw rejected(shorten(url) + " is " + declared + " bytes, more than the limit of "
                    + options.maxBytes() + " bytes (plugins.fetchurl.max-bytes)");
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > options.maxBytes()) {
                throw rejected(shorten(url) + " is larger than the limit of " + options.maxBytes()
                        + " bytes (plugins.fetchurl.max-bytes)");
            }
        }
        if (kind == FetchedPage.Kind.PDF) {
            return new FetchedPage(requested, url.toString(), kind, media, "", buffer.readByteArray(), redirects);
        }
        String text = HtmlCharset.decode(buffer.readByteArray(), charset(mediaType),
                kind == FetchedPage.Kind.HTML);
        return new FetchedPage(requested, url.toString(), kind, media, text, redirects);
    }

    private static Charset charset(MediaType mediaType) {
        try {
            return mediaType == null ? null : mediaType.charset(null);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static Optional<FetchedPage.Kind> kindOf(String media) {
        if (media.equals("text/html") || media.equals("application/xhtml+xml")) {
            return Optional.of(FetchedPage.Kind.HTML);
        }
        if (media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))) {
            return Optional.of(FetchedPage.Kind.JSON);
        }
        if (media.equals("application/pdf")) {
            return Optional.of(FetchedPage.Kind.PDF);
        }
        // Raw files from code hosts come as text/plain whatever they hold; Markdown, YAML and CSV as text/* too.
        if (media.startsWith("text/") || media.equals("application/yaml") || media.equals("application/x-yaml")) {
            return Optional.of(FetchedPage.Kind.TEXT);
        }
        return Optional.empty();
    }

    /**
     * How every message shows an address: user info and fragment dropped, a query string shortened to
     * {@code ?…}, since queries carry tokens and session ids and are rarely what tells the reader which page it was.
     *
     * @param url an address as written, possibly malformed
     * @return the address to show
     */
    public static String shorten(String url) {
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed != null) {
            return shorten(parsed);
        }
        String text = url.trim();
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String shown = text.substring(0, cut) + (text.indexOf('?') >= 0 && text.indexOf('?') == cut ? "?\u2026" : "");
        int scheme = shown.indexOf("://");
        int at = shown.indexOf('@', Math.max(0, scheme));
        int slash = shown.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            shown = shown.substring(0, scheme + 3) + shown.substring(at + 1);
        }
        return shown.length() > 200 ? shown.substring(0, 200) + "\u2026" : shown;
    }

    static String shorten(HttpUrl url) {
        String base = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
        return url.encodedQuery() == null ? base : base + "?\u2026";
    }

    static ServiceException rejected(String message) {
        return new ServiceException(SERVICE, ServiceException.Kind.REJECTED, message);
    }

    @Override
    public synchronized void close() {
        if (base != null) {
            base.dispatcher().executorService().shutdown();
            base.connectionPool().evictAll();
        }
    }
}
