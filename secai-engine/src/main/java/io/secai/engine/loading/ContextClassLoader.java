package io.secai.engine.loading;

import java.util.concurrent.Callable;

/**
 * Runs plugin code with the plugin's loader as the thread's context class loader, as libraries inside plugins
 * (azure-core finding its HTTP client, Jackson finding modules, ServiceLoader without a loader) expect. The one
 * place where the engine swaps it, for calls that return a value and for those that do not.
 */
final class ContextClassLoader {

    private ContextClassLoader() {
    }

    /**
     * Calls {@code action} with {@code loader} as the context class loader, restoring the previous one after.
     *
     * @param loader the plugin's loader
     * @param action the call
     * @param <T> what it returns
     * @return what the call returned
     * @throws Exception whatever the call threw
     */
    static <T> T call(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Runs {@code action} with {@code loader} as the context class loader, restoring the previous one after.
     *
     * @param loader the plugin's loader
     * @param action the call; what it throws passes through unchanged
     */
    static void run(ClassLoader loader, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
