package io.secai.terminal.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code io.secai.terminal.Main} in a child JVM, as {@code ./secai} does, with this test's class path, a clean
 * environment (no Azure variables of the machine leak in), its own home folder and working folder.
 */
final class SecAiProcess {
    private final Path home;
    private final Path workingDirectory;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new java.util.HashMap<>();

    SecAiProcess(Path home, Path workingDirectory) {
        this.home = home;
        this.workingDirectory = workingDirectory;
    }

    SecAiProcess jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    SecAiProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** What a finished run wrote and returned. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(process.getInputStream(), out);
        Thread errPump = pump(process.getErrorStream(), err);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("secai did not finish: " + out.toString(StandardCharsets.UTF_8) + "\n"
                    + err.toString(StandardCharsets.UTF_8));
        }
        outPump.join();
        errPump.join();
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + home);
        command.add("-Xshare:auto");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.secai.terminal.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        thread.start();
        return thread;
    }
}
