/**
 * The built-in GPT plugin: answers from the language model over the session context.
 */
package io.secai.plugin.gpt;
