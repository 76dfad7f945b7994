/**
 * The Model Context Protocol both ways, on the official MCP Java SDK: {@code server} offers SecAI's guarded tools
 * (KQL shortlist, guard and query, the SSRF-safe page reader, whole prompts) to any MCP client over stdio or
 * Streamable HTTP; {@code client} turns configured MCP servers into planner capabilities.
 */
package io.secai.mcp;
