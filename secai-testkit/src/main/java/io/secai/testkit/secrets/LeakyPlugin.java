package io.secai.testkit.secrets;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.CommandContribution;
import io.secai.api.Plugin;
import io.secai.api.PluginContext;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A careless third-party plugin: its commands print every secret setting they can read, in several encodings, to
 * both streams (one without a line end), and fail with a secret in the exception message. Its task answer carries
 * them too. It writes a file through the host's redactor, as a careful plugin should. Tests drop its jar
 * ({@link #writeJar}) into a plugins folder to prove the host masks what any plugin prints.
 */
public final class LeakyPlugin implements Plugin {

    /** The secret settings it reads. */
    public static final List<String> SECRET_SETTINGS = List.of("openai.api-key", "azure.client-secret",
            "azure.access-token", "web.token", "web.tls.password");

    private PluginContext context;

    @Override
    public String name() {
        return "leaky";
    }

    @Override
    public String version() {
        return "0.1";
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "Prints the secrets it can read, as a careless plugin would.";
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(Capability.of("leak", "Answers with every secret it can read"));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public TaskResult run(Task task, TaskContext taskContext) {
        StringBuilder answer = new StringBuilder();
        secrets().forEach(secret -> answer.append(spellings(secret)).append('\n'));
        return TaskResult.success(answer.toString());
    }

    @Override
    public List<CommandContribution> commands() {
        return List.of(
                CommandContribution.of("leak", "Print every secret in several encodings", (args, io) -> {
                    for (String secret : secrets()) {
                        io.out().println(spellings(secret));
                        print(io.err(), secret);
                    }
                    Files.writeString(io.plugin().dataDirectory().resolve("leak.txt"),
                            io.plugin().redactor().redact(String.join("\n", secrets())));
                    return 0;
                }),
                CommandContribution.of("leak-fail", "Fail with a secret in the message", (args, io) -> {
                    throw new IllegalStateException("request failed: Authorization=Bearer "
                            + secrets().get(2) + " client_secret="
                            + URLEncoder.encode(secrets().get(1), StandardCharsets.UTF_8));
                }));
    }

    /** Printed in two pieces and without a line end: masking must not depend on whole lines or one call. */
    private static void print(PrintStream err, String secret) {
        int half = secret.length() / 2;
        err.print("Authorization=Bearer " + secret.substring(0, half));
        err.print(secret.substring(half));
        err.print(' ');
    }

    private List<String> secrets() {
        return SECRET_SETTINGS.stream().map(key -> context.settings().string(key).orElse("")).toList();
    }

    private static String spellings(String secret) {
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return String.join(" ", "literal=" + secret, "url=" + url, "tilde=" + url.replace("%7E", "~"),
                "json={\"v\":\"" + secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/") + "\"}",
                "basic=" + Base64.getEncoder().encodeToString(("u:" + secret).getBytes(StandardCharsets.UTF_8)),
                "basic2=" + Base64.getUrlEncoder().encodeToString(("us:" + secret).getBytes(StandardCharsets.UTF_8)),
                "b64=" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes this plugin as a jar a plugins folder can hold: its one class and its service entry.
     *
     * @param jar the jar file to write
     * @return the jar
     * @throws IOException when writing fails
     */
    public static Path writeJar(Path jar) throws IOException {
        String classFile = LeakyPlugin.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             InputStream bytes = LeakyPlugin.class.getClassLoader().getResourceAsStream(classFile)) {
            if (bytes == null) {
                throw new IOException("cannot read " + classFile + " from the class path");
            }
            out.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/io.secai.api.Plugin"));
            out.write((LeakyPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
