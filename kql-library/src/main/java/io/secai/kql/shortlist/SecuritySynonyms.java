package io.secai.kql.shortlist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words analysts use for the same thing, so that "sign-in", "logon" and "login" meet, or "machine" meets
 * "device". Each group is general security vocabulary, not tied to any one workspace or benchmark.
 */
final class SecuritySynonyms {
    private static final List<Set<String>> GROUPS = List.of(
            Set.of("logon", "login", "signin", "sign", "authentication", "authenticate", "logged"),
            Set.of("device", "machine", "host", "endpoint", "computer", "server", "workstation"),
            Set.of("email", "mail", "message", "inbox", "mailbox", "sender", "recipient"),
            Set.of("phish", "phishing", "spam", "malicious", "threat"),
            Set.of("process", "command", "commandline", "executable", "exe", "powershell", "cmd", "cmdline", "execute", "run",
                    "script"),
            Set.of("network", "connection", "connect", "traffic", "port", "ip", "remote", "socket", "tcp", "udp",
                    "dns", "domain", "http", "https", "browser", "browse", "visit", "resolve", "request"),
            Set.of("file", "files", "hash", "sha256", "sha1", "md5", "folder", "path", "download", "document"),
            Set.of("registry", "regkey", "hive"),
            Set.of("alert", "alerts", "detection", "incident"),
            Set.of("vulnerability", "vulnerable", "cve", "exploit", "cvss", "patch"),
            Set.of("software", "application", "program", "product", "installed", "inventory"),
            Set.of("user", "account", "identity", "person", "upn", "username"),
            Set.of("attachment", "attached"),
            Set.of("url", "link", "website", "click", "clicked", "web", "site"),
            Set.of("dll", "library", "image", "module", "loaded"),
            Set.of("certificate", "signer", "signed", "signature"),
            Set.of("firmware", "bios", "hardware", "processor", "vendor", "manufacturer", "model"),
            Set.of("configuration", "config", "setting", "compliance", "assessment"),
            Set.of("group", "directory", "ad", "ldap", "member", "membership"),
            Set.of("cloud", "saas", "app", "office", "o365", "teams", "sharepoint", "onedrive"),
            Set.of("adapter", "mac", "dhcp", "subnet", "interface"),
            Set.of("delivery", "delivered", "zap", "quarantine", "postdelivery"),
            Set.of("service", "spn", "principal"),
            Set.of("aws", "amazon", "cloudtrail", "trail", "iam", "s3", "ec2", "guardduty"),
            Set.of("syslog", "linux", "sshd", "sudo", "unix"),
            Set.of("firewall", "cef", "fortinet", "paloalto", "checkpoint", "appliance"),
            Set.of("os", "operating", "windows", "linux", "macos", "platform", "version"));

    private final Map<String, List<String>> expansions = new HashMap<>();

    SecuritySynonyms() {
        for (Set<String> group : GROUPS) {
            for (String word : group) {
                String stem = Terms.stem(word);
                for (String other : group) {
                    String otherStem = Terms.stem(other);
                    if (!otherStem.equals(stem)) {
                        expansions.computeIfAbsent(stem, k -> new java.util.ArrayList<>()).add(otherStem);
                    }
                }
            }
        }
    }

    /** @param term a stemmed term @return related stemmed terms, not including it */
    List<String> expand(String term) {
        return expansions.getOrDefault(term, List.of()).stream().distinct().toList();
    }
}
