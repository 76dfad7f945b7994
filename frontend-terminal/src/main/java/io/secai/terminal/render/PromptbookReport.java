package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.List;

import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.engine.promptbook.PromptbookProblem;

/**
 * What {@code secai promptbooks} and the shell's {@code promptbooks} print: each promptbook with its inputs, then
 * the files that did not load, each with its path, line and reason.
 */
public final class PromptbookReport {
    private PromptbookReport() {
    }

    /**
     * @param library the loaded promptbooks
     * @param style ANSI or plain
     * @return the lines to print
     */
    public static List<String> lines(PromptbookLibrary library, Style style) {
        List<String> lines = new ArrayList<>();
        for (Promptbook book : library.all()) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add(style.bold(book.name()) + "  " + style.dim(book.prompts().size() + " prompts"
                    + (book.tags().isEmpty() ? "" : ", tags: " + String.join(", ", book.tags()))));
            lines.add("  " + TextWidth.singleLine(book.description()));
            for (Promptbook.Input input : book.inputs()) {
                lines.add("  " + style.bullet() + " " + TextWidth.singleLine(input.name())
                        + (input.required() ? "" : style.dim(" (default: "
                        + TextWidth.singleLine(input.defaultValue().orElseThrow()) + ")"))
                        + (input.description().isBlank() ? "" : " - " + TextWidth.singleLine(input.description())));
            }
            lines.add("  " + style.dim("source: " + TextWidth.singleLine(book.source())));
        }
        if (lines.isEmpty()) {
            lines.add("No promptbooks.");
        }
        lines.add("");
        lines.add(library.all().size() + " promptbooks; saved ones live in " + library.saveDirectory()
                + "; more folders: " + PromptbookLibrary.DIRS_SETTING + ".");
        for (PromptbookProblem problem : library.problems()) {
            lines.add(style.bad("not loaded: ") + TextWidth.singleLine(problem.toString()));
        }
        return lines;
    }
}
