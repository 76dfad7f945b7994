package io.secai.terminal.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.secai.api.Check;
import io.secai.terminal.render.Style;
import picocli.CommandLine.Command;

/**
 * {@code secai doctor}: checks the configuration the way prompts use it, one line per check, and exits 1 when any
 * failed. A failed line ends with the fix, so that the output is a to-do list.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the configuration, the sign-in, the model deployment (one 1-token call), the "
                + "workspace (print 1), its schema and each plugin: one line each, with the fix for what failed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed (its line says how to fix it)"})
final class DoctorCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;

    private final SecAiCommand root;

    DoctorCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        List<Check> checks = root.engine().checks();
        Style style = root.io().style();
        for (Check check : checks) {
            root.io().out().println(line(check, style));
        }
        long failed = checks.stream().filter(check -> !check.ok()).count();
        root.io().out().println(failed == 0 ? "All " + checks.size() + " checks passed."
                : failed + " of " + checks.size() + (checks.size() == 1 ? " check" : " checks") + " failed.");
        root.io().out().flush();
        return failed == 0 ? 0 : EXIT_FAILED;
    }

    static String line(Check check, Style style) {
        String mark = check.ok() ? style.good("PASS") : style.bad("FAIL");
        StringBuilder line = new StringBuilder(mark).append("  ").append(check.name());
        if (!check.detail().isBlank()) {
            line.append(": ").append(check.detail().strip());
        }
        if (!check.ok() && !check.fix().isBlank()) {
            line.append(" -> Fix: ").append(check.fix().strip());
        }
        return line.toString();
    }
}
