package io.secai.plugin.defender.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of Graph's security API the plugin reads: incidents ({@code /security/incidents}, with
 * {@code $expand=alerts}), alerts ({@code /security/alerts_v2}) and advanced hunting
 * ({@code POST /security/runHuntingQuery}). Each names the permission it needs, for the 403 message.
 */
public final class SecurityApi {
    /** Reading incidents. */
    public static final String INCIDENT_PERMISSION = "SecurityIncident.Read.All";
    /** Reading alerts and their evidence. */
    public static final String ALERT_PERMISSION = "SecurityAlert.Read.All";
    /** Running advanced hunting queries. */
    public static final String HUNTING_PERMISSION = "ThreatHunting.Read.All";
    private static final Pattern INCIDENT_ID = Pattern.compile("\\d{1,20}");
    private static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,200}");

    private final GraphClient graph;
    private final GraphClient.Call call;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param graph the client
     * @param call the task's token, progress, cancellation and throttle budget
     */
    public SecurityApi(GraphClient graph, GraphClient.Call call) {
        this.graph = graph;
        this.call = call;
    }

    /**
     * Lists incidents, newest first.
     *
     * @param filter an OData {@code $filter}, or empty
     * @param pageSize {@code $top}
     * @param maxPages the most pages read
     * @return the incidents
     */
    public GraphClient.Page incidents(Optional<String> filter, int pageSize, int maxPages) {
        StringBuilder query = new StringBuilder("/security/incidents?$top=").append(pageSize)
                .append("&$orderby=").append(encode("createdDateTime desc"));
        filter.ifPresent(f -> query.append("&$filter=").append(encode(f)));
        return graph.getAll(query.toString(), INCIDENT_PERMISSION, maxPages, call);
    }

    /**
     * Reads one incident with its alerts (and so their evidence).
     *
     * @param incidentId the incident's id, digits
     * @return the incident
     */
    public JsonNode incidentWithAlerts(String incidentId) {
        return graph.get("/security/incidents/" + checkedIncidentId(incidentId) + "?$expand=alerts",
                INCIDENT_PERMISSION + " (and " + ALERT_PERMISSION + " for its alerts)", call);
    }

    /**
     * Reads one alert with its evidence.
     *
     * @param alertId the alert's id
     * @return the alert
     */
    public JsonNode alert(String alertId) {
        if (!ALERT_ID.matcher(alertId).matches()) {
            throw new IllegalArgumentException("An alert id is letters, digits, '-' and '_' (such as"
                    + " da637551227677560813_-961444813), not '" + alertId + "'.");
        }
        return graph.get("/security/alerts_v2/" + alertId, ALERT_PERMISSION, call);
    }

    /**
     * Runs an advanced hunting query.
     *
     * @param kql the query, already through the guard
     * @param timespan the time range to query, when one was asked for
     * @return the answer: {@code schema} and {@code results}
     */
    public JsonNode runHuntingQuery(String kql, Optional<Duration> timespan) {
        ObjectNode body = json.createObjectNode().put("Query", kql);
        timespan.ifPresent(t -> body.put("Timespan", t.toString()));
        return graph.post("/security/runHuntingQuery", body, HUNTING_PERMISSION, call);
    }

    /**
     * @param incidentId what the user or planner gave
     * @return the id, when it is one
     * @throws IllegalArgumentException with a message for the user otherwise
     */
    public static String checkedIncidentId(String incidentId) {
        String trimmed = incidentId.strip();
        if (!INCIDENT_ID.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("A Defender incident id is a number (such as 2972395), not '"
                    + (trimmed.length() > 60 ? trimmed.substring(0, 60) + "..." : trimmed) + "'.");
        }
        return trimmed;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
