/**
 * Stand-ins for SecAI's side of {@code io.secai.api}, so that a plugin can be unit-tested alone, without the engine,
 * Azure or the network.
 *
 * <ul>
 *   <li>{@link io.secai.testkit.plugin.MapSettings}: settings from a map, read with the engine's rules;</li>
 *   <li>{@link io.secai.testkit.plugin.TestPluginContext}: what {@code Plugin.start} receives;</li>
 *   <li>{@link io.secai.testkit.plugin.RecordingTaskContext}: what {@code Plugin.run} receives, recording the
 *       progress, artifacts and streamed text the plugin reports;</li>
 *   <li>{@link io.secai.testkit.plugin.ScriptedLlmClient}: a model that answers from a script and keeps every
 *       request.</li>
 * </ul>
 *
 * <p>They are small hand-written implementations of the API's interfaces rather than mocks: a plugin sees exactly
 * the contract it sees in production, and a test asserts outcomes (the result, what was sent to the model, what the
 * user was shown) instead of calls. The real engine and the Azure OpenAI client are tested against the HTTPS fakes
 * in {@link io.secai.testkit.openai} and {@link io.secai.testkit.loganalytics}; use those, through the engine, for
 * end-to-end tests.
 *
 * <pre>{@code
 * class MyPluginTest {
 *     @TempDir Path dataDirectory;
 *     private final MyPlugin plugin = new MyPlugin();
 *     private final ScriptedLlmClient model = new ScriptedLlmClient().answer("Two incidents are open.");
 *
 *     @Test
 *     void summarisesWithTheModel() {
 *         plugin.start(TestPluginContext.builder()
 *                 .settings(Map.of("plugins.my-plugin.max-tokens", "500", "plugins.my-plugin.timeout", "30s"))
 *                 .dataDirectory(dataDirectory)
 *                 .build());
 *         RecordingTaskContext context = RecordingTaskContext.builder()
 *                 .client(LlmClient.class, model)
 *                 .build();
 *
 *         TaskResult result = plugin.run(Task.of("my-plugin", "summarise", "Summarise the incidents"), context);
 *
 *         assertThat(result.markdown()).isEqualTo("Two incidents are open.");
 *         assertThat(context.streamedText()).isEqualTo(result.markdown());
 *         assertThat(model.lastRequest().messages()).extracting(ChatMessage::role)
 *                 .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
 *     }
 * }
 * }</pre>
 */
package io.secai.testkit.plugin;
