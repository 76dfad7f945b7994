package io.secai.kql.skill;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys API skills send, read from {@code skills.api.*}. A key is either plain text
 * ({@code skills.api.intel = "..."}: any skill file may send it to its host) or bound to hosts
 * ({@code skills.api.intel { value = "...", hosts = ["api.intel.example"] }}: a skill whose host is not listed is
 * refused). Binding matters because skill files are easy to share and the file, not the settings, names the host:
 * a hostile file could otherwise send a key set up for one service to a host its author controls.
 */
public final class ApiKeys {

    /**
     * One key, as a skill's header would send it.
     *
     * @param setting the settings key a skill file names ({@code skills.api.NAME})
     * @param value the key itself (a secret: never shown)
     * @param hosts the hosts it may be sent to, lower case; empty when the key is not bound (the plain form)
     */
    public record Key(String setting, String value, List<String> hosts) {
        public Key {
            hosts = hosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).toList();
        }

        /** @return whether the key names the hosts it may go to */
        public boolean bound() {
            return !hosts.isEmpty();
        }

        /**
         * @param host a request's host
         * @return whether this key may be sent there: a bound key only to its hosts, a plain one anywhere
         */
        public boolean allows(String host) {
            return !bound() || hosts.contains(host.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return "Key[" + setting + ", hosts " + hosts + "]";
        }
    }

    /**
     * Finds the key a skill file names. A class rather than a lambda type, so that {@link ApiSkill#fill} with a plain
     * settings function stays unambiguous.
     */
    public static final class Lookup {
        private final Function<String, Optional<Key>> find;

        private Lookup(Function<String, Optional<Key>> find) {
            this.find = find;
        }

        /**
         * @param setting a {@code skills.api.*} key named by a skill file
         * @return the key, or empty when it is not set
         * @throws SkillInputException when the setting is malformed or names a part of a bound key
         */
        public Optional<Key> find(String setting) {
            return find.apply(setting);
        }
    }

    private ApiKeys() {
    }

    /**
     * Plain keys only, for callers that hold no bound keys (tests, sample checks).
     *
     * @param settings reads a setting as text
     * @return a lookup where every key is unbound
     */
    public static Lookup plain(Function<String, Optional<String>> settings) {
        return new Lookup(setting -> settings.apply(setting).filter(value -> !value.isBlank())
                .map(value -> new Key(setting, value, List.of())));
    }

    /**
     * @param settings the merged settings
     * @return the lookup of {@code skills.api.*} keys in both forms
     */
    public static Lookup of(Settings settings) {
        return new Lookup(setting -> {
            insideBoundKey(settings, setting).ifPresent(bound -> {
                throw new SkillInputException("settings:" + setting + " names a part of the key " + bound
                        + ", which is bound to hosts; a skill names the key itself: settings:" + bound);
            });
            Map<String, String> section;
            try {
                section = settings.map(setting);
            } catch (SecAiException scalar) {
                // Plain text: the older form, still read.
                return settings.string(setting).filter(value -> !value.isBlank())
                        .map(value -> new Key(setting, value, List.of()));
            }
            if (section.isEmpty()) {
                return Optional.empty();
            }
            // value may be missing: ${?VARIABLE} of an unset variable leaves it out, which is "not set".
            if (!section.containsKey("hosts")) {
                throw new SkillInputException("The setting " + setting + " is a section; write it as " + setting
                        + " { value = ${?MY_API_KEY}, hosts = [\"api.example.com\"] } (or as plain text, which"
                        + " binds it to no host).");
            }
            List<String> hosts = settings.list(setting + ".hosts").stream().filter(host -> !host.isBlank()).toList();
            if (hosts.isEmpty()) {
                throw new SkillInputException("The setting " + setting + ".hosts is empty: list the hosts this key"
                        + " may be sent to.");
            }
            return settings.string(setting + ".value").filter(value -> !value.isBlank())
                    .map(value -> new Key(setting, value, hosts));
        });
    }

    /** The bound key {@code setting} sits inside ({@code skills.api.intel} for {@code skills.api.intel.value}). */
    private static Optional<String> insideBoundKey(Settings settings, String setting) {
        int dot = setting.lastIndexOf('.');
        while (dot > ApiSkillReader.SETTINGS_PREFIX.length() - 1) {
            String ancestor = setting.substring(0, dot);
            try {
                if (settings.map(ancestor).containsKey("hosts")) {
                    return Optional.of(ancestor);
                }
            } catch (SecAiException scalar) {
                // A plain value above: nothing is bound there.
            }
            dot = ancestor.lastIndexOf('.');
        }
        return Optional.empty();
    }
}
