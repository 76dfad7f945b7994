package io.secai.engine.promptbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptbookLibraryTest {

    @TempDir
    Path folder;

    @Test
    void aBrokenFileIsReportedWithPathLineAndReasonWhileTheOthersLoad() throws IOException {
        Path team = Files.createDirectories(folder.resolve("team"));
        Files.writeString(team.resolve("a-good.yaml"), "name: host-check\ndescription: one host\ninputs:\n"
                + "  - name: Host\n    description: a host name\nprompts:\n  - Show the alerts of <Host>\n");
        Files.writeString(team.resolve("b-broken.yaml"), "name: broken\ndescription: x\nprompts:\n"
                + "  - Look up <Hots>\n");
        Files.writeString(team.resolve("c-twin.yml"), "name: incident-investigation\ndescription: x\n"
                + "prompts: [y]\n");
        Files.writeString(team.resolve("notes.txt"), "not a promptbook");

        PromptbookLibrary library = PromptbookLibrary.load(List.of(team, folder.resolve("missing")),
                folder.resolve("saved"));

        assertThat(library.all()).extracting(Promptbook::name)
                .containsExactly("host-check", "incident-investigation", "url-to-detection");
        assertThat(library.problems()).extracting(PromptbookProblem::toString).containsExactly(
                team.resolve("b-broken.yaml") + ":4: the prompts use <Hots> but no input Hots is declared",
                team.resolve("c-twin.yml") + ": the name incident-investigation is taken by"
                        + " built-in:incident-investigation.yaml; this file is not loaded",
                folder.resolve("missing") + ": not a folder (named by promptbooks.dirs)");
    }

    @Test
    void savedPromptsLoadAgainAndNothingIsOverwritten() throws IOException {
        Path saved = folder.resolve("saved");
        PromptbookLibrary library = PromptbookLibrary.load(List.of(), saved);
        List<String> prompts = List.of("Show the alerts of today", "Summarise them: \"who\", 'what' and #why");

        Path file = library.save("morning-check", "From the shell", prompts);

        PromptbookLibrary reloaded = PromptbookLibrary.load(List.of(), saved);
        assertThat(reloaded.problems()).isEmpty();
        Promptbook book = reloaded.find("morning-check").orElseThrow();
        assertThat(book.fill(Map.of())).isEqualTo(prompts);
        assertThat(book.source()).isEqualTo(file.toString());
        String before = Files.readString(file);
        assertThatThrownBy(() -> reloaded.save("morning-check", "again", List.of("x")))
                .hasMessageContaining("exists");
        assertThatThrownBy(() -> library.save("morning-check", "again", List.of("x")))
                .hasMessageContaining("exists");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThatThrownBy(() -> library.save("../escape", "x", List.of("x"))).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> library.save("tagged", "x", List.of("Look up <Host>")))
                .hasMessageContaining("<Host>");
        assertThat(saved.resolve("tagged.yaml")).doesNotExist();
    }
}
