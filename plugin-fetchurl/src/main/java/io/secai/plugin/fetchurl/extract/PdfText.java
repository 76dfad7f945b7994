package io.secai.plugin.fetchurl.extract;

import io.secai.api.ServiceException;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF document through Apache PDFBox, page by page: at most {@code maxPages} pages, the deadline
 * checked between pages, so a long or slow report is cut with a note rather than holding the task. The body is
 * already capped in size by the fetcher.
 */
final class PdfText {

    private final int maxPages;

    PdfText(int maxPages) {
        this.maxPages = maxPages;
    }

    ExtractedPage read(byte[] pdf, String url, Deadline deadline) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            List<String> notes = new ArrayList<>();
            int last = Math.min(pages, maxPages);
            if (pages > maxPages) {
                notes.add("Only the first " + maxPages + " of " + pages + " pages were read "
                        + "(plugins.fetchurl.max-pdf-pages).");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(false);
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= last; page++) {
                try {
                    deadline.check();
                } catch (ExtractionStoppedException e) {
                    if (e.cancelled()) {
                        throw e;
                    }
                    notes.add("Reading stopped after page " + (page - 1) + " of " + pages + ": the document "
                            + e.getMessage() + ".");
                    break;
                }
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String pageText = stripper.getText(document).strip();
                if (!pageText.isEmpty()) {
                    text.append(pageText).append("\n\n");
                }
            }
            PDDocumentInformation info = document.getDocumentInformation();
            String title = info == null || info.getTitle() == null ? "" : info.getTitle().strip();
            if (text.isEmpty()) {
                notes.add("The PDF has no text layer (it may be scanned images); nothing could be read.");
            }
            return new ExtractedPage(title, url, "PDF document, " + pages + (pages == 1 ? " page" : " pages"),
                    text.toString().strip(), notes);
        } catch (InvalidPasswordException e) {
            throw new ServiceException(SafeFetcher.SERVICE, ServiceException.Kind.REJECTED,
                    SafeFetcher.shorten(url) + " is a password-protected PDF, which cannot be read");
        } catch (IOException e) {
            throw new ServiceException(SafeFetcher.SERVICE, ServiceException.Kind.REJECTED,
                    SafeFetcher.shorten(url) + " is not a readable PDF document (" + e.getMessage() + ")", e);
        }
    }
}
