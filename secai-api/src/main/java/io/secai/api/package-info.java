/**
 * The stable contract between SecAI and its plugins.
 *
 * <p>A plugin is a jar (or a folder holding its jar and dependency jars) dropped into {@code plugins-dir}. It
 * implements {@link io.secai.api.Plugin} and names its class in
 * {@code META-INF/services/io.secai.api.Plugin}. The engine gives each plugin its own class loader in which only
 * the JDK, this package and {@code org.slf4j} are shared with the host, so a plugin may bring any library at any
 * version.
 *
 * <p>Everything a plugin needs from the host crosses that boundary as a type from this package: settings
 * ({@link io.secai.api.Settings}), the language model ({@link io.secai.api.LlmClient}), Azure access tokens
 * ({@link io.secai.api.TokenProvider}) and progress ({@link io.secai.api.TaskContext}). Nothing here depends on
 * Azure, Jackson or any configuration library.
 */
package io.secai.api;
