package io.secai.engine.llm;

import com.azure.ai.openai.models.ChatCompletionsJsonSchemaResponseFormat;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestAssistantMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.JsonSchema;
import io.secai.api.ServiceException;
import io.secai.api.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The format on its own, for what the wire tests in {@link AzureOpenAiClientTest} do not reach: an open schema, a
 * schema that is not JSON, a proxy that drops the usage, a refusal.
 */
class AzureChatFormatTest {

    /** Counts words, so that the estimate's arithmetic can be checked by hand. */
    private final AzureChatFormat format = new AzureChatFormat(0.1, 800, text -> text.isBlank() ? 0
            : text.strip().split("\\s+").length);

    private static ChatRequest conversation() {
        return ChatRequest.of("test", List.of(ChatMessage.system("Be brief."), ChatMessage.user("list open incidents"),
                ChatMessage.assistant("Three are open.")));
    }

    @Test
    void mapsEachRoleAndTakesTheDefaultsUnlessTheRequestSetsItsOwn() {
        ChatCompletionsOptions defaults = format.options(conversation());
        ChatCompletionsOptions own = format.options(conversation().withTemperature(0.7).withMaxTokens(99));

        assertThat(defaults.getMessages()).hasExactlyElementsOfTypes(ChatRequestSystemMessage.class,
                ChatRequestUserMessage.class, ChatRequestAssistantMessage.class);
        assertThat(defaults.getTemperature()).isEqualTo(0.1);
        assertThat(defaults.getMaxTokens()).isEqualTo(800);
        assertThat(defaults.getResponseFormat()).isNull();
        assertThat(own.getTemperature()).isEqualTo(0.7);
        assertThat(own.getMaxTokens()).isEqualTo(99);
    }

    @Test
    void onlyASchemaThatClosesItsRootObjectIsSentAsStrict() {
        String open = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}";
        String closed = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},"
                + "\"additionalProperties\":false}";

        ChatCompletionsJsonSchemaResponseFormat sentOpen = (ChatCompletionsJsonSchemaResponseFormat) format
                .options(conversation().withSchema(JsonSchema.of("open_schema", open))).getResponseFormat();
        ChatCompletionsJsonSchemaResponseFormat sentClosed = (ChatCompletionsJsonSchemaResponseFormat) format
                .options(conversation().withSchema(JsonSchema.of("closed_schema", closed))).getResponseFormat();

        assertThat(sentOpen.getJsonSchema().getName()).isEqualTo("open_schema");
        assertThat(sentOpen.getJsonSchema().isStrict()).isFalse();
        assertThat(sentClosed.getJsonSchema().isStrict()).isTrue();
        assertThat(sentClosed.getJsonSchema().getSchema().toString()).isEqualTo(closed);
    }

    @Test
    void withoutAReportedUsageTheTokensAreEstimatedAsTheModelBillsThem() {
        TokenUsage usage = format.usage(null, conversation(), "one two three four");

        // 3 for the reply's priming, and per message its tokens plus 3: (2 + 3) + (3 + 3) + (3 + 3).
        assertThat(usage).isEqualTo(TokenUsage.of(1, 3 + 5 + 6 + 6, 4));
    }

    @Test
    void aRefusalOrAWithheldAnswerIsRejectedWithAMessageTheUserCanActOn() {
        ServiceException refused = catchThrowableOfType(ServiceException.class,
                () -> AzureChatFormat.rejectFilteredOrRefused("stop", null, "I can't help with that."));
        ServiceException withheld = catchThrowableOfType(ServiceException.class,
                () -> AzureChatFormat.rejectFilteredOrRefused("content_filter", null, ""));

        assertThat(refused.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(refused.getMessage()).endsWith("the model refused: I can't help with that.");
        assertThat(withheld.kind()).isEqualTo(ServiceException.Kind.REJECTED);
        assertThat(withheld.getMessage()).contains("content filter withheld the answer (category: not stated)");
        assertThatCode(() -> AzureChatFormat.rejectFilteredOrRefused("length", null, " ")).doesNotThrowAnyException();
    }

    @Test
    void aSchemaThatIsNotJsonIsNamedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> format.options(conversation().withSchema(JsonSchema.of("broken", "{\"type\":"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JSON schema \"broken\" is not valid JSON");
    }
}
