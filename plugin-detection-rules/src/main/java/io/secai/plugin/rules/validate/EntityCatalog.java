package io.secai.plugin.rules.validate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The entity types an analytics rule may map and the identifiers of each, as Sentinel's entities reference defines
 * them; names are case-sensitive, as Sentinel compares them.
 */
public final class EntityCatalog {
    /** Entity mappings one rule may have. */
    public static final int MAX_MAPPINGS = 10;
    /** Identifiers one entity mapping may have. */
    public static final int MAX_IDENTIFIERS = 3;

    private static final Map<String, List<String>> IDENTIFIERS = new TreeMap<>(Map.ofEntries(
            Map.entry("Account", List.of("Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid",
                    "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid")),
            Map.entry("Host", List.of("DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID",
                    "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined")),
            Map.entry("IP", List.of("Address")),
            Map.entry("URL", List.of("Url")),
            Map.entry("FileHash", List.of("Algorithm", "Value")),
            Map.entry("File", List.of("Directory", "Name")),
            Map.entry("Process", List.of("ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc")),
            Map.entry("Malware", List.of("Name", "Category")),
            Map.entry("CloudApplication", List.of("AppId", "Name", "InstanceName")),
            Map.entry("DNS", List.of("DomainName")),
            Map.entry("AzureResource", List.of("ResourceId")),
            Map.entry("RegistryKey", List.of("Hive", "Key")),
            Map.entry("RegistryValue", List.of("Name", "Value", "ValueType")),
            Map.entry("SecurityGroup", List.of("DistinguishedName", "SID", "ObjectGuid")),
            Map.entry("Mailbox", List.of("MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId",
                    "RecipientType")),
            Map.entry("MailCluster", List.of("NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType",
                    "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly",
                    "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime",
                    "ClusterQueryEndTime", "ClusterGroup")),
            Map.entry("MailMessage", List.of("Recipient", "Urls", "Threats", "Sender", "P1Sender",
                    "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName",
                    "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject",
                    "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4",
                    "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language",
                    "ThreatDetectionMethods")),
            Map.entry("SubmissionMail", List.of("SubmissionId", "SubmissionDate", "Submitter", "NetworkMessageId",
                    "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType")),
            Map.entry("IoTDevice", List.of("IoTHub", "DeviceId", "DeviceName", "IoTSecurityAgentId", "DeviceType",
                    "Source", "SourceRef", "Manufacturer", "Model", "OperatingSystem", "IpAddress", "MacAddress",
                    "Protocols", "SerialNumber"))));

    private EntityCatalog() {
    }

    /** @return every entity type, sorted */
    public static List<String> entityTypes() {
        return List.copyOf(IDENTIFIERS.keySet());
    }

    /** @param entityType a type @return its identifiers; empty when Sentinel has no such type */
    public static Optional<List<String>> identifiers(String entityType) {
        return Optional.ofNullable(IDENTIFIERS.get(entityType));
    }
}
