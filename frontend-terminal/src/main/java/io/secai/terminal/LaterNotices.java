package io.secai.terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds notices the engine raises after its start (a device code to enter, a sign-in that failed) until the
 * command that shows them is ready, then hands each one over as it arrives. Thread-safe: the engine calls it from
 * its background threads.
 */
public final class LaterNotices implements Consumer<String> {
    private final List<String> waiting = new ArrayList<>();
    private Consumer<String> sink;

    @Override
    public void accept(String notice) {
        Consumer<String> target;
        synchronized (this) {
            if (sink == null) {
                waiting.add(notice);
                return;
            }
            target = sink;
        }
        target.accept(notice);
    }

    /**
     * Shows the notices held so far, then every later one, through {@code target}.
     *
     * @param target where notices go from now on
     */
    public void showThrough(Consumer<String> target) {
        List<String> held;
        synchronized (this) {
            sink = target;
            held = List.copyOf(waiting);
            waiting.clear();
        }
        held.forEach(target);
    }
}
