package io.secai.engine.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;

/**
 * How the API's values that sessions store map to JSON. The API keeps Jackson out of its types (and their
 * constructors private so that fields can be added), so the mapping lives here: each value is written as its fields
 * and read back through its constructor. The JSON is the one the API's former records produced, so files written
 * before stay readable.
 */
final class ApiJsonMixins {

    private ApiJsonMixins() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("secai-api-values");
        module.setMixInAnnotation(Task.class, TaskJson.class);
        module.setMixInAnnotation(TaskResult.class, TaskResultJson.class);
        module.setMixInAnnotation(TaskRecord.class, TaskRecordJson.class);
        module.setMixInAnnotation(ResultTable.class, ResultTableJson.class);
        module.setMixInAnnotation(ResultTable.Column.class, ColumnJson.class);
        module.setMixInAnnotation(Artifact.class, ArtifactJson.class);
        module.setMixInAnnotation(TokenUsage.class, TokenUsageJson.class);
        return module;
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    private abstract static class FieldsOnly {
    }

    private abstract static class TaskJson extends FieldsOnly {
        @JsonCreator
        TaskJson(@JsonProperty("plugin") String plugin, @JsonProperty("capability") String capability,
                 @JsonProperty("instruction") String instruction, @JsonProperty("inputs") Map<String, String> inputs) {
        }
    }

    private abstract static class TaskResultJson extends FieldsOnly {
        @JsonCreator
        TaskResultJson(@JsonProperty("status") TaskResult.Status status, @JsonProperty("markdown") String markdown,
                       @JsonProperty("table") Optional<ResultTable> table,
                       @JsonProperty("artifacts") List<Artifact> artifacts, @JsonProperty("usage") TokenUsage usage,
                       @JsonProperty("warnings") List<String> warnings,
                       @JsonProperty("contextText") Optional<String> contextText) {
        }
    }

    private abstract static class TaskRecordJson extends FieldsOnly {
        @JsonCreator
        TaskRecordJson(@JsonProperty("task") Task task, @JsonProperty("result") TaskResult result) {
        }
    }

    private abstract static class ResultTableJson extends FieldsOnly {
        @JsonCreator
        ResultTableJson(@JsonProperty("columns") List<ResultTable.Column> columns,
                        @JsonProperty("rows") List<List<Object>> rows, @JsonProperty("totalRows") long totalRows,
                        @JsonProperty("truncated") boolean truncated) {
        }
    }

    private abstract static class ColumnJson extends FieldsOnly {
        @JsonCreator
        ColumnJson(@JsonProperty("name") String name, @JsonProperty("type") ResultTable.ColumnType type) {
        }
    }

    private abstract static class ArtifactJson extends FieldsOnly {
        @JsonCreator
        ArtifactJson(@JsonProperty("kind") Artifact.Kind kind, @JsonProperty("label") String label,
                     @JsonProperty("value") String value) {
        }
    }

    private abstract static class TokenUsageJson extends FieldsOnly {
        @JsonCreator
        // cachedPromptTokens (1.1) is absent from older files and reads as 0.
        TokenUsageJson(@JsonProperty("calls") long calls, @JsonProperty("promptTokens") long promptTokens,
                       @JsonProperty("completionTokens") long completionTokens,
                       @JsonProperty("cachedPromptTokens") long cachedPromptTokens) {
        }
    }
}
