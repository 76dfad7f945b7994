package io.secai.plugin.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What each model has shown it accepts, kept in the plugin's data folder ({@code capabilities.json}) so that a
 * refusal costs one extra call once, not once per start. Entries are keyed by a hash of the endpoint and model, so
 * the file holds no address (which might carry credentials) and a changed server is found out afresh. The file is
 * read as untrusted: capped in size and entries, anything unreadable ignored, and then rewritten whole. Thread-safe.
 */
final class CapabilityStore {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityStore.class);
    /** Far above what any real set of models needs; a larger file is not ours to trust and is ignored. */
    static final long MAX_BYTES = 256 * 1024;
    static final int MAX_ENTRIES = 500;
    static final String FILE_NAME = "capabilities.json";

    private final Optional<Path> file;
    // Made on first load or save, not with the store: the connector (and this store) is installed at every SecAI
    // start, and this mapper was what loaded the plugin's Jackson then.
    private ObjectMapper json;

    private CapabilityStore(Optional<Path> file) {
        this.file = file;
    }

    /** @return a store that remembers nothing beyond the client's life */
    static CapabilityStore none() {
        return new CapabilityStore(Optional.empty());
    }

    /**
     * @param directory the plugin's data folder, created on first save
     * @return a store kept in {@code capabilities.json} there
     */
    static CapabilityStore in(Path directory) {
        return new CapabilityStore(Optional.of(directory.resolve(FILE_NAME)));
    }

    /**
     * @param endpoint the profile's base address
     * @param model the model name
     * @return what was learned about that model at that address, if anything
     */
    synchronized Optional<Capabilities.Snapshot> load(String endpoint, String model) {
        JsonNode entry = read().path(key(endpoint, model));
        if (!entry.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Capabilities.Snapshot(
                    Capabilities.Structured.valueOf(entry.path("structured").asText("")),
                    entry.path("temperature").asBoolean(true),
                    entry.path("streaming").asBoolean(true),
                    Capabilities.TokenLimit.valueOf(entry.path("tokenLimit").asText(""))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Remembers what a model accepts; a failure to write is logged and otherwise harmless (it is found out again).
     *
     * @param endpoint the profile's base address
     * @param model the model name
     * @param snapshot what it accepts
     */
    synchronized void save(String endpoint, String model, Capabilities.Snapshot snapshot) {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode all = read();
        String key = key(endpoint, model);
        if (!all.has(key) && all.size() >= MAX_ENTRIES) {
            all.remove(all.fieldNames().next());
        }
        ObjectNode entry = all.putObject(key);
        entry.put("model", model);
        entry.put("structured", snapshot.structured().name());
        entry.put("temperature", snapshot.temperature());
        entry.put("streaming", snapshot.streaming());
        entry.put("tokenLimit", snapshot.tokenLimit().name());
        Path target = file.get();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), FILE_NAME, ".tmp");
            Files.writeString(temporary, json().writeValueAsString(all), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Could not remember what model {} accepts in {}: {}", model, target, e.getMessage());
        }
    }

    private ObjectNode read() {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return json().createObjectNode();
        }
        try {
            if (Files.size(file.get()) > MAX_BYTES) {
                LOG.warn("Ignoring {}: larger than {} bytes", file.get(), MAX_BYTES);
                return json().createObjectNode();
            }
            JsonNode root = json().readTree(Files.readString(file.get(), StandardCharsets.UTF_8));
            return root instanceof ObjectNode object ? object : json().createObjectNode();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable {}: {}", file.get(), e.getMessage());
            return json().createObjectNode();
        }
    }

    private static String key(String endpoint, String model) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((endpoint + "\n" + model).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper();
        }
        return json;
    }
}
