package io.secai.engine.loading;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads plugins are created, described and started on: one per processor (loading a plugin's classes is
 * what takes the time, and that is work for a processor), at least two, at most one per plugin. Whatever a task throws beyond
 * what the installer turns into a plugin's failure is thrown again, unchanged, to whoever awaits it.
 */
final class StartPool implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService threads;

    private StartPool(ExecutorService threads) {
        this.threads = threads;
    }

    static StartPool create(int plugins) {
        // At least two: a plugin may also wait in its start (a file, a process it runs), not only compute.
        int size = Math.max(1, Math.min(plugins, Math.max(2, Runtime.getRuntime().availableProcessors())));
        int pool = POOLS.incrementAndGet();
        AtomicInteger number = new AtomicInteger();
        return new StartPool(Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "secai-plugin-start-" + pool + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    <T> Future<T> submit(Callable<T> task) {
        return threads.submit(task);
    }

    /** Waits for a task; its exception, if any, is thrown as it was. */
    static <T> T await(Future<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // Plugins are half started: finish, so that all of them can be closed, then keep the interrupt.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
