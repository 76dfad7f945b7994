package io.secai.plugin.kql.workspace;

import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.engine.EngineOptions;
import io.secai.engine.config.SettingsLoader;
import io.secai.kql.guard.CrossWorkspace;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One resolver for every way a workspace is configured, with the default's precedence and hostile settings. */
class WorkspacesTest {
    private static final String HOME = "11111111-1111-1111-1111-111111111111";
    private static final String EMEA = "22222222-2222-2222-2222-222222222222";
    private static final String US = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path dir;

    /** The engine's real settings, read from HOCON text as application.conf is. */
    private Settings hocon(String conf) throws IOException {
        Path file = Files.writeString(dir.resolve("application.conf"), conf);
        return SettingsLoader.load(new EngineOptions(Optional.of(file), Optional.empty(), Optional.empty(), dir,
                Map.of(), Map.of()), List.of());
    }

    @Test
    void onlyTheWorkspaceIdIsTheDefaultNamedDefault() {
        Workspaces workspaces = new Workspaces(MapSettings.empty().with("azure.workspace-id", HOME));
        assertThat(workspaces.all()).extracting(ConfiguredWorkspace::alias).containsExactly("default");
        assertThat(workspaces.resolve(Optional.empty()).id()).isEqualTo(HOME);
        assertThat(workspaces.resolve(Optional.of("DEFAULT")).id()).isEqualTo(HOME);
        assertThat(workspaces.problems()).isEmpty();
    }

    @Test
    void aliasesResolveByAliasNameOrIdAndTheDefaultFollowsItsPrecedence() throws IOException {
        Settings settings = hocon("""
                azure.workspace-id = "%s"
                azure.workspaces {
                  emea { id = "%s", name = "law-emea-prod", subscription = "sub-1", resource-group = "rg-emea" }
                  us = "%s"
                }
                """.formatted(HOME, EMEA, US));
        Workspaces workspaces = new Workspaces(settings);
        // azure.workspace-id is the default when azure.default-workspace is unset.
        assertThat(workspaces.all()).extracting(ConfiguredWorkspace::alias).containsExactly("default", "emea", "us");
        assertThat(workspaces.resolve(Optional.of("EMEA")).id()).isEqualTo(EMEA);
        assertThat(workspaces.resolve(Optional.of("Law-Emea-Prod")).alias()).isEqualTo("emea");
        assertThat(workspaces.resolve(Optional.of(US)).alias()).isEqualTo("us");
        ConfiguredWorkspace emea = workspaces.resolve(Optional.of("emea"));
        assertThat(emea.subscription()).contains("sub-1");
        assertThat(emea.resourceGroup()).contains("rg-emea");
        assertThat(emea.label()).isEqualTo("emea (" + EMEA + ")");
        assertThatThrownBy(() -> workspaces.resolve(Optional.of("apac"))).isInstanceOf(SecAiException.class)
                .hasMessageContaining("No workspace named 'apac'")
                .hasMessageContaining("default, emea, us")
                .hasMessageContaining("azure.workspaces.<alias>.id");

        // azure.default-workspace names an alias and wins over azure.workspace-id.
        Workspaces chosen = new Workspaces(hocon("""
                azure.workspace-id = "%s"
                azure.default-workspace = us
                azure.workspaces { emea.id = "%s", us.id = "%s" }
                """.formatted(HOME, EMEA, US)));
        assertThat(chosen.resolve(Optional.empty()).alias()).isEqualTo("us");
        assertThat(chosen.resolve(Optional.of("default")).alias()).isEqualTo("us");
        // With no default setting, a single alias is the default; two are not.
        assertThat(new Workspaces(MapSettings.empty().with("azure.workspaces.emea.id", EMEA))
                .resolve(Optional.empty()).alias()).isEqualTo("emea");
        Workspaces two = new Workspaces(MapSettings.empty().with("azure.workspaces.emea.id", EMEA)
                .with("azure.workspaces.us.id", US));
        assertThatThrownBy(() -> two.resolve(Optional.empty())).hasMessageContaining("No default Log Analytics"
                + " workspace").hasMessageContaining("azure.default-workspace");
        // The default workspace's id under an alias is that alias, not a second workspace.
        Workspaces same = new Workspaces(MapSettings.empty().with("azure.workspace-id", EMEA)
                .with("azure.workspaces.emea.id", EMEA));
        assertThat(same.all()).extracting(ConfiguredWorkspace::alias).containsExactly("emea");
    }

