package io.secai.terminal.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.secai.api.Artifact;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.Task;
import io.secai.terminal.render.Durations;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TextWidth;

/**
 * Shows a running prompt: on a terminal a live "planning…" line with the elapsed time until the plan arrives, then
 * the plan, then a line per task. On a terminal the running task's line is redrawn in place
 * with a spinner and the elapsed time; in plain output every event is one line of its own and nothing is redrawn.
 *
 * <p>Events arrive on the engine's worker thread and the spinner ticks on a thread of its own, so every write holds
 * this object's lock.
 */
public final class ProgressPrinter implements ProgressListener, AutoCloseable {
    private static final String[] SPINNER_ANSI = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final long TICK_MILLIS = 120;

    private final PrintWriter out;
    private final Style style;
    private final IntSupplier width;
    private final ScheduledExecutorService ticker;

    private int taskCount;
    private int runningIndex = -1;
    private Task runningTask;
    private long runningSince;
    private String runningMessage = "";
    private int streamedChars;
    private int frame;
    private boolean liveLineShown;
    /** Until the plan arrives the live line says "planning…" with the time since the prompt was sent. */
    private boolean planning;
    private final long planningSince = System.nanoTime();

    /**
     * @param out where to write
     * @param style ANSI (live lines) or plain (one line per event)
     * @param width the current terminal width, asked at each redraw because the window may be resized
     */
    public ProgressPrinter(PrintWriter out, Style style, IntSupplier width) {
        this.out = out;
        this.style = style;
        this.width = width;
        if (style.ansi()) {
            this.planning = true;
            this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "secai-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            this.ticker = null;
        }
    }

    @Override
    public synchronized void on(ProgressEvent event) {
        if (event instanceof ProgressEvent.PlanReady plan) {
            planning = false;
            planReady(plan.tasks(), plan.note());
        } else if (event instanceof ProgressEvent.TaskStarted started) {
            runningIndex = started.index();
            runningTask = started.task();
            runningSince = System.nanoTime();
            runningMessage = "";
            streamedChars = 0;
            if (style.ansi()) {
                drawLive();
            } else {
                println(label(started.index(), started.task()) + " started");
            }
        } else if (event instanceof ProgressEvent.TaskProgress progress) {
            runningMessage = TextWidth.singleLine(progress.message());
            if (style.ansi()) {
                drawLive();
            } else {
                println("      " + runningMessage);
            }
        } else if (event instanceof ProgressEvent.TaskArtifact artifact) {
            println("      " + artifactLine(artifact.artifact()));
        } else if (event instanceof ProgressEvent.TaskTextDelta delta) {
            streamedChars += delta.text().length();
            runningMessage = "writing (" + streamedChars + " characters)";
        } else if (event instanceof ProgressEvent.TaskFinished finished) {
            String elapsed = runningIndex == finished.index() ? Durations.format(elapsedOfRunning()) : "";
            runningIndex = -1;
            runningTask = null;
            String head = label(finished.index(), finished.task());
            if (finished.result().succeeded()) {
                println((style.ansi() ? style.good("✔") + " " : "") + head + " done in " + elapsed);
            } else {
                println((style.ansi() ? style.bad("✖") + " " : "") + head + " failed after " + elapsed + ": "
                        + TextWidth.singleLine(firstLine(finished.result().markdown())));
            }
        } else if (event instanceof ProgressEvent.Waiting waiting) {
            println(style.warn("waiting " + seconds(waiting.delay()) + ": " + TextWidth.singleLine(waiting.service())
                    + " " + TextWidth.singleLine(waiting.reason())));
        } else if (event instanceof ProgressEvent.Notice notice) {
            println(style.dim("note: " + TextWidth.singleLine(notice.message())));
        } else if (event instanceof ProgressEvent.PromptFinished) {
            planning = false;
            clearLive();
            out.flush();
        }
    }

    private void planReady(List<Task> tasks, String note) {
        taskCount = tasks.size();
        println(style.bold("Plan") + style.dim(" (" + tasks.size() + (tasks.size() == 1 ? " task)" : " tasks)")));
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            println(TextWidth.cut("  " + (i + 1) + ". " + TextWidth.singleLine(task.plugin() + "/"
                    + task.capability() + ": " + task.instruction()), Math.max(20, width.getAsInt() - 1),
                    style.ellipsis()));
        }
        if (note != null && !note.isBlank()) {
            println(style.dim("  (" + TextWidth.singleLine(note) + ")"));
        }
    }

    private String artifactLine(Artifact artifact) {
        String value = TextWidth.singleLine(artifact.value()).replaceAll(" {2,}", " ");
        String line = TextWidth.singleLine(artifact.label()) + ": " + value;
        return style.dim(TextWidth.cut(line, Math.max(20, width.getAsInt() - 7), style.ellipsis()));
    }

    private String label(int index, Task task) {
        String position = taskCount > 0 ? "[" + (index + 1) + "/" + taskCount + "]" : "[" + (index + 1) + "]";
        return position + " " + TextWidth.singleLine(task.plugin() + "/" + task.capability());
    }

    private synchronized void tick() {
        if (runningTask != null || planning) {
            frame++;
            drawLive();
        }
    }

    private void drawLive() {
        String spinner = SPINNER_ANSI[frame % SPINNER_ANSI.length];
        if (runningTask == null && planning) {
            out.print("\r" + style.accent(spinner) + " " + style.dim("planning… "
                    + Durations.format(Duration.ofNanos(System.nanoTime() - planningSince))) + "\u001b[K");
            out.flush();
            liveLineShown = true;
            return;
        }
        if (runningTask == null) {
            return;
        }
        String text = label(runningIndex, runningTask)
                + (runningMessage.isEmpty() ? "" : " " + (style.ansi() ? "·" : "-") + " " + runningMessage)
                + " " + Durations.format(elapsedOfRunning());
        String line = TextWidth.cut(text, Math.max(20, width.getAsInt() - 3), style.ellipsis());
        out.print("\r" + style.accent(spinner) + " " + line + "\u001b[K");
        out.flush();
        liveLineShown = true;
    }

    private void clearLive() {
        if (liveLineShown) {
            out.print("\r\u001b[K");
            liveLineShown = false;
        }
    }

    private void println(String line) {
        clearLive();
        out.println(line);
        if (style.ansi()) {
            drawLive();
        }
        out.flush();
    }

    private Duration elapsedOfRunning() {
        return Duration.ofNanos(System.nanoTime() - runningSince);
    }

    private static String seconds(Duration delay) {
        long millis = delay.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : Durations.format(delay);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Stops the spinner and removes the live line. */
    @Override
    public synchronized void close() {
        planning = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearLive();
        out.flush();
    }
}
