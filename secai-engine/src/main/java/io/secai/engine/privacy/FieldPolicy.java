package io.secai.engine.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What happens to a field's value on its way to the model: sent as it is, replaced by a token, or removed. A rule
 * names a field by a case-insensitive pattern ({@code *} for any characters), optionally qualified by the entity type
 * of the JSON object that holds it ({@code account.Name} is the {@code Name} of an object whose {@code Type} is
 * {@code account}, as in the {@code Entities} column of SecurityAlert). The first matching rule wins; the configured
 * rules come before the defaults. A field no rule names is read as free text: the detectors mask what they
 * recognise in it.
 */
public final class FieldPolicy {

    /** What happens to a field. */
    public enum Action {
        /** Sent as it is, even where the same value is masked in another field. */
        ALLOW,
        /** Replaced by a token. */
        ANONYMIZE,
        /** Never leaves SecAI: removed from the request. */
        DENY
    }

    /**
     * One rule.
     *
     * @param type the entity type the field must be in, lower case, or empty for any
     * @param pattern the field name pattern
     * @param action what happens
     * @param kind the token kind for {@link Action#ANONYMIZE}
     */
    public record Rule(String type, Pattern pattern, Action action, TokenKind kind) {
    }

    /** The usual entity fields of Sentinel and Defender tables. */
    static final List<String> DEFAULTS = List.of(
            "*Password*=deny",
            "account.Name=anonymize:user", "account.DisplayName=anonymize:user",
            "account.UPNSuffix=allow", "account.NTDomain=allow",
            "ip.Address=anonymize:ip",
            "host.HostName=anonymize:host", "host.NetBiosName=anonymize:host", "host.FQDN=anonymize:host",
            "mailbox.MailboxPrimaryAddress=anonymize:mail", "mailbox.Upn=anonymize:user",
            "mailbox.DisplayName=anonymize:user",
            "*UserPrincipalName=anonymize:user", "*Upn=anonymize:user", "UserDisplayName=anonymize:user",
            "UserName=anonymize:user", "User=anonymize:user", "Caller=anonymize:user", "Identity=anonymize:user",
            "AssignedTo=anonymize:user", "Owner=anonymize:user",
            "Account*=anonymize:user", "*AccountName=anonymize:user", "*AccountUpn=anonymize:user",
            "*IPAddress=anonymize:ip", "*IPAddresses=anonymize:ip", "*IP=anonymize:ip", "*IPs=anonymize:ip",
            "Computer=anonymize:host", "*DeviceName=anonymize:host", "*HostName=anonymize:host",
            "*Email=anonymize:mail", "*EmailAddress=anonymize:mail", "*MailAddress=anonymize:mail",
            "SenderFromAddress=anonymize:mail", "SenderMailFromAddress=anonymize:mail",
            "RecipientEmailAddress=anonymize:mail");

    private final List<Rule> rules;

    private FieldPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param configured rules such as {@code UserPrincipalName=anonymize:user}, {@code AppDisplayName=allow},
     *     {@code ClientSecret*=deny}, ahead of the defaults
     * @param withDefaults whether the usual entity fields' rules follow
     * @return the policy
     * @throws IllegalArgumentException naming the first rule that cannot be read
     */
    public static FieldPolicy of(List<String> configured, boolean withDefaults) {
        List<Rule> rules = new ArrayList<>();
        for (String line : configured) {
            rules.add(parse(line));
        }
        if (withDefaults) {
            DEFAULTS.forEach(line -> rules.add(parse(line)));
        }
        return new FieldPolicy(rules);
    }

    /** @return the defaults only */
    public static FieldPolicy defaults() {
        return of(List.of(), true);
    }

    /**
     * @param field a column or JSON key
     * @param entityType the {@code Type} of the JSON object holding it, or empty
     * @return the first rule that applies, qualified rules first
     */
    public Optional<Rule> resolve(String field, String entityType) {
        String type = entityType == null ? "" : entityType.toLowerCase(Locale.ROOT);
        if (!type.isEmpty()) {
            for (Rule rule : rules) {
                if (rule.type().equals(type) && rule.pattern().matcher(field).matches()) {
                    return Optional.of(rule);
                }
            }
        }
        for (Rule rule : rules) {
            if (rule.type().isEmpty() && rule.pattern().matcher(field).matches()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static Rule parse(String line) {
        int equals = line.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("privacy.fields: \"" + line + "\" is not FIELD=allow, "
                    + "FIELD=anonymize[:user|mail|ip|host|value] or FIELD=deny");
        }
        String field = line.substring(0, equals).strip();
        String what = line.substring(equals + 1).strip().toLowerCase(Locale.ROOT);
        String type = "";
        int dot = field.indexOf('.');
        if (dot > 0) {
            type = field.substring(0, dot).toLowerCase(Locale.ROOT);
            field = field.substring(dot + 1);
        }
        if (field.isEmpty() || !field.matches("[A-Za-z0-9_*$-]+")) {
            throw new IllegalArgumentException("privacy.fields: \"" + line + "\" names no field (letters, digits, "
                    + "_ and * only, optionally TYPE.FIELD)");
        }
        Action action;
        TokenKind kind = TokenKind.VALUE;
        if (what.equals("allow")) {
            action = Action.ALLOW;
        } else if (what.equals("deny")) {
            action = Action.DENY;
        } else if (what.equals("anonymize") || what.startsWith("anonymize:")) {
            action = Action.ANONYMIZE;
            if (what.contains(":")) {
                String name = what.substring(what.indexOf(':') + 1);
                kind = TokenKind.parse(name).orElseThrow(() -> new IllegalArgumentException("privacy.fields: \""
                        + line + "\" names the kind \"" + name + "\"; use user, mail, ip, host or value"));
            }
        } else {
            throw new IllegalArgumentException("privacy.fields: \"" + line + "\" says \"" + what
                    + "\"; use allow, anonymize[:kind] or deny");
        }
        Pattern pattern = Pattern.compile(Pattern.quote(field).replace("*", "\\E.*\\Q"),
                Pattern.CASE_INSENSITIVE);
        return new Rule(type, pattern, action, kind);
    }
}
