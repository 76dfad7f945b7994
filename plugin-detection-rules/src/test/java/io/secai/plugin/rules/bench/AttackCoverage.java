package io.secai.plugin.rules.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.plugin.rules.validate.AttackMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How much of the ATT&CK techniques that real detections cite the bundled technique map knows: reads the community
 * hunting queries ({@code kql-community/queries.jsonl}, each with its {@code techniques}) and prints the technique
 * ids that are malformed or unknown to the map. Usage: {@code AttackCoverage QUERIES.jsonl}.
 */
public final class AttackCoverage {
    private AttackCoverage() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        AttackMatrix matrix = AttackMatrix.bundled();
        Set<String> ids = new TreeSet<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                node.path("techniques").forEach(id -> ids.add(id.asText()));
            }
        }
        Set<String> malformed = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        Set<String> parents = new TreeSet<>();
        for (String id : ids) {
            if (!AttackMatrix.wellFormed(id)) {
                malformed.add(id);
            } else if (matrix.technique(id).isEmpty()) {
                unknown.add(id);
            } else {
                parents.add(id.substring(0, 5));
            }
        }
        System.out.printf("ATT&CK map: %d techniques bundled; %d queries cite %d distinct ids: %d known "
                + "(%d parent techniques), %d unknown %s, %d malformed %s%n", matrix.size(), lines.size(),
                ids.size(), ids.size() - unknown.size() - malformed.size(), parents.size(), unknown.size(), unknown,
                malformed.size(), malformed);
    }
}
