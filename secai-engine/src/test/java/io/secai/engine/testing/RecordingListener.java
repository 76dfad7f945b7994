package io.secai.engine.testing;

import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every progress event of a run, in the order the engine sent them, for the test to inspect afterwards. */
public final class RecordingListener implements ProgressListener {

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(ProgressEvent event) {
        events.add(event);
    }

    /** @return every event so far, in order */
    public List<ProgressEvent> events() {
        return List.copyOf(events);
    }

    /**
     * @param type an event type
     * @param <T> the type
     * @return the events of that type, in order
     */
    public <T extends ProgressEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** @return the simple names of the event types, in order, to check the sequence at a glance */
    public List<String> kinds() {
        return events.stream().map(event -> event.getClass().getSimpleName()).toList();
    }
}
