package io.secai.plugin.rules.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.rules.query.KqlQueryInspector;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.RuleValidator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code secai rule check [--schema SCHEMA.json] [--allow-url PREFIX]... FILE...}: checks ARM templates, Bicep and detection YAML files and
 * prints each problem as {@code FILE: JSON-PATH: [KIND] reason}; exits 1 when any problem was found, 2 for a usage
 * error or a file that cannot be read.
 */
public final class RuleCommand {
    /** Larger files are refused unread: a rule template is a few kilobytes. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final String USAGE = """
            Usage: secai rule check [--schema SCHEMA.json] [--allow-url PREFIX]... FILE...
              Checks Sentinel scheduled analytics rules in ARM templates (.json), Bicep files (.bicep) and
              detection YAML (.yaml) before deployment: durations and their limits, query period against
              frequency, trigger, severity, ATT&CK tactics and techniques, entity mappings against the query's
              output columns, custom details, event grouping, and the query against the KQL guard (and the
              workspace schema with --schema). externaldata is refused unless its URL starts with an
              --allow-url prefix.
              Prints one line per problem, FILE: JSON-PATH: [KIND] reason; exits 1 when any is found.""";

    private final ObjectMapper json;
    private final AttackMatrix attack;

    /**
     * @param json the mapper
     * @param attack the ATT&CK map
     */
    public RuleCommand(ObjectMapper json, AttackMatrix attack) {
        this.json = json;
        this.attack = attack;
    }

    /**
     * @param args the words after {@code rule}
     * @param io the streams
     * @return the exit code
     */
    public int run(List<String> args, CommandContribution.CommandIO io) {
        PrintStream out = io.out();
        PrintStream err = io.err();
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        if (!args.get(0).equals("check")) {
            err.println("Unknown subcommand '" + args.get(0) + "'.\n" + USAGE);
            return 2;
        }
        Optional<Path> schemaFile = Optional.empty();
        List<Path> files = new ArrayList<>();
        List<String> allowedUrls = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--schema")) {
                if (i + 1 >= args.size()) {
                    err.println("--schema needs a file.\n" + USAGE);
                    return 2;
                }
                schemaFile = Optional.of(Path.of(args.get(++i)));
            } else if (arg.equals("--allow-url")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    err.println("--allow-url needs a URL prefix.\n" + USAGE);
                    return 2;
                }
                allowedUrls.add(args.get(++i));
            } else if (arg.startsWith("-")) {
                err.println("Unknown option '" + arg + "'.\n" + USAGE);
                return 2;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            err.println("Name at least one file.\n" + USAGE);
            return 2;
        }
        WorkspaceSchema schema = schemaFile.map(file -> new SchemaFiles(json).read(file, Optional.empty()))
                .orElse(WorkspaceSchema.of(List.of()));
        RuleCheck check = new RuleCheck(json, new RuleValidator(attack, new KqlQueryInspector(schema, allowedUrls)));
        int problems = 0;
        int unreadable = 0;
        for (Path file : files) {
            Optional<String> text = read(file, err);
            if (text.isEmpty()) {
                unreadable++;
                continue;
            }
            List<Finding> findings = check.check(text.get());
            findings.forEach(finding -> out.println(file + ": " + finding));
            if (findings.isEmpty()) {
                out.println(file + ": no problems");
            }
            problems += findings.size();
        }
        err.println(problems + (problems == 1 ? " problem" : " problems") + " in " + files.size()
                + (files.size() == 1 ? " file" : " files") + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                + ".");
        return unreadable > 0 ? 2 : problems > 0 ? 1 : 0;
    }

    private static Optional<String> read(Path file, PrintStream err) {
        try {
            if (!Files.isRegularFile(file)) {
                err.println(file + ": no such file");
                return Optional.empty();
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                err.println(file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB; not a rule template");
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(in.readAllBytes())).toString());
            }
        } catch (CharacterCodingException e) {
            err.println(file + ": not UTF-8 text");
            return Optional.empty();
        } catch (IOException e) {
            err.println(file + ": cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
