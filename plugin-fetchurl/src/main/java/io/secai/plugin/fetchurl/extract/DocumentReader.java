package io.secai.plugin.fetchurl.extract;

import io.secai.plugin.fetchurl.fetch.FetchedPage;
import java.util.function.BooleanSupplier;

/** Turns a fetched document into the content the model reads. */
@FunctionalInterface
public interface DocumentReader {

    /**
     * @param page the downloaded document
     * @param cancelled true once the user cancelled
     * @return its readable content, saying what kind of document it was
     * @throws ExtractionStoppedException when the user cancelled
     */
    ExtractedPage read(FetchedPage page, BooleanSupplier cancelled);
}
