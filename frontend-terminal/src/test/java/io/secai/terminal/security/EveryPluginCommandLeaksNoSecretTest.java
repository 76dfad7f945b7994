package io.secai.terminal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.engine.Engine;
import io.secai.engine.PluginCommand;
import io.secai.terminal.logging.LogSetup;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.secrets.LeakyPlugin;
import io.secai.testkit.secrets.SecretEncodings;

/**
 * Runs every command of every loaded plugin — the built-in ones and a careless third-party one that prints secrets
 * itself — with a configuration full of secrets, then scans everything printed and every file written (log,
 * sessions, caches, plugin files) for every encoded form of every secret.
 */
class EveryPluginCommandLeaksNoSecretTest {

    private static final Map<String, String> SECRETS = Map.of(
            "openai.api-key", "sk-live-0123456789abcdef0123",
            "azure.client-secret", "abc8Q~SECRET.fG+h/Ij=kL mn~0pQ",
            "azure.access-token", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzZWNhaSJ9.c2lnbmF0dXJl-x_y",
            "web.token", "W3b-T0ken_with.enough~variety+/=0123456",
            "web.tls.password", "keystore pass/with \"quotes\"");

    @TempDir
    Path work;

    @Test
    void everyCommandOfEveryPluginPrintsAndWritesNoSecretInAnyEncoding() throws Exception {
        Path pluginsDir = copyOfTheBuiltPlugins();
        LeakyPlugin.writeJar(pluginsDir.resolve("leaky.jar"));
        Map<String, String> output = new LinkedHashMap<>();
        try (EngineFixture fixture = new EngineFixture(work, pluginsDir);
             Engine engine = fixture.start(work, SECRETS)) {
            LogSetup.configure(fixture.dataDir(), true);
            LogSetup.installRedactor(engine.redactor());
            List<PluginCommand> commands = engine.commands();
            assertThat(commands).extracting(PluginCommand::name).contains("kql", "fetch", "leak", "leak-fail");

            List<String> reached = new ArrayList<>();
            for (PluginCommand command : commands) {
                for (List<String> path : subcommandPaths(command)) {
                    reached.add(String.join(" ", prepend(command.name(), path)));
                    for (List<String> suffix : argumentsToTry(fixture.dataDir())) {
                        List<String> args = new ArrayList<>(path);
                        args.addAll(suffix);
                        output.put(command.name() + " " + String.join(" ", args), run(command, args));
                    }
                }
            }
            // Found from the commands' own help, so a subcommand added later is run too; these must be among them.
            assertThat(reached).contains("kql check", "kql schema refresh", "kql shortlist", "eval kql",
                    "fetch url", "fetch extract", "leak");
        } finally {
            LogSetup.configure(work.resolve("after"), false);
        }

        List<String> leaks = new ArrayList<>();
        output.forEach((command, printed) -> SecretEncodings.leaks(printed, SECRETS.values())
                .forEach(leak -> leaks.add("printed by '" + command + "': " + leak)));
        List<Path> written = filesWritten();
        for (Path file : written) {
            SecretEncodings.leaks(Files.readString(file, StandardCharsets.ISO_8859_1), SECRETS.values())
                    .forEach(leak -> leaks.add("in " + work.relativize(file) + ": " + leak));
        }

        assertThat(output.values()).anyMatch(printed -> printed.contains("Authorization=Bearer ***"));
        assertThat(written).extracting(file -> file.getFileName().toString())
                .contains("secai-test.log", "leak.txt");
        assertThat(leaks).isEmpty();
        if (work.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // SecAI's own files are 0600; a third-party plugin's files are its own business, but they sit in a
            // 0700 folder like every folder SecAI creates.
            Path leakyFolder = work.resolve("data/plugins/leaky");
            for (Path file : written) {
                if (!file.startsWith(leakyFolder)) {
                    assertThat(mode(file)).as(work.relativize(file).toString()).isEqualTo("rw-------");
                }
            }
            try (Stream<Path> folders = Files.walk(work.resolve("data"))) {
                for (Path folder : folders.filter(Files::isDirectory).filter(f -> !f.equals(work.resolve("data")))
                        .toList()) {
                    assertThat(mode(folder)).as(work.relativize(folder).toString()).isEqualTo("rwx------");
                }
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** A subcommand line in picocli's usage: two spaces, the name, then its description or nothing. */
    private static final Pattern SUBCOMMAND = Pattern.compile("^  ([a-z][a-z0-9-]*)(?:,[^ ]*)?(?:\\s|$)");

    /**
     * Every subcommand path of a command, found by asking each level for {@code --help} and reading the names under
     * "Commands:"; the command itself is the empty path.
     */
    private static List<List<String>> subcommandPaths(PluginCommand command) {
        List<List<String>> paths = new ArrayList<>();
        Deque<List<String>> todo = new ArrayDeque<>(List.of(List.of()));
        while (!todo.isEmpty() && paths.size() < 40) {
            List<String> path = todo.removeFirst();
            paths.add(path);
            List<String> help = new ArrayList<>(path);
            help.add("--help");
            boolean listing = false;
            for (String line : run(command, help).split("\\R")) {
                if (line.startsWith("Commands:")) {
                    listing = true;
                } else if (listing && !line.startsWith(" ")) {
                    listing = false;
                } else if (listing) {
                    Matcher name = SUBCOMMAND.matcher(line);
                    if (name.find() && !name.group(1).equals("help")) {
                        List<String> next = new ArrayList<>(path);
                        next.add(name.group(1));
                        todo.addLast(next);
                    }
                }
            }
        }
        return paths;
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** What a user might type after any command, including secrets in URLs and on standard input. */
    private List<List<String>> argumentsToTry(Path dataDir) throws IOException {
        String secretUrl = "https://127.0.0.1:1/callback?client_secret="
                + URLEncoder.encode(SECRETS.get("azure.client-secret"), StandardCharsets.UTF_8)
                + "&access_token=" + SECRETS.get("azure.access-token");
        Path pages = Files.createDirectories(work.resolve("pages"));
        Files.writeString(pages.resolve("page.html"), "<html><body><article><p>Token "
                + SECRETS.get("openai.api-key") + " was leaked in this paragraph of text.</p></article></body></html>");
        List<List<String>> args = new ArrayList<>(List.of(List.of(), List.of("--help"), List.of(secretUrl),
                List.of(pages.resolve("page.html").toString()),
                List.of("no-such-subcommand", SECRETS.get("web.token"))));
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.filter(file -> file.toString().endsWith(".json") && file.toString().contains("sentinel-kql"))
                    .findFirst()
                    .ifPresent(schema -> args.add(List.of("--schema", schema.toString())));
        }
        return args;
    }

    private static String run(PluginCommand command, List<String> args) {
        String stdin = "{\"id\":\"1\",\"question\":\"sign-ins with key " + SECRETS.get("openai.api-key")
                + "\",\"kql\":\"SigninLogs | where UserPrincipalName == '" + SECRETS.get("azure.client-secret")
                + "'\"}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** Every file under the test's folder except the inputs the test itself put there. */
    private List<Path> filesWritten() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.startsWith(work.resolve("plugins-dir")) && !file.startsWith(work.resolve(
                            "pages")) && !file.startsWith(work.resolve("after")))
                    .toList();
        }
    }

    private Path copyOfTheBuiltPlugins() throws IOException {
        Path source = EngineFixture.pluginsDirOfTheBuild();
        Path target = work.resolve("plugins-dir");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
