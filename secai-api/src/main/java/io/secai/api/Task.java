package io.secai.api;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a plan: which plugin does what.
 *
 * @since 1.0
 */
public final class Task {

    private final String plugin;
    private final String capability;
    private final String instruction;
    private final Map<String, String> inputs;

    private Task(String plugin, String capability, String instruction, Map<String, String> inputs) {
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.capability = Objects.requireNonNull(capability, "capability");
        this.instruction = Objects.requireNonNull(instruction, "instruction");
        this.inputs = Map.copyOf(inputs);
    }

    /**
     * Creates a task without inputs.
     *
     * @param plugin the plugin's {@link Plugin#name()}
     * @param capability one of that plugin's {@link Capability#name()}s
     * @param instruction what to do, in the user's terms, complete enough to act on alone
     * @return the task
     */
    public static Task of(String plugin, String capability, String instruction) {
        return new Task(plugin, capability, instruction, Map.of());
    }

    /**
     * Creates a task with values for the capability's parameters.
     *
     * @param plugin the plugin's name
     * @param capability the capability's name
     * @param instruction what to do
     * @param inputs values for the capability's parameters
     * @return the task
     */
    public static Task of(String plugin, String capability, String instruction, Map<String, String> inputs) {
        return new Task(plugin, capability, instruction, inputs);
    }

    /**
     * Gives the plugin's {@link Plugin#name()}.
     *
     * @return the plugin name
     */
    public String plugin() {
        return plugin;
    }

    /**
     * Gives one of that plugin's {@link Capability#name()}s.
     *
     * @return the capability name
     */
    public String capability() {
        return capability;
    }

    /**
     * Gives what to do, in the user's terms, complete enough to act on alone.
     *
     * @return the instruction
     */
    public String instruction() {
        return instruction;
    }

    /**
     * Gives the values for the capability's parameters.
     *
     * @return the inputs, possibly none
     */
    public Map<String, String> inputs() {
        return inputs;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Task that && plugin.equals(that.plugin) && capability.equals(that.capability)
                && instruction.equals(that.instruction) && inputs.equals(that.inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plugin, capability, instruction, inputs);
    }

    @Override
    public String toString() {
        return "Task[plugin=" + plugin + ", capability=" + capability + ", instruction=" + instruction
                + ", inputs=" + inputs + "]";
    }
}
