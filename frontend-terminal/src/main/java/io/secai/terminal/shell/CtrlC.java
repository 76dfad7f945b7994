package io.secai.terminal.shell;

import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import org.jline.terminal.Terminal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a run while Ctrl-C cancels it instead of ending the shell: the shell's prompts and its promptbooks
 * both wait this way.
 */
final class CtrlC {

    private CtrlC() {
    }

    /**
     * @param terminal the shell's terminal, whose Ctrl-C handler is swapped for the wait
     * @param outcome the run's outcome
     * @param cancel cancels the run
     * @param progress told that the run is being cancelled
     * @return the outcome, or empty when this thread was interrupted (the run is cancelled then)
     */
    static <T> Optional<T> await(Terminal terminal, CompletableFuture<T> outcome, Runnable cancel,
                                 ProgressListener progress) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            cancel.run();
            progress.on(new ProgressEvent.Notice("cancelling..."));
        });
        try {
            return Optional.of(outcome.get());
        } catch (InterruptedException e) {
            cancel.run();
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            // Runs complete normally by contract: a failure is an outcome, not an exception.
            throw new IllegalStateException("a run broke its promise to complete normally", e.getCause());
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }
}
