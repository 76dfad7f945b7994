/**
 * The language model: {@link io.secai.engine.llm.AzureOpenAiClient} on azure-ai-openai, configured by
 * {@link io.secai.engine.llm.OpenAiSettings}, retrying within capped waits that it reports to a
 * {@link io.secai.engine.llm.CallObserver}.
 */
package io.secai.engine.llm;
