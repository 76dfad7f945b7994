package io.secai.kql.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.JsonSchema;
import io.secai.api.LlmClient;
import io.secai.api.ServiceException;
import io.secai.api.SessionContext;
import io.secai.api.UntrustedText;
import io.secai.kql.examples.KqlExample;
import io.secai.kql.schema.TableInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One KQL-writing conversation with the model, shared by the plugins that write KQL (Sentinel, Defender XDR
 * advanced hunting): in one call it asks for the tables, the KQL and a one-line rationale over a shortlist of tables
 * with their columns; earlier results of the session go in fenced as data, so that "the AlertIds from the previous
 * incident" can become literal values. The conversation is kept so that a rejected query goes back with the reason
 * and the model repairs its own answer. What differs between the services (which KQL dialect, which references are
 * forbidden) is the caller's system text.
 */
public final class KqlConversation {
    /** The JSON the model answers with. */
    public static final JsonSchema ANSWER = JsonSchema.of("kql_query", """
            {"type":"object","additionalProperties":false,"required":["tables","kql","rationale","timespan"],
             "properties":{
               "tables":{"type":"array","items":{"type":"string"},"description":"tables the query reads"},
               "kql":{"type":"string","description":"one read-only KQL query"},
               "rationale":{"type":"string","description":"one line: why these tables and filters"},
               "timespan":{"type":"string","description":"ISO-8601 duration such as P30D or PT24H covering the\
             time the user asked about, or an empty string"}}}""");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*([dhm])");

    private final LlmClient llm;
    private final ObjectMapper json = new ObjectMapper();
    private final List<ChatMessage> conversation = new ArrayList<>();
    /** One fence for the whole conversation: the system message states its marker once. */
    private final UntrustedText fence = UntrustedText.newFence();

    /**
     * Starts a conversation for one task.
     *
     * @param llm the model
     * @param systemRules the service's rules, ending with a line break; the fence's instruction is appended
     * @param instruction the task, in the user's words
     * @param tables the shortlisted tables, best first
     * @param examples known-good queries close to the task, best first; fenced as data
     * @param session the session, whose earlier prompts and results go into the prompt fenced as data
     * @param closingNote a line after the task (for example that the query runs elsewhere), or empty
     */
    public KqlConversation(LlmClient llm, String systemRules, String instruction, List<TableInfo> tables,
                           List<KqlExample> examples, SessionContext session, String closingNote) {
        this.llm = llm;
        String sessionText = session.asPromptText(fence);
        // Stable first (the rules, then the tables), the per-request fence's instruction after them, the changing
        // parts (examples, session, task) last: the service's prompt cache can reuse everything before the marker.
        StringBuilder system = new StringBuilder(systemRules);
        system.append("\nTables (best match first; a column is a string unless a type follows its name):\n");
        for (TableInfo table : tables) {
            system.append("- ").append(table.name());
            if (!table.description().isEmpty()) {
                system.append(": ").append(table.description());
            }
            system.append("\n  columns: ").append(columnList(table)).append('\n');
            if (!table.keyFields().isEmpty()) {
                system.append("  key fields: ").append(String.join(", ", table.keyFields())).append('\n');
            }
        }
        system.append('\n').append(fence.instruction());
        conversation.add(ChatMessage.system(system.toString()));
        StringBuilder prompt = new StringBuilder();
        if (!examples.isEmpty()) {
            // Library files are other people's text: fenced as data, shown as patterns, never as orders.
            StringBuilder library = new StringBuilder();
            for (KqlExample example : examples) {
                library.append("// ").append(oneLine(example.title()));
                if (!example.description().isEmpty()) {
                    library.append(": ").append(oneLine(example.description()));
                }
                library.append('\n').append(example.kql().strip()).append("\n\n");
            }
            prompt.append("Known-good queries from the analysts' library on similar questions (patterns to adapt;"
                    + " keep to the tables and columns listed above):\n")
                    .append(fence.wrap("query library", library.toString().strip()));
        }
        if (!sessionText.isBlank()) {
            prompt.append(prompt.isEmpty() ? "" : "\n").append("Earlier prompts and results of this session:\n")
                    .append(sessionText);
        }
        prompt.append(prompt.isEmpty() ? "" : "\n").append("Task: ").append(instruction).append('\n');
        prompt.append(closingNote);
        conversation.add(ChatMessage.user(prompt.toString()));
    }

    /**
     * Asks for a query (the first time) or for a repaired one (after {@link #reject}).
     *
     * @return the model's proposal
     * @throws ServiceException when the model fails or its answer is not the JSON asked for
     */
    public GeneratedKql next() {
        ChatRequest request = ChatRequest.of("kql", conversation).withSchema(ANSWER).withTemperature(0);
        String answer = llm.complete(request).content();
        conversation.add(ChatMessage.assistant(answer));
        JsonNode node;
        try {
            node = json.readTree(answer);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || node.path("kql").asText("").isBlank()) {
            throw new ServiceException("Azure OpenAI", ServiceException.Kind.FAILED,
                    "the model did not answer with a KQL query in the requested JSON form");
        }
        List<String> tables = new ArrayList<>();
        node.path("tables").forEach(t -> tables.add(t.asText()));
        return new GeneratedKql(tables, node.path("kql").asText().strip(), node.path("rationale").asText(""),
                parseTimespan(node.path("timespan").asText("")), answer);
    }

    /**
     * Tells the model its last query was rejected, so that {@link #next} repairs it.
     *
     * @param reason the guard's reasons or the service's error text
     */
    public void reject(String reason) {
        conversation.add(ChatMessage.user("That query cannot be used. Reason (data):\n"
                + fence.wrap("query check", reason) + "Return a corrected query in the same JSON form."));
    }

    /**
     * The columns as the prompt lists them: {@code name} for a string column, {@code name:type} otherwise, which
     * says the same as {@link TableInfo#columnsAsCsl()} in about half the tokens (most columns are strings).
     *
     * @param table a table
     * @return its columns, comma-separated
     */
    public static String columnList(TableInfo table) {
        StringBuilder text = new StringBuilder();
        for (io.secai.kql.schema.ColumnInfo column : table.columns()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(column.name());
            if (!column.type().equalsIgnoreCase("string")) {
                text.append(':').append(column.type());
            }
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /**
     * @param text an ISO-8601 duration ({@code P30D}, {@code PT24H}) or a KQL-style one ({@code 30d}, {@code 24h})
     * @return the duration, or empty when blank or unreadable
     */
    public static Optional<Duration> parseTimespan(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            return parsed.isNegative() || parsed.isZero() ? Optional.empty() : Optional.of(parsed);
        } catch (DateTimeParseException notIso) {
            Matcher matcher = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return Optional.of(switch (matcher.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofMinutes(amount);
                });
            }
            return Optional.empty();
        }
    }
}
