package io.secai.kql.bench;

import io.secai.kql.examples.ExampleIndex;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.examples.KqlExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The nearest library examples of every question of every source, for the example-vote signal
 * ({@link io.secai.kql.examples.ExampleVotes}); picked once, at the largest neighbour count tried.
 *
 * <p>The library is the community hunting queries, read and indexed by the product's own {@link ExampleLibrary}
 * against each source's schema (so only examples the guard admits there, reading tables that schema has, can vote).
 * Leakage: a community question may not be answered from its own page (the KFold group), nor from any example whose
 * query is, up to case and white space, one of its page's queries (the same query copied to another page). The
 * Defender and own questions are a different corpus, so the whole library serves them.
 */
record LibraryNeighbours(List<List<List<ExampleIndex.Pick>>> nearest, int admitted, int refused) {

    static LibraryNeighbours find(Path shared, QuestionSources data, int most) throws IOException {
        try (CommunityLibrary community = CommunityLibrary.write(shared)) {
            ExampleLibrary library = new ExampleLibrary(List.of(community.folder()), note -> { });
            List<KqlExample> examples = library.examples();
            Map<String, Set<String>> idsByPage = new HashMap<>();
            Map<String, Set<String>> idsByQuery = new HashMap<>();
            for (KqlExample example : examples) {
                idsByPage.computeIfAbsent(CommunityLibrary.pageOf(example.id()), p -> new HashSet<>())
                        .add(example.id());
                idsByQuery.computeIfAbsent(normalised(example.kql()), q -> new HashSet<>()).add(example.id());
            }
            Map<String, String> queryOf = new HashMap<>();
            examples.forEach(e -> queryOf.put(e.id(), normalised(e.kql())));
            List<List<List<ExampleIndex.Pick>>> nearest = new ArrayList<>();
            int admitted = 0;
            int refused = 0;
            for (QuestionSources.Source source : data.sources()) {
                ExampleIndex index = library.index(source.schema());
                if (source.name().equals("community")) {
                    admitted = index.size();
                    refused = index.refused();
                }
                boolean sameCorpus = source.name().equals("community");
                List<List<ExampleIndex.Pick>> bySource = new ArrayList<>();
                for (QuestionSources.Case c : source.cases()) {
                    Set<String> exclude = new HashSet<>();
                    if (sameCorpus) {
                        Set<String> page = idsByPage.getOrDefault(CommunityLibrary.pageId(c.group()), Set.of());
                        if (page.isEmpty()) {
                            throw new IllegalStateException("no library page for the question's group " + c.group());
                        }
                        exclude.addAll(page);
                        for (String id : page) {
                            exclude.addAll(idsByQuery.get(queryOf.get(id)));
                        }
                    }
                    bySource.add(index.pick(c.question(), most, List.of(), exclude));
                }
                nearest.add(bySource);
            }
            return new LibraryNeighbours(nearest, admitted, refused);
        }
    }

    private static String normalised(String kql) {
        return kql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
