package io.secai.plugin.rules.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MITRE ATT&CK Enterprise as Sentinel uses it: the tactic names Sentinel accepts and which tactics each technique
 * belongs to, read from {@code attack-enterprise.txt} next to this class. Sub-techniques belong to their parent's
 * tactics, as in ATT&CK.
 */
public final class AttackMatrix {
    /** Tactic names Sentinel's alert rules accept, in the order of the ATT&CK matrix. */
    public static final List<String> SENTINEL_TACTICS = List.of("Reconnaissance", "ResourceDevelopment",
            "InitialAccess", "Execution", "Persistence", "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess",
            "Discovery", "LateralMovement", "Collection", "Exfiltration", "CommandAndControl", "Impact", "PreAttack",
            "ImpairProcessControl", "InhibitResponseFunction");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    /**
     * A technique of the matrix.
     *
     * @param id its identifier, {@code T1078}
     * @param name its name
     * @param tactics the Sentinel tactics it belongs to
     */
    public record Technique(String id, String name, Set<String> tactics) {
        public Technique {
            tactics = Set.copyOf(tactics);
        }
    }

    private final Map<String, Technique> techniques;

    private AttackMatrix(Map<String, Technique> techniques) {
        this.techniques = Map.copyOf(techniques);
    }

    /** @return the matrix bundled with the plugin */
    public static AttackMatrix bundled() {
        try (InputStream in = AttackMatrix.class.getResourceAsStream("attack-enterprise.txt")) {
            if (in == null) {
                throw new IllegalStateException("attack-enterprise.txt is missing from the plugin jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ATT&CK technique map", e);
        }
    }

    static AttackMatrix parse(List<String> lines) {
        Map<String, Technique> map = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ", 3);
            if (parts.length < 3 || !TECHNIQUE.matcher(parts[0]).matches()) {
                throw new IllegalStateException("Unreadable line in the ATT&CK technique map: " + line);
            }
            Set<String> tactics = new LinkedHashSet<>(Arrays.asList(parts[1].split(",")));
            if (!SENTINEL_TACTICS.containsAll(tactics)) {
                throw new IllegalStateException("Unknown tactic in the ATT&CK technique map: " + line);
            }
            map.put(parts[0], new Technique(parts[0], parts[2], tactics));
        }
        return new AttackMatrix(map);
    }

    /** @param id a technique or sub-technique id @return whether it is written T1234 or T1234.001 */
    public static boolean wellFormed(String id) {
        return TECHNIQUE.matcher(id).matches();
    }

    /**
     * @param id a technique ({@code T1078}) or sub-technique ({@code T1078.004})
     * @return the technique, for a sub-technique its parent; empty when ATT&CK has no such technique
     */
    public Optional<Technique> technique(String id) {
        if (!wellFormed(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(techniques.get(id.substring(0, 5)));
    }

    /** @return how many techniques the map holds */
    public int size() {
        return techniques.size();
    }
}
