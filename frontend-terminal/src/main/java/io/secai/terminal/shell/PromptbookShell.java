package io.secai.terminal.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import org.jline.terminal.Terminal;

import io.secai.engine.Engine;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookException;
import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.engine.promptbook.PromptbookOutcome;
import io.secai.engine.promptbook.PromptbookRun;
import io.secai.engine.session.SessionTranscript;
import io.secai.terminal.progress.ProgressPrinter;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.PromptbookReport;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TextWidth;
import io.secai.terminal.usage.Pricing;

/**
 * The shell's promptbook commands: {@code promptbooks}, {@code run NAME KEY=VALUE ...} (in the current session,
 * each step shown as a typed prompt is) and {@code save-promptbook NAME} (this session's prompts, in order). The
 * library is read again for each command, so a file edited meanwhile is picked up.
 */
final class PromptbookShell {
    private final Engine engine;
    private final Terminal terminal;
    private final String owner;
    private final Style style;
    private final OutcomeRenderer outcomes;
    private final Pricing pricing;
    private final IntSupplier width;
    private final PrintWriter out;

    PromptbookShell(Engine engine, Terminal terminal, String owner, Style style, OutcomeRenderer outcomes,
                    Pricing pricing, IntSupplier width) {
        this.engine = engine;
        this.terminal = terminal;
        this.owner = owner;
        this.style = style;
        this.outcomes = outcomes;
        this.pricing = pricing;
        this.width = width;
        this.out = terminal.writer();
    }

    List<String> list() {
        return PromptbookReport.lines(PromptbookLibrary.load(engine.settings()), style);
    }

    void run(String sessionId, List<String> args) {
        PromptbookLibrary library = PromptbookLibrary.load(engine.settings());
        Optional<Promptbook> promptbook = library.find(args.get(0));
        if (promptbook.isEmpty()) {
            println(style.bad("No promptbook " + TextWidth.singleLine(args.get(0)) + ".") + " Type promptbooks to"
                    + " list them" + (library.problems().isEmpty() ? "" : " (and the files that did not load)") + ".");
            return;
        }
        Map<String, String> values;
        try {
            values = Promptbook.inputs(words(String.join(" ", args.subList(1, args.size()))));
        } catch (PromptbookException e) {
            println(style.bad(e.getMessage()));
            return;
        }
        PromptbookOutcome outcome;
        try (ProgressPrinter progress = new ProgressPrinter(out, style, width)) {
            PromptbookRun.StepListener steps = new PromptbookRun.StepListener() {
                @Override
                public void starting(int number, int total, String prompt) {
                    synchronized (progress) {
                        println(style.bold("Step " + number + " of " + total + ": ") + TextWidth.singleLine(prompt));
                    }
                }

                @Override
                public void finished(int number, int total, PromptbookOutcome.Step step) {
                    synchronized (progress) {
                        outcomes.render(step.outcome(), pricing, width.getAsInt()).forEach(PromptbookShell.this::println);
                    }
                }
            };
            PromptbookRun run = PromptbookRun.start(engine, sessionId, promptbook.get(), values, progress, steps);
            Optional<PromptbookOutcome> finished = CtrlC.await(terminal, run.outcome(), run::cancel, progress);
            if (finished.isEmpty()) {
                return;
            }
            outcome = finished.get();
        }
        if (outcome.succeeded()) {
            println(style.good("Promptbook " + outcome.promptbook() + " done: " + outcome.steps().size()
                    + " steps."));
        } else {
            println(style.bad(TextWidth.singleLine(outcome.message())));
        }
    }

    void save(String sessionId, String name) {
        Optional<SessionTranscript> transcript = engine.sessions().transcript(owner, sessionId);
        List<String> prompts = transcript.map(t -> t.turns().stream().map(SessionTranscript.Turn::prompt).toList())
                .orElse(List.of());
        try {
            Path file = PromptbookLibrary.load(engine.settings()).save(name, "Saved from a shell session of "
                    + prompts.size() + " prompts.", prompts);
            println("Saved " + prompts.size() + " prompts as the promptbook " + name + " (" + file + "). Edit the file"
                    + " to turn values into inputs written <Name>.");
        } catch (PromptbookException e) {
            println(style.bad(e.getMessage()));
        }
    }

    /**
     * Splits {@code KEY=VALUE} words, keeping double-quoted parts together: {@code User="Alice Smith"}.
     *
     * @param text the words
     * @return the words, quotes removed
     */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
