package io.secai.engine.loading;

import java.util.concurrent.Callable;

/**
 * Runs plugin code with the plugin's loader as the thread's context class loader, as libraries inside plugins
 * (azure-core finding its HTTP client, Jackson finding modules, ServiceLoader without a loader) expect.
 */
final class WithClassLoader {

    private WithClassLoader() {
    }

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
}
