package io.secai.plugin.kql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.secai.kql.skill.ApiKeys;
import io.secai.kql.skill.ApiSkill;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.skill.InputType;
import io.secai.kql.skill.KqlSkill;
import io.secai.kql.skill.SkillFiles;
import io.secai.kql.skill.SkillInputException;

/**
 * {@code secai skills list} (the KQL, GPT and API skills loaded, the files that did not load, the skills of formats
 * not run) and {@code secai skills check FILE} (the file reads, placeholders match inputs, types are valid, a KQL
 * template filled with a sample value per type passes the read-only guard, an API skill's host is fixed and the
 * settings its header keys come from are set). Offline: the guard's name checks are off; no API is called.
 */
final class SkillsCommand {
    private static final Map<InputType, String> SAMPLES = Map.of(InputType.STRING, "sample", InputType.INT, "1",
            InputType.DATETIME, "2026-01-01", InputType.TIMESPAN, "1d", InputType.STRING_LIST, "a,b");

    private final Supplier<SkillFiles.Loaded> loaded;
    private final Optional<SkillCalls> calls;
    private final ApiKeys.Lookup keys;

    SkillsCommand(Supplier<SkillFiles.Loaded> loaded) {
        this(loaded, Optional.empty(), ApiKeys.plain(key -> Optional.empty()));
    }

