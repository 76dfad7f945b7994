package io.secai.plugin.rules.model;

import java.util.List;
import java.util.Objects;

/**
 * Query columns that identify one entity of an alert.
 *
 * @param entityType Sentinel's entity type (Account, Host, IP, URL, FileHash, ...)
 * @param fieldMappings which column fills which of the entity's identifiers
 */
public record EntityMapping(String entityType, List<FieldMapping> fieldMappings) {
    public EntityMapping {
        Objects.requireNonNull(entityType, "entityType");
        fieldMappings = List.copyOf(fieldMappings);
    }

    /**
     * One identifier of an entity and the column that holds it.
     *
     * @param identifier the identifier (for an Account: FullName, Name, UPNSuffix, Sid, ...)
     * @param columnName a column of the query's output
     */
    public record FieldMapping(String identifier, String columnName) {
        public FieldMapping {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(columnName, "columnName");
        }
    }
}
