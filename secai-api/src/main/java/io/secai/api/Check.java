package io.secai.api;

import java.util.Objects;

/**
 * One line of {@code secai doctor}: something SecAI depends on, checked once, with what to do when it fails.
 *
 * @param name what was checked, in a few words (for example {@code workspace (print 1)})
 * @param ok whether it works
 * @param detail what was found: the value used, or the error the service gave (no secrets)
 * @param fix what the user should do when it failed (a setting to set, a role to grant); empty when {@code ok}
 * @since 1.1
 */
public record Check(String name, boolean ok, String detail, String fix) {

    /** Checks that each part is there; a passed check has no fix. */
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    /**
     * @param name what was checked
     * @param detail what was found
     * @return a passed check
     */
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, "");
    }

    /**
     * @param name what was checked
     * @param detail what went wrong
     * @param fix what to do about it
     * @return a failed check
     */
    public static Check fail(String name, String detail, String fix) {
        return new Check(name, false, detail, fix);
    }
}
