package io.secai.engine.privacy;

import java.util.Locale;
import java.util.Optional;

/** What a masked value is; the token's prefix, so the model still knows it is a user, an address or a machine. */
public enum TokenKind {
    /** A user principal name or an account name. */
    USER,
    /** A mail address. */
    MAIL,
    /** An IPv4 or IPv6 address. */
    IP,
    /** A host or computer name. */
    HOST,
    /** Any other value a field policy masks. */
    VALUE;

    /** @return the prefix tokens of this kind carry, for example {@code USER} */
    public String prefix() {
        return name();
    }

    /**
     * @param name a kind's name, any case
     * @return the kind, or empty when there is none of that name
     */
    public static Optional<TokenKind> parse(String name) {
        for (TokenKind kind : values()) {
            if (kind.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** @return the lower-case name, for messages */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
