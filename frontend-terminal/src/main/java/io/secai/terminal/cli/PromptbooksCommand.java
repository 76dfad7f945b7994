package io.secai.terminal.cli;

import java.util.concurrent.Callable;

import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.terminal.render.PromptbookReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code secai promptbooks [list]}: the promptbooks that loaded, with their inputs, and the files that did not. */
@Command(name = "promptbooks", mixinStandardHelpOptions = true,
        description = "List the promptbooks (saved investigations): name, inputs, description, and the files that "
                + "did not load with their line and reason. Run one with: secai run NAME --input KEY=VALUE.")
final class PromptbooksCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "list", description = "list (the default)")
    String action;

    private final SecAiCommand root;

    PromptbooksCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (action != null && !action.equals("list")) {
            root.io().err().println("Unknown action " + action + "; use: secai promptbooks list");
            return AskCommand.EXIT_REFUSED;
        }
        PromptbookLibrary library = PromptbookLibrary.load(root.engine().settings());
        PromptbookReport.lines(library, root.io().style()).forEach(root.io().out()::println);
        return 0;
    }
}
