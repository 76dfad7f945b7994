package io.secai.plugin.fetchurl.extract;

/** Extraction stopped because its deadline passed or the user cancelled. */
public final class ExtractionStoppedException extends RuntimeException {

    private final boolean cancelled;

    ExtractionStoppedException(boolean cancelled, String message) {
        super(message, null, false, false);
        this.cancelled = cancelled;
    }

    /** @return true when the user cancelled, false when the deadline passed */
    public boolean cancelled() {
        return cancelled;
    }
}
