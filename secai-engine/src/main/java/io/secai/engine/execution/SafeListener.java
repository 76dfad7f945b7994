package io.secai.engine.execution;

import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes events on and keeps a failing listener (a closed browser, a broken terminal) from breaking the run. */
final class SafeListener implements ProgressListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final ProgressListener delegate;
    private final String runId;

    SafeListener(ProgressListener delegate, String runId) {
        this.delegate = delegate;
        this.runId = runId;
    }

    @Override
    public void on(ProgressEvent event) {
        try {
            delegate.on(event);
        } catch (RuntimeException e) {
            LOG.warn("A progress listener of run {} failed on {}; the run goes on", runId,
                    event.getClass().getSimpleName(), e);
        }
    }
}
