/**
 * A fake Azure OpenAI for tests: {@link io.secai.testkit.openai.FakeOpenAi} serves chat completions (JSON and
 * server-sent events) over HTTPS in the service's wire format, answering each call with a scripted
 * {@link io.secai.testkit.openai.Reply} and recording it as a {@link io.secai.testkit.openai.ChatCall}.
 */
package io.secai.testkit.openai;
