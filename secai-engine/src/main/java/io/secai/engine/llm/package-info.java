/**
 * The language model: {@link io.secai.engine.llm.AzureOpenAiClient} on azure-ai-openai, configured by
 * {@link io.secai.engine.llm.OpenAiSettings}, retrying ({@code CallRetries}) within capped waits that it reports to a
 * {@link io.secai.engine.llm.CallObserver}, and speaking the SDK's chat types through {@code AzureChatFormat}.
 */
package io.secai.engine.llm;
