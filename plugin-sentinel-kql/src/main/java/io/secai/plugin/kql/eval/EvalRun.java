package io.secai.plugin.kql.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.SecAiException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code eval kql} run over a JSON-lines file of {@code {"question", "kql"}}: each question is scored by
 * {@link KqlEvaluation} at most {@code concurrency} at a time, and its record is appended to
 * {@code <results>.jsonl} as soon as it is done, so that an interrupted run loses nothing and {@code --resume}
 * carries on with the questions not yet there. At the end every record (earlier runs' included) is summarised to
 * {@code <results>.json} and as a table.
 */
public final class EvalRun {
    /** Log Analytics runs at most five queries of one user at once; more only queue or get throttled. */
    public static final int MAX_CONCURRENCY = 5;

    private final ObjectMapper json;
    private final KqlEvaluation evaluation;
    private final PrintWriter err;

    /**
     * @param json the mapper
     * @param evaluation scores one question
     * @param err receives the progress bar and notes
     */
    public EvalRun(ObjectMapper json, KqlEvaluation evaluation, PrintWriter err) {
        this.json = json;
        this.evaluation = evaluation;
        this.err = err;
    }

    /** One input line. */
    record Question(int line, String question, String kql) {
    }

    /**
     * @param input the questions
     * @param results where records go ({@code .jsonl}, appended) and the summary ({@code .json})
     * @param limit how many questions at most (0: all)
     * @param resume whether to keep earlier records and skip their questions
     * @param concurrency questions at once, 1 to {@link #MAX_CONCURRENCY}
     * @return every record, by line
     */
    public List<EvalRecord> run(Path input, Path results, int limit, boolean resume, int concurrency)
            throws IOException, InterruptedException {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new SecAiException("--concurrency must be 1 to " + MAX_CONCURRENCY
                    + " (Log Analytics runs at most five queries of one user at once).");
        }
        List<Question> questions = read(input);
        if (limit > 0 && questions.size() > limit) {
            questions = questions.subList(0, limit);
        }
        Path lines = results.resolveSibling(results.getFileName() + "l");
        Map<Integer, EvalRecord> done = new LinkedHashMap<>();
        if (resume && Files.exists(lines)) {
            for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
                try {
                    EvalRecord record = json.readValue(line, EvalRecord.class);
                    done.put(record.line(), record);
                } catch (IOException tornLine) {
                    // A line cut short by the interruption: its question runs again.
                }
            }
        } else {
            Files.deleteIfExists(lines);
        }
        Set<Integer> wanted = new HashSet<>();
        questions.forEach(q -> wanted.add(q.line()));
        done.keySet().retainAll(wanted);
        List<Question> todo = questions.stream().filter(q -> !done.containsKey(q.line())).toList();
        if (!done.isEmpty()) {
            err.println("Resuming: " + done.size() + " of " + questions.size() + " questions already scored.");
        }
        rewrite(lines, done.values());
        AtomicInteger finished = new AtomicInteger(done.size());
        int total = questions.size();
        progress(finished.get(), total);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "secai-eval-kql");
            thread.setDaemon(true);
            return thread;
        });
        try (BufferedWriter out = Files.newBufferedWriter(lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Question q : todo) {
                futures.add(pool.submit(() -> {
                    EvalRecord record = evaluation.score(q.line(), q.question(), q.kql());
                    synchronized (out) {
                        out.write(json.writeValueAsString(record));
                        out.newLine();
                        out.flush();
                        done.put(q.line(), record);
                    }
                    progress(finished.incrementAndGet(), total);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new SecAiException("The evaluation stopped: " + e.getCause().getMessage()
                            + " (scored questions are kept; run again with --resume)", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            err.println();
        }
        List<EvalRecord> all;
        synchronized (done) {
            all = new ArrayList<>(done.values());
        }
        all.sort(Comparator.comparingInt(EvalRecord::line));
        json.writerWithDefaultPrettyPrinter().writeValue(results.toFile(), EvalSummary.of(all).toJson(json, all));
        return all;
    }

    private void rewrite(Path lines, Iterable<EvalRecord> records) throws IOException {
        List<String> text = new ArrayList<>();
        for (EvalRecord record : records) {
            text.add(json.writeValueAsString(record));
        }
        Files.write(lines, text, StandardCharsets.UTF_8);
    }

    private List<Question> read(Path input) throws IOException {
        List<Question> questions = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecAiException("Cannot read " + input + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(lines.get(i));
            } catch (IOException e) {
                throw new SecAiException(input + " line " + (i + 1) + " is not JSON.");
            }
            String question = node.path("question").asText("");
            String kql = node.path("kql").asText("");
            if (question.isBlank() || kql.isBlank()) {
                throw new SecAiException(input + " line " + (i + 1) + " needs \"question\" and \"kql\" text.");
            }
            questions.add(new Question(i + 1, question, kql));
        }
        return questions;
    }

    private synchronized void progress(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }
}
