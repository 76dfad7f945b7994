package io.secai.web.render;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns untrusted Markdown (model answers, fetched pages) into HTML that is safe to place in the page.
 *
 * <p>Two walls: commonmark escapes any raw HTML in the text instead of passing it through, and the result then goes
 * through an allow-list sanitizer that keeps only formatting elements. No images, no scripts, no styles, no
 * frames, no forms; links keep only http, https and mailto targets and carry {@code rel="noopener noreferrer
 * nofollow"}. Thread-safe.
 */
public final class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Pattern CODE_LANGUAGE_CLASS = Pattern.compile("language-[A-Za-z0-9_+-]{1,32}");

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code",
                    "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a")
            .allowAttributes("href").onElements("a")
            .allowAttributes("start").matching(Pattern.compile("[0-9]{1,9}")).onElements("ol")
            .allowAttributes("class").matching(CODE_LANGUAGE_CLASS).onElements("code")
            .allowStandardUrlProtocols()
            .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
            .toFactory();

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    /**
     * @param markdown untrusted Markdown text
     * @return sanitized HTML
     */
    public String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        return POLICY.sanitize(renderer.render(parser.parse(CodeAnswers.fenced(markdown))));
    }
}
