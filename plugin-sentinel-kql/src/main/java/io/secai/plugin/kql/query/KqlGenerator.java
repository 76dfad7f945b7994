package io.secai.plugin.kql.query;

import io.secai.api.JsonSchema;
import io.secai.api.LlmClient;
import io.secai.api.SessionContext;
import io.secai.kql.examples.KqlExample;
import io.secai.kql.generate.GeneratedKql;
import io.secai.kql.generate.KqlConversation;
import io.secai.kql.schema.TableInfo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks the model, in one call, for the tables, the KQL and a one-line rationale, over a shortlist of tables with
 * their columns. Earlier results of the session are included as data, so that "the AlertIds from the previous
 * incident" can become literal values in the query. The conversation is kept so that a rejected query goes back
 * with the reason and the model repairs its own answer. The conversation itself is kql-library's
 * {@link KqlConversation}, shared with the Defender XDR plugin; this class holds Sentinel's rules.
 */
public final class KqlGenerator {
    static final JsonSchema ANSWER = KqlConversation.ANSWER;
    private static final String RULES = """
            You write KQL for Microsoft Sentinel (Azure Monitor Log Analytics). Rules:
            - Use only the tables and columns listed; never invent a column. Joins and unions across the listed\
             tables are allowed.
            - Read-only: no management commands (starting with '.'), no externaldata, no http_request,\
             no cluster() or workspace() references.
            - Filter on time with the table's time column when the user names a period, and also put that\
             period in "timespan" as an ISO-8601 duration.
            - Use literal values from earlier results when the user refers to them ("those users",\
             "the AlertIds from the previous incident").
            Answer with JSON only.
            """;

    private final KqlConversation conversation;

    /**
     * Starts a conversation for one task.
     *
     * @param llm the model
     * @param instruction the task, in the user's words
     * @param tables the shortlisted tables, best first
     * @param session the session, whose earlier prompts and results go into the prompt fenced as data
     * @param generateOnly whether the query will run elsewhere (an analytic rule or hunting query)
     */
    public KqlGenerator(LlmClient llm, String instruction, List<TableInfo> tables, SessionContext session,
                        boolean generateOnly) {
        this(llm, instruction, tables, List.of(), session, generateOnly);
    }

    /**
     * Starts a conversation for one task, with known-good queries from the analysts' library as patterns.
     *
     * @param llm the model
     * @param instruction the task, in the user's words
     * @param tables the shortlisted tables, best first
     * @param examples library queries close to the task, best first; fenced as data
     * @param session the session, whose earlier prompts and results go into the prompt fenced as data
     * @param generateOnly whether the query will run elsewhere (an analytic rule or hunting query)
     */
    public KqlGenerator(LlmClient llm, String instruction, List<TableInfo> tables, List<KqlExample> examples,
                        SessionContext session, boolean generateOnly) {
        this.conversation = new KqlConversation(llm, RULES, instruction, tables, examples, session,
                generateOnly ? "The query will be saved as an analytic rule or hunting query and run elsewhere:"
                        + " do not add a row limit.\n" : "");
    }

    /** @return the conversation itself, for kql-library's {@link io.secai.kql.generate.KqlRepairLoop} */
    public KqlConversation conversation() {
        return conversation;
    }

    /**
     * Asks for a query (the first time) or for a repaired one (after {@link #reject}).
     *
     * @return the model's proposal
     * @throws io.secai.api.ServiceException when the model fails or its answer is not the JSON asked for
     */
    public GeneratedQuery next() {
        GeneratedKql answer = conversation.next();
        return new GeneratedQuery(answer.tables(), answer.kql(), answer.rationale(), answer.timespan(),
                answer.rawAnswer());
    }

    /**
     * Tells the model its last query was rejected, so that {@link #next} repairs it.
     *
     * @param reason the guard's reasons or the service's error text
     */
    public void reject(String reason) {
        conversation.reject(reason);
    }

    /**
     * @param text an ISO-8601 duration ({@code P30D}, {@code PT24H}) or a KQL-style one ({@code 30d}, {@code 24h})
     * @return the duration, or empty when blank or unreadable
     */
    static Optional<Duration> parseTimespan(String text) {
        return KqlConversation.parseTimespan(text);
    }

    /**
     * @param table a table
     * @return its columns as the KQL prompt lists them (a string column by name alone)
     */
    public static String columnList(TableInfo table) {
        return io.secai.kql.generate.KqlConversation.columnList(table);
    }
}
