package io.secai.web.render;

import io.secai.engine.ProgressEvent;
import io.secai.api.ResultTable;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewsTest {

    @Test
    void largeTableReachesTheEventStreamAsItsFirstRowsWithTheCount() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            rows.add(List.of("host-" + i));
        }
        TaskResult result = TaskResult.builder().markdown("many").table(ResultTable.of(
                List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING)), rows)).build();

        Views.Named named = new Views(new MarkdownRenderer()).event(
                new ProgressEvent.TaskFinished(0, Task.of("kql", "run", "all"), result), new IdentityHashMap<>());

        Views.TableView table = ((Views.TaskFinishedView) named.data()).result().table();
        assertThat(table.rows()).hasSize(Views.PAGE_ROWS);
        assertThat(table.totalRows()).isEqualTo(200_000);
        assertThat(table.truncated()).isTrue();
    }
}
