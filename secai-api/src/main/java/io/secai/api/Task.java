package io.secai.api;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a plan: which plugin does what.
 *
 * @param plugin the plugin's {@link Plugin#name()}
 * @param capability one of that plugin's {@link Capability#name()}s
 * @param instruction what to do, in the user's terms, complete enough to act on alone
 * @param inputs values for the capability's parameters
 */
public record Task(String plugin, String capability, String instruction, Map<String, String> inputs) {

    public Task {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(instruction, "instruction");
        inputs = Map.copyOf(inputs);
    }

    /**
     * A task without inputs.
     *
     * @param plugin the plugin's name
     * @param capability the capability's name
     * @param instruction what to do
     */
    public Task(String plugin, String capability, String instruction) {
        this(plugin, capability, instruction, Map.of());
    }
}
