package io.secai.kql.skill;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL of an API skill: a fixed {@code https} origin (scheme, host, port as the file writes them) and a path and
 * query whose parts may hold {@code {{Name}}} placeholders.
 *
 * <p>A placeholder may stand in a path segment or a query value, never in the scheme, host, port, user info, a
 * query name or a fragment, so no input can send the request (and the keys in its headers) anywhere else. A value
 * is percent-encoded byte by byte (UTF-8) with only {@code A-Z a-z 0-9 - . _ ~} left as they are: {@code /},
 * {@code ?}, {@code #}, {@code @}, {@code %}, line breaks and every non-ASCII character become {@code %XX}, so a
 * value stays inside its segment or value. A segment that would read as {@code .} or {@code ..} is refused, since
 * clients and servers fold those into the parent path.
 */
public final class ApiUrlTemplate {

    /** Characters a path segment may hold as written in the file ({@code pchar} of RFC 3986). */
    private static final Pattern SEGMENT_TEXT = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*");
    /** Characters a query name or a written value may hold; {@code &}, {@code =} and {@code #} separate. */
    private static final Pattern QUERY_TEXT = Pattern.compile("[A-Za-z0-9\\-._~!$'()*+,;:@%/?]*");
    private static final Pattern AUTHORITY = Pattern.compile("([a-z0-9](?:[a-z0-9-]{0,62})(?:\\.[a-z0-9-]{1,63})*)"
            + "(?::(\\d{1,5}))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]{0,63})\\s*}}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A literal piece of text or a placeholder. */
    private record Piece(String text, boolean placeholder) {
    }

    /** One query parameter: a fixed name, a value of pieces. */
    private record Parameter(String name, List<Piece> value) {
    }

    private final String origin;
    private final String host;
    private final List<List<Piece>> segments;
    private final List<Parameter> query;
    private final String written;

    private ApiUrlTemplate(String written, String origin, String host, List<List<Piece>> segments,
                           List<Parameter> query) {
        this.written = written;
        this.origin = origin;
        this.host = host;
        this.segments = segments;
        this.query = query;
    }

    /**
     * Reads a URL template.
     *
     * @param text such as {@code https://api.example.com/v3/domains/{{Domain}}?limit={{Limit}}}
     * @return the template
     * @throws SkillInputException saying what is wrong with it
     */
    public static ApiUrlTemplate parse(String text) {
        String url = Objects.requireNonNull(text, "text").strip();
        if (!url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new SkillInputException("the url must start with https:// (an API skill sends keys, so never over"
                    + " plain http): " + shown(url));
        }
        String rest = url.substring(8);
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end).toLowerCase(Locale.ROOT);
        if (authority.contains("{") || authority.contains("}")) {
            throw new SkillInputException("the url's host is fixed by the file: no placeholder may stand in the"
                    + " scheme, host or port (" + shown(url) + ")");
        }
        Matcher matcher = AUTHORITY.matcher(authority);
        if (!matcher.matches()) {
            throw new SkillInputException("the url's host \"" + shown(authority) + "\" is not a host name with an"
                    + " optional port (no user name, no @)");
        }
        if (matcher.group(2) != null && (Integer.parseInt(matcher.group(2)) == 0
                || Integer.parseInt(matcher.group(2)) > 65535)) {
            throw new SkillInputException("the url's port " + matcher.group(2) + " is not a port");
        }
        rest = rest.substring(end);
        if (rest.indexOf('#') >= 0) {
            throw new SkillInputException("the url must not have a #fragment");
        }
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        String queryText = question < 0 ? "" : rest.substring(question + 1);
        List<List<Piece>> segments = new ArrayList<>();
        if (!path.isEmpty()) {
            for (String segment : path.substring(1).split("/", -1)) {
                List<Piece> pieces = pieces(segment, SEGMENT_TEXT, "path segment");
                if (pieces.size() == 1 && !pieces.get(0).placeholder()
                        && (segment.equals(".") || segment.equals(".."))) {
                    throw new SkillInputException("the url's path must not hold . or .. segments");
                }
                segments.add(pieces);
            }
        }
        List<Parameter> query = new ArrayList<>();
        if (!queryText.isEmpty()) {
            for (String pair : queryText.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (name.isEmpty() || name.contains("{") || !QUERY_TEXT.matcher(name).matches()) {
                    throw new SkillInputException("the url's query name \"" + shown(name) + "\" must be written"
                            + " out (placeholders go in values only)");
                }
                query.add(new Parameter(name, equals < 0 ? List.of()
                        : pieces(pair.substring(equals + 1), QUERY_TEXT, "query value")));
            }
        }
        return new ApiUrlTemplate(url, "https://" + authority, matcher.group(1), List.copyOf(segments),
                List.copyOf(query));
    }

    private static List<Piece> pieces(String text, Pattern allowed, String where) {
        List<Piece> pieces = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (matcher.find()) {
            literal(text.substring(at, matcher.start()), allowed, where, pieces);
            pieces.add(new Piece(matcher.group(1), true));
            at = matcher.end();
        }
        literal(text.substring(at), allowed, where, pieces);
        return pieces;
    }

    private static void literal(String text, Pattern allowed, String where, List<Piece> pieces) {
        if (text.isEmpty()) {
            return;
        }
        if (!allowed.matcher(text).matches() || !validPercents(text)) {
            throw new SkillInputException("the url's " + where + " \"" + shown(text) + "\" holds a character that"
                    + " must be percent-encoded, or a placeholder not written {{Name}}");
        }
        pieces.add(new Piece(text, false));
    }

    private static boolean validPercents(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                    || Character.digit(text.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the host every request goes to, lower case */
    public String host() {
        return host;
    }

    /** @return {@code https://host[:port]} */
    public String origin() {
        return origin;
    }

    /** @return the names of the placeholders, in order of first use */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        segments.forEach(segment -> segment.stream().filter(Piece::placeholder).forEach(p -> names.add(p.text())));
        query.forEach(parameter -> parameter.value().stream().filter(Piece::placeholder)
                .forEach(p -> names.add(p.text())));
        return names;
    }

    /**
     * Writes the URL for one request.
     *
     * @param values each placeholder's value as text (a list already joined)
     * @return the absolute URL, its host the template's
     * @throws SkillInputException when a value is empty or would make a {@code .}/{@code ..} segment
     */
    public String fill(Map<String, String> values) {
        StringBuilder url = new StringBuilder(origin);
        for (List<Piece> segment : segments) {
            String filled = join(segment, values);
            if (filled.equals(".") || filled.equals("..")) {
                throw new SkillInputException("A value would make the path segment \"" + filled + "\", which"
                        + " reaches outside the skill's path; it is refused.");
            }
            url.append('/').append(filled);
        }
        for (int i = 0; i < query.size(); i++) {
            Parameter parameter = query.get(i);
            url.append(i == 0 ? '?' : '&').append(parameter.name());
            if (!parameter.value().isEmpty()) {
                url.append('=').append(join(parameter.value(), values));
            }
        }
        String result = url.toString();
        checkHost(result);
        return result;
    }

    private static String join(List<Piece> pieces, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        for (Piece piece : pieces) {
            if (!piece.placeholder()) {
                text.append(piece.text());
                continue;
            }
            String value = values.get(piece.text());
            if (value == null || value.isEmpty()) {
                throw new SkillInputException("The url needs a value for " + piece.text() + ".");
            }
            text.append(encode(value));
        }
        return text.toString();
    }

    /** A second reader's view: the written URL must still name the template's host and nothing before it. */
    private void checkHost(String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || !host.equals(uri.getHost()) || uri.getRawUserInfo() != null
                    || uri.getRawFragment() != null) {
                throw new SkillInputException("The filled url no longer names " + host + "; it is refused.");
            }
        } catch (URISyntaxException e) {
            throw new SkillInputException("The filled url is not a valid URL; it is refused.");
        }
    }

    /**
     * Percent-encodes every byte but the unreserved characters.
     *
     * @param value any text
     * @return the text as one path segment or query value
     */
    public static String encode(String value) {
        StringBuilder encoded = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String shown(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return written;
    }
}
