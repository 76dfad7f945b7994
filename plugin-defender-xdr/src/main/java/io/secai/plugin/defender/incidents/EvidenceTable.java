package io.secai.plugin.defender.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The evidence of alerts ({@code alert.evidence}, one entry per entity, its kind in {@code @odata.type}) as one typed
 * table: a row per entity with its kind (user, device, ip, file, mailbox, process, url, ...) and the fields of that
 * kind in their own columns, so that "the users' sign-ins" can take the user principal names from one column.
 */
public final class EvidenceTable {
    private static final String PREFIX = "#microsoft.graph.security.";
    /** The columns, in order. */
    static final List<Column> COLUMNS = List.of(
            Column.of("AlertId", ColumnType.STRING), Column.of("EvidenceType", ColumnType.STRING),
            Column.of("Entity", ColumnType.STRING), Column.of("UserPrincipalName", ColumnType.STRING),
            Column.of("AccountName", ColumnType.STRING), Column.of("DomainName", ColumnType.STRING),
            Column.of("AzureAdUserId", ColumnType.STRING), Column.of("DeviceName", ColumnType.STRING),
            Column.of("MdeDeviceId", ColumnType.STRING), Column.of("OsPlatform", ColumnType.STRING),
            Column.of("IpAddress", ColumnType.STRING), Column.of("CountryLetterCode", ColumnType.STRING),
            Column.of("FileName", ColumnType.STRING), Column.of("FilePath", ColumnType.STRING),
            Column.of("Sha256", ColumnType.STRING), Column.of("MailboxAddress", ColumnType.STRING),
            Column.of("Verdict", ColumnType.STRING), Column.of("Roles", ColumnType.DYNAMIC),
            Column.of("CreatedDateTime", ColumnType.DATETIME));

    private EvidenceTable() {
    }

    /** The table and how many entities of each kind it holds. */
    public record Evidence(ResultTable table, Map<String, Integer> countsByType, Set<String> users) {
    }

    /**
     * @param alerts alert resources with their {@code evidence}
     * @return the evidence
     */
    public static Evidence of(List<JsonNode> alerts) {
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> users = new LinkedHashSet<>();
        for (JsonNode alert : alerts) {
            String alertId = GraphTables.text(alert, "id");
            for (JsonNode evidence : alert.path("evidence")) {
                Map<String, String> cells = new LinkedHashMap<>();
                String type = kind(evidence.path("@odata.type").isTextual() ? evidence.path("@odata.type").textValue()
                        : "");
                cells.put("EvidenceType", type);
                JsonNode account = evidence.path("userAccount");
                switch (type) {
                    case "user" -> account(cells, account);
                    case "mailbox" -> {
                        account(cells, account);
                        cells.put("MailboxAddress", GraphTables.text(evidence, "primaryAddress"));
                        cells.put("Entity", GraphTables.text(evidence, "primaryAddress"));
                    }
                    case "device" -> {
                        cells.put("DeviceName", GraphTables.text(evidence, "deviceDnsName"));
                        cells.put("MdeDeviceId", GraphTables.text(evidence, "mdeDeviceId"));
                        cells.put("OsPlatform", GraphTables.text(evidence, "osPlatform"));
                        cells.put("Entity", GraphTables.text(evidence, "deviceDnsName"));
                    }
                    case "ip" -> {
                        cells.put("IpAddress", GraphTables.text(evidence, "ipAddress"));
                        cells.put("CountryLetterCode", GraphTables.text(evidence, "countryLetterCode"));
                        cells.put("Entity", GraphTables.text(evidence, "ipAddress"));
                    }
                    case "file" -> file(cells, evidence.path("fileDetails"), evidence);
                    case "process" -> {
                        file(cells, evidence.path("imageFile"), evidence);
                        account(cells, evidence.path("userAccount"));
                        cells.put("Entity", GraphTables.text(evidence.path("imageFile"), "fileName"));
                    }
                    case "url" -> cells.put("Entity", GraphTables.text(evidence, "url"));
                    default -> cells.put("Entity", GraphTables.text(evidence, "displayName"));
                }
                cells.put("Verdict", GraphTables.text(evidence, "verdict"));
                cells.put("Roles", GraphTables.json(evidence, "roles"));
                cells.put("CreatedDateTime", GraphTables.text(evidence, "createdDateTime"));
                cells.put("AlertId", alertId);
                if (cells.getOrDefault("UserPrincipalName", "").contains("@")) {
                    users.add(cells.get("UserPrincipalName"));
                }
                counts.merge(type, 1, Integer::sum);
                List<Object> row = new ArrayList<>();
                for (Column column : COLUMNS) {
                    row.add(GraphTables.nullIfEmpty(cells.getOrDefault(column.name(), "")));
                }
                rows.add(row);
            }
        }
        return new Evidence(ResultTable.of(COLUMNS, rows), counts, users);
    }

    private static void account(Map<String, String> cells, JsonNode account) {
        if (account.isMissingNode() || account.isNull()) {
            return;
        }
        cells.put("UserPrincipalName", GraphTables.text(account, "userPrincipalName"));
        cells.put("AccountName", GraphTables.text(account, "accountName"));
        cells.put("DomainName", GraphTables.text(account, "domainName"));
        cells.put("AzureAdUserId", GraphTables.text(account, "azureAdUserId"));
        String display = GraphTables.text(account, "userPrincipalName");
        cells.putIfAbsent("Entity", display.isEmpty() ? GraphTables.text(account, "accountName") : display);
    }

    private static void file(Map<String, String> cells, JsonNode details, JsonNode evidence) {
        cells.put("FileName", GraphTables.text(details, "fileName"));
        cells.put("FilePath", GraphTables.text(details, "filePath"));
        cells.put("Sha256", GraphTables.text(details, "sha256"));
        cells.put("MdeDeviceId", GraphTables.text(evidence, "mdeDeviceId"));
        cells.putIfAbsent("Entity", GraphTables.text(details, "fileName"));
    }

    /** {@code #microsoft.graph.security.userEvidence} is {@code user}; an unknown type keeps its own name. */
    static String kind(String odataType) {
        String name = odataType.startsWith(PREFIX) ? odataType.substring(PREFIX.length()) : odataType;
        if (name.endsWith("Evidence")) {
            name = name.substring(0, name.length() - "Evidence".length());
        }
        name = name.isEmpty() ? "unknown" : name;
        return name.length() > 60 ? name.substring(0, 60) : name.toLowerCase(Locale.ROOT).equals(name) ? name
                : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
