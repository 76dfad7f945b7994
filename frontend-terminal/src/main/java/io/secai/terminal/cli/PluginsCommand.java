package io.secai.terminal.cli;

import java.util.concurrent.Callable;

import io.secai.terminal.render.PluginReport;
import picocli.CommandLine.Command;

/** {@code secai plugins}: every plugin found, loaded or failed with the reason. Exits 0 even when some failed. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every plugin found in plugins-dir: name, version, API version, capabilities, source, "
                + "and LOADED or FAILED with the reason.")
final class PluginsCommand implements Callable<Integer> {
    private final SecAiCommand root;

    PluginsCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        PluginReport.lines(root.engine().plugins(), root.io().style()).forEach(root.io().out()::println);
        return 0;
    }
}