    /**
     * @param loaded the skills loaded at start
     * @param calls {@code describe} and {@code run}, when offered
     * @param keys finds the {@code skills.api.*} keys, so that {@code check} can tell whether an API skill's keys
     *     are set and may go to its host
     */
    SkillsCommand(Supplier<SkillFiles.Loaded> loaded, Optional<SkillCalls> calls, ApiKeys.Lookup keys) {
        this.loaded = loaded;
        this.calls = calls;
        this.keys = keys;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.equals(List.of("list")) || args.isEmpty()) {
            list(loaded.get(), out);
            return 0;
        }
        if (args.size() == 2 && args.get(0).equals("check")) {
            return check(Path.of(args.get(1)), out, err);
        }
        if (calls.isPresent() && args.equals(List.of("describe"))) {
            return calls.get().describe(out);
        }
        if (calls.isPresent() && !args.isEmpty() && args.get(0).equals("run")) {
            return calls.get().run(args.subList(1, args.size()), out, err);
        }
        err.println("Usage: secai skills list | secai skills check FILE | secai skills describe"
                + " | secai skills run NAME [INPUT=VALUE]...");
        return 2;
    }

    private static void list(SkillFiles.Loaded skills, PrintStream out) {
        for (KqlSkill skill : skills.skills()) {
            out.println(skill.name() + "  (KQL, workspace " + skill.target() + ")");
            out.println("  " + skill.description());
            printInputs(skill.inputs(), out);
            out.println("  source: " + skill.source());
        }
        out.println(skills.skills().size() + " KQL skills.");
        for (io.secai.kql.skill.GptSkill skill : skills.gptSkills()) {
            out.println(skill.name() + "  (GPT, run by the gpt plugin)");
            out.println("  " + skill.description());
            printInputs(skill.inputs(), out);
            out.println("  source: " + skill.source());
        }
        if (!skills.gptSkills().isEmpty()) {
            out.println(skills.gptSkills().size() + " GPT skills.");
        }
        for (ApiSkill skill : skills.apiSkills()) {
            out.println(skill.name() + "  (API, " + skill.method() + " " + skill.url().host()
                    + ", run by the fetchurl plugin)");
            out.println("  " + skill.description());
            printInputs(skill.inputs(), out);
            if (!skill.settingKeys().isEmpty()) {
                out.println("  keys from settings: " + String.join(", ", skill.settingKeys()));
            }
            out.println("  source: " + skill.source());
        }
        if (!skills.apiSkills().isEmpty()) {
            out.println(skills.apiSkills().size() + " API skills.");
        }
        skills.problems().forEach(problem -> out.println("not loaded: " + problem));
        skills.unsupported().forEach(note -> out.println("not supported: " + note));
    }

    /** One line per input: its name, type, default and description. */
    private static void printInputs(List<KqlSkill.Input> inputs, PrintStream out) {
        for (KqlSkill.Input input : inputs) {
            out.println("  - " + input.name() + ": " + input.type().written()
                    + input.defaultValue().map(value -> " (default " + value + ")").orElse("")
                    + (input.description().isBlank() ? "" : " - " + input.description()));
        }
    }

    private int check(Path file, PrintStream out, PrintStream err) {
        String text;
        try {
            if (Files.size(file) > SkillFiles.MAX_FILE_BYTES) {
                err.println(file + ": the file is larger than " + SkillFiles.MAX_FILE_BYTES + " bytes");
                return 1;
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(file + ": cannot read the file: " + e.getMessage());
            return 1;
        }
        SkillFiles.Loaded loaded = new SkillFiles().read(text, file.toString());
        boolean ok = loaded.problems().isEmpty();
        loaded.problems().forEach(err::println);
        loaded.unsupported().forEach(note -> out.println("not supported: " + note));
        KqlGuard guard = new KqlGuard(WorkspaceSchema.of(List.of()), GuardOptions.defaults());
        for (KqlSkill skill : loaded.skills()) {
            Map<String, String> samples = new java.util.LinkedHashMap<>();
            skill.inputs().forEach(input -> samples.put(input.name(), SAMPLES.get(input.type())));
            try {
                GuardReport report = guard.check(skill.query(samples));
                if (report.passed()) {
                    out.println(skill.name() + ": OK (placeholders match the inputs, types valid, the query with"
                            + " sample values passes the guard)");
                } else {
                    ok = false;
                    err.println(file + ": skill " + skill.name() + ": the query with sample values fails the guard: "
                            + String.join("; ", report.flags()));
                }
            } catch (SkillInputException e) {
                ok = false;
                err.println(file + ": skill " + skill.name() + ": " + e.getMessage());
            }
        }
        for (io.secai.kql.skill.GptSkill skill : loaded.gptSkills()) {
            Map<String, String> samples = new java.util.LinkedHashMap<>();
            skill.inputs().forEach(input -> samples.put(input.name(), SAMPLES.get(input.type())));
            try {
                skill.fill(samples);
                out.println(skill.name() + ": OK (GPT; placeholders match the inputs, types valid)");
            } catch (SkillInputException e) {
                ok = false;
                err.println(file + ": skill " + skill.name() + ": " + e.getMessage());
            }
        }
        for (ApiSkill skill : loaded.apiSkills()) {
            ok &= checkApi(file, skill, out, err);
        }
        return ok ? 0 : 1;
    }

    /** The file's rules were checked when it was read; here: filled with samples, and the keys set. */
    private boolean checkApi(Path file, ApiSkill skill, PrintStream out, PrintStream err) {
        boolean ok = true;
        String host = skill.url().host();
        for (String key : skill.settingKeys()) {
            Optional<ApiKeys.Key> found;
            try {
                found = keys.find(key);
            } catch (SkillInputException e) {
                ok = false;
                err.println(file + ": skill " + skill.name() + ": " + e.getMessage());
                continue;
            }
            if (found.isEmpty()) {
                ok = false;
                err.println(file + ": skill " + skill.name() + ": the setting " + key + " is not set (the key of a"
                        + " header; set it in application.conf, e.g. " + key + " { value = ${?MY_API_KEY}, hosts = [\""
                        + host + "\"] })");
            } else if (!found.get().allows(host)) {
                ok = false;
                err.println(file + ": skill " + skill.name() + ": refused: it would send the key " + key + " to "
                        + host + ", but that key is bound to " + String.join(", ", found.get().hosts())
                        + " (add the host to " + key + ".hosts only if it should have the key)");
            } else if (!found.get().bound()) {
                // Allowed, as before binding existed; but any skill file may send this key to any host.
                err.println(file + ": skill " + skill.name() + ": warning: the key " + key + " is not bound to a"
                        + " host, so any skill file can send it anywhere; write " + key + " { value = ..., hosts = [\""
                        + host + "\"] }");
            }
        }
        Map<String, String> samples = new java.util.LinkedHashMap<>();
        skill.inputs().forEach(input -> samples.put(input.name(), SAMPLES.get(input.type())));
        try {
            // Sample keys: the real ones are never read here, so nothing secret can be printed.
            ApiSkill.Request request = skill.fill(samples, key -> Optional.of("sample-key"));
            if (ok) {
                out.println(skill.name() + ": OK (API; " + request.method() + " to " + skill.url().host()
                        + ", host fixed, placeholders match the inputs, types valid, keys come from settings: "
                        + (skill.settingKeys().isEmpty() ? "none" : String.join(", ", skill.settingKeys()))
                        + ")");
            }
        } catch (SkillInputException e) {
            ok = false;
            err.println(file + ": skill " + skill.name() + ": " + e.getMessage());
        }
        return ok;
    }
}
