package io.secai.terminal.transcript;

import io.secai.api.Artifact;
import io.secai.engine.session.SessionTranscript;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which result of a session {@code export FILE} writes when the file's extension names a code artifact rather than
 * the transcript: {@code .json} the latest ARM template, {@code .bicep} the latest Bicep file, {@code .yaml} or
 * {@code .yml} the latest detection YAML, {@code .kql} the latest query.
 */
public final class ArtifactExport {
    private static final String KQL = "KQL";
    private static final Map<String, String> LABEL_BY_EXTENSION = Map.of("json", "ARM template", "bicep", "Bicep",
            "yaml", "Detection YAML", "yml", "Detection YAML", "kql", KQL);

    private ArtifactExport() {
    }

    /**
     * @param transcript the session
     * @param file the file to write
     * @return the newest artifact the file's extension asks for; empty when the extension names none or the session
     *     has none (the transcript is written then)
     */
    public static Optional<Artifact> latest(SessionTranscript transcript, Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String label = dot < 0 ? null : LABEL_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (label == null) {
            return Optional.empty();
        }
        List<SessionTranscript.Turn> turns = transcript.turns();
        for (int t = turns.size() - 1; t >= 0; t--) {
            var tasks = turns.get(t).outcome().tasks();
            for (int i = tasks.size() - 1; i >= 0; i--) {
                List<Artifact> artifacts = tasks.get(i).result().artifacts();
                for (int a = artifacts.size() - 1; a >= 0; a--) {
                    if (wanted(artifacts.get(a), label)) {
                        return Optional.of(artifacts.get(a));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Queries are labelled by attempt ("KQL, attempt 2"), so {@code .kql} takes any query that was not refused. */
    private static boolean wanted(Artifact artifact, String label) {
        if (label.equals(KQL)) {
            return artifact.kind() == Artifact.Kind.QUERY && !artifact.label().contains("refused");
        }
        return artifact.label().equals(label);
    }
}
