package io.secai.kql.shortlist;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the kinds of values analysts paste into questions (e-mail addresses, domains, IP addresses, file
 * names, hashes) and names the fields such values live in, so that "machines that went to bbc.com" finds the
 * tables with URL and remote-domain columns even though no column is named.
 */
final class EntityTerms {
    private record Entity(Pattern pattern, List<String> terms) {
    }

    private static final List<Entity> ENTITIES = List.of(
            new Entity(Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+"), List.of("email", "address", "account")),
            new Entity(Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b"), List.of("ip", "address", "remote")),
            new Entity(Pattern.compile("(?i)\\b[\\w-]+\\.(exe|dll|ps1|bat|cmd|msi|vbs|js|scr|sys)\\b"),
                    List.of("file", "process")),
            new Entity(Pattern.compile("(?i)\\b(?<!@)[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|net|org|io|ru|cn|info|biz"
                    + "|co|uk|de|xyz|top)\\b(?!\\.)"), List.of("url", "domain", "remote")),
            new Entity(Pattern.compile("(?i)\\b([0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})\\b"),
                    List.of("sha256", "sha1", "md5", "file")));

    private EntityTerms() {
    }

    /** @param question the user's words @return stemmed terms for the value kinds found in it */
    static Set<String> of(String question) {
        Set<String> terms = new LinkedHashSet<>();
        String withoutEmails = ENTITIES.get(0).pattern().matcher(question).replaceAll(" ");
        if (!withoutEmails.equals(question)) {
            ENTITIES.get(0).terms().forEach(t -> terms.add(Terms.stem(t)));
        }
        for (Entity entity : ENTITIES.subList(1, ENTITIES.size())) {
            if (entity.pattern().matcher(withoutEmails).find()) {
                entity.terms().forEach(t -> terms.add(Terms.stem(t)));
            }
        }
        return terms;
    }
}
