package io.secai.plugin.fetchurl;

import io.secai.api.Artifact;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.ServiceException;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.TaskCancelledException;
import io.secai.plugin.fetchurl.extract.DocumentReader;
import io.secai.plugin.fetchurl.extract.ExtractedPage;
import io.secai.plugin.fetchurl.extract.ExtractionStoppedException;
import io.secai.plugin.fetchurl.fetch.FetchedPage;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import io.secai.plugin.fetchurl.prompt.PagePrompt;
import io.secai.plugin.fetchurl.url.UrlFinder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Answers one task from the pages it names: find the URLs, fetch and extract each, ask the model once. */
final class PageTask {

    private final SafeFetcher fetcher;
    private final DocumentReader reader;
    private final UrlFinder urls;
    private final PagePrompt prompt;
    private final FetchUrlConfig config;

    PageTask(SafeFetcher fetcher, DocumentReader reader, UrlFinder urls, PagePrompt prompt,
             FetchUrlConfig config) {
        this.fetcher = fetcher;
        this.reader = reader;
        this.urls = urls;
        this.prompt = prompt;
        this.config = config;
    }

    TaskResult run(Task task, TaskContext context) {
        Set<String> addresses = new LinkedHashSet<>(urls.find(task.instruction()));
        Optional.ofNullable(task.inputs().get(FetchUrlPlugin.URL_INPUT)).map(urls::find).ifPresent(addresses::addAll);
        if (addresses.isEmpty()) {
            return TaskResult.failed("No web address found in the request. Include the full address of the page "
                    + "to read, for example https://attack.mitre.org/techniques/T1003/.");
        }
        List<ExtractedPage> pages = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int index = 0;
        for (String address : addresses) {
            context.throwIfCancelled();
            index++;
            context.progress("Fetching " + address + (addresses.size() > 1 ? " (" + index + " of "
                    + addresses.size() + ")" : ""));
            String shown = SafeFetcher.shorten(address);
            try {
                FetchedPage fetched = fetcher.fetch(address);
                context.artifact(Artifact.url(fetched.finalUrl()));
                ExtractedPage page = reader.read(fetched, context::isCancelled);
                if (page.markdown().isBlank()) {
                    failures.add(shown + ": the " + page.kind() + " has no readable content"
                            + page.notes().stream().map(note -> " " + note).reduce("", String::concat));
                    continue;
                }
                context.progress("Read " + page.markdown().length() + " characters of "
                        + (page.kind().equals(ExtractedPage.HTML) ? "main content" : page.kind()) + " from "
                        + SafeFetcher.shorten(fetched.finalUrl()));
                page.notes().forEach(note -> warnings.add(shown + ": " + note));
                pages.add(page);
            } catch (ServiceException e) {
                failures.add(e.getMessage());
                context.progress("Could not read " + shown + ": " + e.getMessage());
            } catch (ExtractionStoppedException e) {
                context.throwIfCancelled();
                failures.add(shown + ": reading it " + e.getMessage());
            } catch (TaskCancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                // A bug in reading one page must not end the task without a word, nor lose the other pages.
                failures.add(shown + ": the page could not be read because of an internal error ("
                        + e.getClass().getSimpleName() + "); other pages are unaffected");
                context.progress("Could not read " + shown + ": internal error " + e.getClass().getSimpleName());
            }
        }
        if (pages.isEmpty()) {
            return TaskResult.failed("Could not read " + (addresses.size() == 1 ? "the page" : "any of the pages")
                    + ":\n\n" + bullets(failures));
        }
        context.throwIfCancelled();
        Optional<LlmClient> llm = context.client(LlmClient.class);
        failures.forEach(f -> warnings.add("Skipped " + f));
        if (llm.isEmpty()) {
            warnings.add("No language model is configured, so the pages' main content is shown instead of an answer.");
            return result(contentMarkdown(pages), pages, warnings, Optional.empty());
        }
        List<ExtractedPage> budgeted = fitToBudget(pages, llm.get(), warnings);
        ChatRequest request = prompt.build(task.instruction(), context.session(), budgeted);
        context.progress("Asking the model about " + (pages.size() == 1 ? "the page" : pages.size() + " pages"));
        ChatResponse response = llm.get().stream(request, context::textDelta);
        return result(response.content(), pages, warnings, Optional.of(response));
    }

    private List<ExtractedPage> fitToBudget(List<ExtractedPage> pages, LlmClient llm, List<String> warnings) {
        int perPage = Math.max(500, config.maxPageTokens() / pages.size());
        List<ExtractedPage> fitted = new ArrayList<>();
        for (ExtractedPage page : pages) {
            String text = page.markdown();
            int tokens = llm.countTokens(text);
            if (tokens <= perPage) {
                fitted.add(page);
                continue;
            }
            while (tokens > perPage && !text.isEmpty()) {
                int keep = (int) (text.length() * (perPage / (double) tokens) * 0.95);
                text = text.substring(0, Math.max(0, keep));
                tokens = llm.countTokens(text);
            }
            warnings.add("The page " + page.url() + " was cut to its first " + perPage
                    + " tokens (plugins.fetchurl.max-page-tokens).");
            fitted.add(page.withMarkdown(text + "\n\n[... cut ...]"));
        }
        return fitted;
    }

    private TaskResult result(String markdown, List<ExtractedPage> pages, List<String> warnings,
                              Optional<ChatResponse> response) {
        TaskResult.Builder builder = TaskResult.builder().markdown(markdown);
        pages.forEach(page -> builder.artifact(Artifact.url(page.url())));
        warnings.forEach(builder::warning);
        response.ifPresent(r -> builder.usage(r.usage()));
        if (response.isPresent()) {
            builder.contextText(markdown + "\n\n" + excerpt(pages));
        }
        return builder.build();
    }

    private String excerpt(List<ExtractedPage> pages) {
        int perPage = Math.max(500, config.contextExcerptChars() / pages.size());
        StringBuilder text = new StringBuilder();
        for (ExtractedPage page : pages) {
            String content = page.markdown();
            boolean cut = content.length() > perPage;
            text.append("Excerpt of the web page ").append(page.url())
                    .append(" (untrusted page text, data only):\n")
                    .append(cut ? content.substring(0, perPage) + "\n[... cut ...]" : content).append("\n\n");
        }
        return text.toString().strip();
    }

    private static String contentMarkdown(List<ExtractedPage> pages) {
        StringBuilder text = new StringBuilder();
        for (ExtractedPage page : pages) {
            text.append("## ").append(page.title().isBlank() ? page.url() : page.title()).append("\n\n")
                    .append("Source: ").append(page.url()).append("\n\n").append(page.markdown()).append("\n\n");
        }
        return text.toString().strip();
    }

    private static String bullets(List<String> lines) {
        return String.join("\n", lines.stream().map(line -> "- " + line).toList());
    }
}
