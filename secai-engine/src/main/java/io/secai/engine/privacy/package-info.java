/**
 * Field anonymization: values that name people and machines (user names, mail addresses, IP addresses, host names)
 * are replaced by stable per-session tokens ({@code USER_1}, {@code IP_3}) before a request leaves SecAI for the
 * model, and the tokens in the model's answer are turned back before anything in SecAI (a plugin, a query, the user)
 * sees it. Off by default; {@code privacy.anonymize} switches it on, and each session can be switched on or off.
 */
package io.secai.engine.privacy;
