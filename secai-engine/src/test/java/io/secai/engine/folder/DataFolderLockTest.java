package io.secai.engine.folder;

import io.secai.engine.Engine;
import io.secai.engine.PromptOutcome;
import io.secai.engine.session.SessionStoreException;
import io.secai.engine.testing.EngineUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One writer per data folder, with a second process (a child JVM) and with two engines in one JVM. */
class DataFolderLockTest {

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    @Test
    void secondProcessOnTheSameDataFolderAttachesReadOnlyAndAStaleLockIsRecovered() throws Exception {
        Engine writer = secai.start();
        String kept = writer.sessions().create(OWNER).id();
        writer.close();
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                secai.dataDir().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            Engine second = secai.start();

            assertThat(second.notices()).anySatisfy(notice -> assertThat(notice).contains(
                    "is in use by SecAI process " + other.pid() + " (secai web, started ", "read-only",
                    "secai.data-dir"));
            assertThat(second.sessions().list(OWNER)).extracting(info -> info.id()).contains(kept);
            PromptOutcome refused = await(second.submit(kept, "Which hosts are risky?", null));
            assertThat(refused.status()).isEqualTo(PromptOutcome.Status.REFUSED);
            assertThat(refused.message()).contains("is in use by SecAI process " + other.pid());
            assertThatThrownBy(() -> second.sessions().create(OWNER)).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("read-only");
            second.close();
        } finally {
            other.destroyForcibly();
            other.waitFor(30, TimeUnit.SECONDS);
        }

        Engine after = secai.start();

        assertThat(after.notices()).anySatisfy(notice -> assertThat(notice).isEqualTo("SecAI process "
                + other.pid() + " (started " + notice.substring(notice.indexOf("(started ") + 9,
                notice.indexOf(")")) + ") ended without closing; its data folder lock was taken over."));
        assertThat(after.notices()).noneMatch(notice -> notice.contains("read-only"));
        assertThat(after.sessions().create(OWNER).id()).isNotBlank();
    }

    @Test
    void twoEnginesInOneProcessHaveOneWriterAndTheFolderIsFreeAfterClose() {
        Engine first = secai.start();
        Engine second = secai.start();

        assertThat(first.notices()).noneMatch(notice -> notice.contains("read-only"));
        assertThat(second.notices()).anyMatch(notice -> notice.contains("read-only"));
        first.close();
        second.close();

        List<String> notices = secai.start().notices();
        assertThat(notices).noneMatch(notice -> notice.contains("read-only") || notice.contains("taken over"));
    }
}
