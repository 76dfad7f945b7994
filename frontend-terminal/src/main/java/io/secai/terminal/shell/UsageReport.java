package io.secai.terminal.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

import io.secai.api.TokenUsage;
import io.secai.engine.Engine;
import io.secai.engine.ModelUsage;
import io.secai.engine.session.SessionTranscript;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TableRenderer;
import io.secai.terminal.usage.Pricing;

/** The shell's {@code usage} command: tokens and estimated cost per prompt of the session, and per model. */
final class UsageReport {
    private final Engine engine;
    private final ShellState state;
    private final PrintWriter out;
    private final Style style;
    private final TableRenderer tables;
    private final Pricing pricing;
    private final IntSupplier width;

    UsageReport(Engine engine, ShellState state, PrintWriter out, Style style, Pricing pricing, IntSupplier width) {
        this.engine = engine;
        this.state = state;
        this.out = out;
        this.style = style;
        this.tables = new TableRenderer(style);
        this.pricing = pricing;
        this.width = width;
    }

    void print() {
        Optional<SessionTranscript> transcript = state.currentId() == null ? Optional.empty()
                : engine.sessions().transcript(state.owner(), state.currentId());
        if (transcript.isEmpty() || transcript.get().turns().isEmpty()) {
            println("No prompts in this session yet.");
            return;
        }
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("#", true),
                new TableRenderer.Column("prompt", false), new TableRenderer.Column("calls", true),
                new TableRenderer.Column("prompt tokens", true), new TableRenderer.Column("completion tokens", true),
                new TableRenderer.Column("cost", true));
        List<List<String>> rows = new ArrayList<>();
        TokenUsage total = TokenUsage.NONE;
        int number = 1;
        for (SessionTranscript.Turn turn : transcript.get().turns()) {
            TokenUsage usage = turn.outcome().usage();
            total = total.plus(usage);
            rows.add(List.of(String.valueOf(number++), turn.prompt(), String.valueOf(usage.calls()),
                    String.valueOf(usage.promptTokens()), String.valueOf(usage.completionTokens()),
                    pricing.costText(usage).orElse("-")));
        }
        rows.add(List.of("", "session total", String.valueOf(total.calls()), String.valueOf(total.promptTokens()),
                String.valueOf(total.completionTokens()), pricing.costText(total).orElse("-")));
        tables.render(columns, rows, width.getAsInt()).forEach(this::println);
        modelUsage();
        if (pricing.cost(total).isEmpty()) {
            println(style.dim("Set " + Pricing.PROMPT_KEY + " and " + Pricing.COMPLETION_KEY
                    + " (price per 1,000 tokens) to see an estimated cost."));
        }
    }

    /** Per model since the start, each priced by its own profile, so a cheap planner and a strong writer differ. */
    private void modelUsage() {
        List<ModelUsage> models = engine.modelUsage();
        if (models.isEmpty()) {
            return;
        }
        println("By model, since SecAI started:");
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("profile", false),
                new TableRenderer.Column("model", false), new TableRenderer.Column("calls", true),
                new TableRenderer.Column("prompt tokens", true), new TableRenderer.Column("completion tokens", true),
                new TableRenderer.Column("cost", true));
        List<List<String>> rows = new ArrayList<>();
        boolean estimated = false;
        for (ModelUsage model : models) {
            estimated |= !model.exactTokens();
            rows.add(List.of(model.profile(), model.label() + (model.exactTokens() ? "" : " *"),
                    String.valueOf(model.usage().calls()), String.valueOf(model.usage().promptTokens()),
                    String.valueOf(model.usage().completionTokens()),
                    pricing.forModel(model).costText(model.usage()).orElse("-")));
        }
        tables.render(columns, rows, width.getAsInt()).forEach(this::println);
        if (estimated) {
            println(style.dim("* no known tokenizer for this model: where its server reports no usage, tokens are "
                    + "an estimate (about 4 characters per token)."));
        }
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