    @Test
    void theOldKeyStillWorksWithADeprecationLineAndTheNewKeyWinsOnAClash() {
        Workspaces workspaces = new Workspaces(MapSettings.empty().with("azure.workspace-id", HOME)
                .with("plugins.sentinel-kql.workspaces.soc", EMEA)
                .with("plugins.sentinel-kql.workspaces.us", HOME)
                .with("azure.workspaces.us.id", US));
        assertThat(workspaces.resolve(Optional.of("soc")).id()).isEqualTo(EMEA);
        assertThat(workspaces.resolve(Optional.of("us")).id()).isEqualTo(US);
        assertThat(workspaces.deprecations()).containsExactly(
                "plugins.sentinel-kql.workspaces.soc is deprecated; write azure.workspaces.soc.id = \"<id>\" instead"
                        + " (still read for now)",
                "plugins.sentinel-kql.workspaces.us is deprecated and ignored: azure.workspaces.us defines that"
                        + " alias");
    }

    @Test
    void hostileAliasesAreSkippedWithAnEscapedProblemAndTheRestStillWork() throws IOException {
        Settings settings = hocon("""
                azure.workspace-id = "%s"
                azure.workspaces {
                  "em\\"ea" = "%s"
                  "\u0435mea" = "%s"
                  "em\u202eae" = "%s"
                  "a.b" = "%s"
                  "' or 1=1 --" = "%s"
                  default = "%s"
                  bad-id = "not a guid; drop"
                  emea { id = "%s", colour = "blue" }
                  EMEA = "%s"
                }
                """.formatted(HOME, EMEA, EMEA, EMEA, EMEA, EMEA, EMEA, EMEA, US));
        Workspaces workspaces = new Workspaces(settings);
        assertThat(workspaces.all()).extracting(ConfiguredWorkspace::alias)
                .containsExactlyInAnyOrder("default", "EMEA");
        // Aliases ignore case: of "EMEA" and "emea" the first in key order counts, the other is reported.
        assertThat(workspaces.resolve(Optional.of("emea")).id()).isEqualTo(US);
        assertThat(workspaces.problems()).hasSize(9).allSatisfy(problem -> assertThat(problem)
                .doesNotContain("\u202e", "\u0435", "\"").containsPattern("\\p{ASCII}*"))
                .anyMatch(problem -> problem.contains("em\\u0022ea") && problem.contains("ASCII letters"))
                .anyMatch(problem -> problem.contains("\\u0435mea"))
                .anyMatch(problem -> problem.contains("'default' names azure.workspace-id"))
                .anyMatch(problem -> problem.contains("bad-id: the id is not a workspace id"))
                .anyMatch(problem -> problem.contains("emea.colour: unknown key"))
                .anyMatch(problem -> problem.contains("defined twice"));
        assertThatThrownBy(() -> workspaces.resolve(Optional.of("\u0435mea")))
                .hasMessageContaining("No workspace named '\\u0435mea'");
    }

    @Test
    void manyAliasesResolveAndTheGuardKnowsThemAll() {
        Map<String, String> values = new java.util.HashMap<>(Map.of("azure.workspace-id", HOME));
        for (int i = 0; i < 1000; i++) {
            values.put("azure.workspaces.customer-" + i + ".id", String.format("00000000-0000-0000-0000-%012d", i));
        }
        Workspaces workspaces = new Workspaces(new MapSettings(values));
        assertThat(workspaces.all()).hasSize(1001);
        assertThat(workspaces.resolve(Optional.of("customer-999")).id()).endsWith("000000000999");
        CrossWorkspace cross = workspaces.crossWorkspace(true, id -> WorkspaceSchema.of(List.of()));
        assertThat(cross.find("CUSTOMER-500")).get().extracting(CrossWorkspace.Target::id)
                .isEqualTo("00000000-0000-0000-0000-000000000500");
        assertThat(cross.find("customer-1000")).isEmpty();
    }
}
