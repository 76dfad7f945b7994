package io.secai.api;

/**
 * A connection to an external platform that plugins share, such as the language model or an identity provider.
 *
 * <p>Plugins ask for clients by interface ({@link LlmClient}, {@link TokenProvider}, or another interface from a
 * contract jar) through {@link PluginContext#client} or {@link TaskContext#client}; the implementation stays in the
 * engine or in the plugin that provides it, behind its own class loader.
 *
 * @since 1.0
 */
public interface Client {
}
