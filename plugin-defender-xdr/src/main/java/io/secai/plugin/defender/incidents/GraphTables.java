package io.secai.plugin.defender.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;

import java.util.ArrayList;
import java.util.List;

/**
 * Incidents and alerts of Graph's security API as typed tables: one row per incident or alert, the columns an analyst
 * reads first. Text comes through as it came (it is data: the engine fences it before any model sees it).
 */
public final class GraphTables {
    private GraphTables() {
    }

    /** The incident columns, in order. */
    static final List<Column> INCIDENT_COLUMNS = List.of(
            Column.of("IncidentId", ColumnType.STRING), Column.of("DisplayName", ColumnType.STRING),
            Column.of("Severity", ColumnType.STRING), Column.of("Status", ColumnType.STRING),
            Column.of("Classification", ColumnType.STRING), Column.of("Determination", ColumnType.STRING),
            Column.of("AssignedTo", ColumnType.STRING), Column.of("CreatedDateTime", ColumnType.DATETIME),
            Column.of("LastUpdateDateTime", ColumnType.DATETIME), Column.of("CustomTags", ColumnType.DYNAMIC),
            Column.of("IncidentWebUrl", ColumnType.STRING));

    /** The alert columns, in order. */
    static final List<Column> ALERT_COLUMNS = List.of(
            Column.of("AlertId", ColumnType.STRING), Column.of("IncidentId", ColumnType.STRING),
            Column.of("Title", ColumnType.STRING), Column.of("Severity", ColumnType.STRING),
            Column.of("Status", ColumnType.STRING), Column.of("Category", ColumnType.STRING),
            Column.of("ServiceSource", ColumnType.STRING), Column.of("DetectionSource", ColumnType.STRING),
            Column.of("MitreTechniques", ColumnType.DYNAMIC), Column.of("CreatedDateTime", ColumnType.DATETIME),
            Column.of("FirstActivityDateTime", ColumnType.DATETIME),
            Column.of("LastActivityDateTime", ColumnType.DATETIME), Column.of("EvidenceCount", ColumnType.LONG));

    /**
     * @param incidents incident resources
     * @param truncated whether pages were left unread
     * @return one row per incident
     */
    public static ResultTable incidents(List<JsonNode> incidents, boolean truncated) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode incident : incidents) {
            rows.add(List.of(text(incident, "id"), text(incident, "displayName"), text(incident, "severity"),
                    text(incident, "status"), text(incident, "classification"), text(incident, "determination"),
                    text(incident, "assignedTo"), text(incident, "createdDateTime"),
                    text(incident, "lastUpdateDateTime"), json(incident, "customTags"),
                    text(incident, "incidentWebUrl")).stream().map(GraphTables::nullIfEmpty).toList());
        }
        return ResultTable.of(INCIDENT_COLUMNS, rows, rows.size(), truncated);
    }

    /**
     * @param alerts alert resources ({@code alerts_v2}), as expanded on an incident
     * @return one row per alert
     */
    public static ResultTable alerts(List<JsonNode> alerts) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode alert : alerts) {
            List<Object> row = new ArrayList<>();
            for (String field : List.of("id", "incidentId", "title", "severity", "status", "category",
                    "serviceSource", "detectionSource")) {
                row.add(nullIfEmpty(text(alert, field)));
            }
            row.add(nullIfEmpty(json(alert, "mitreTechniques")));
            for (String field : List.of("createdDateTime", "firstActivityDateTime", "lastActivityDateTime")) {
                row.add(nullIfEmpty(text(alert, field)));
            }
            row.add((long) alert.path("evidence").size());
            rows.add(row);
        }
        return ResultTable.of(ALERT_COLUMNS, rows);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }

    static String json(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.toString();
    }

    static Object nullIfEmpty(Object value) {
        return value instanceof String text && text.isEmpty() ? null : value;
    }
}
