package io.secai.plugin.fetchurl.extract;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Text documents that are not web pages (raw files from a code host, advisories in plain text, JSON and YAML
 * exports): passed through whole, code and data in a fenced block the text cannot close, with a name for the kind
 * of document so the model knows what it reads.
 */
final class RawFiles {

    /** File-name extension to fence language and the kind of document. */
    private static final Map<String, Format> BY_EXTENSION = Map.ofEntries(
            Map.entry("kql", new Format("kusto", "KQL query file")),
            Map.entry("kusto", new Format("kusto", "KQL query file")),
            Map.entry("csl", new Format("kusto", "KQL query file")),
            Map.entry("yml", new Format("yaml", "YAML file")),
            Map.entry("yaml", new Format("yaml", "YAML file")),
            Map.entry("json", new Format("json", "JSON document")),
            Map.entry("jsonl", new Format("json", "JSON lines file")),
            Map.entry("xml", new Format("xml", "XML file")),
            Map.entry("toml", new Format("toml", "TOML file")),
            Map.entry("ini", new Format("ini", "INI file")),
            Map.entry("csv", new Format("csv", "CSV file")),
            Map.entry("tsv", new Format("tsv", "TSV file")),
            Map.entry("sql", new Format("sql", "SQL file")),
            Map.entry("spl", new Format("spl", "Splunk SPL file")),
            Map.entry("yar", new Format("yara", "YARA rule file")),
            Map.entry("yara", new Format("yara", "YARA rule file")),
            Map.entry("py", new Format("python", "Python source file")),
            Map.entry("ps1", new Format("powershell", "PowerShell script")),
            Map.entry("psm1", new Format("powershell", "PowerShell script")),
            Map.entry("sh", new Format("bash", "shell script")),
            Map.entry("bash", new Format("bash", "shell script")),
            Map.entry("js", new Format("javascript", "JavaScript source file")),
            Map.entry("ts", new Format("typescript", "TypeScript source file")),
            Map.entry("go", new Format("go", "Go source file")),
            Map.entry("java", new Format("java", "Java source file")),
            Map.entry("cs", new Format("csharp", "C# source file")),
            Map.entry("c", new Format("c", "C source file")),
            Map.entry("h", new Format("c", "C header file")),
            Map.entry("rs", new Format("rust", "Rust source file")),
            Map.entry("rb", new Format("ruby", "Ruby source file")),
            Map.entry("bicep", new Format("bicep", "Bicep template")),
            Map.entry("tf", new Format("hcl", "Terraform file")));

    /** @param language the fence's info string, empty for prose @param kind the document kind in words */
    record Format(String language, String kind) {
    }

    private RawFiles() {
    }

    /**
     * @param mediaType the type the server declared, lower case, without parameters
     * @param url the address, whose file-name extension wins over a generic {@code text/plain}
     * @param text the document
     * @return the content and kind
     */
    static Format formatOf(String mediaType, String url, String text) {
        Optional<Format> byName = extension(url).map(BY_EXTENSION::get);
        Format format;
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            format = new Format("json", "JSON document");
        } else if (mediaType.contains("yaml")) {
            format = new Format("yaml", "YAML file");
        } else if (mediaType.equals("text/markdown") || mediaType.equals("text/x-markdown")
                || extension(url).filter(e -> e.equals("md") || e.equals("markdown")).isPresent()) {
            format = new Format("", "Markdown document");
        } else {
            format = byName.orElse(new Format("", "plain-text document"));
        }
        if (format.language().equals("yaml") && text.contains("logsource:") && text.contains("detection:")) {
            return new Format("yaml", "Sigma detection rule (YAML)");
        }
        return format;
    }

    /**
     * @param text the document
     * @param format how to show it
     * @return prose as it is, code and data in a fence longer than any backtick run inside
     */
    static String render(String text, Format format) {
        String body = text.strip();
        if (format.language().isEmpty()) {
            return body;
        }
        String fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
        return fence + format.language() + "\n" + body + "\n" + fence;
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    static Optional<String> extension(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash + 1 || dot == path.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
