package io.secai.kql.guard;

import java.util.Set;

/**
 * Column names KQL makes up itself, which no schema lists: {@code count_}, {@code dcount_DeviceId},
 * {@code Column1}, {@code print_0}, a join's {@code TimeGenerated1}, and {@code mv-expand}'s {@code Col_Field}.
 * The checks look at short prefixes only, so a hostile long name costs little.
 */
final class GeneratedNames {
    /** Generated names start with a short aggregation or column name; longer prefixes are not looked up. */
    private static final int MAX_PREFIX = 128;

    private GeneratedNames() {
    }

    /** @return whether KQL names columns like this itself: {@code count_}, {@code dcount_X}, {@code Column1} */
    static boolean isGenerated(String name) {
        if (name.matches("(Column|print_)\\d+")) {
            return true;
        }
        return hasPrefixIn(name, KqlVocabulary.AGGREGATIONS);
    }

    /** {@code mv-expand parse_json(Col).Field} names its output {@code Col_Field}. */
    static boolean isExpanded(String name, Set<String> allowed) {
        return hasPrefixIn(name, allowed);
    }

    /** A join names the right side's copy of a column {@code Name1}. */
    static String withoutTrailingDigits(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }

    /** Whether the part of {@code name} before one of its underscores is in {@code prefixes}. */
    private static boolean hasPrefixIn(String name, Set<String> prefixes) {
        int underscore = name.indexOf('_');
        while (underscore > 0 && underscore < MAX_PREFIX) {
            if (prefixes.contains(name.substring(0, underscore))) {
                return true;
            }
            underscore = name.indexOf('_', underscore + 1);
        }
        return false;
    }
}
