package io.secai.mcp.server;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookException;
import io.secai.engine.promptbook.PromptbookLibrary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every promptbook as an MCP prompt: its name and description, its inputs as the prompt's arguments (required when
 * it has no default), and {@code prompts/get} answering with the filled prompts, one user message each, in order.
 * Filling goes through {@link Promptbook#fill} so an MCP client gets the same checks as {@code secai run}: unknown
 * or missing inputs, over-long values and line breaks are refused with the promptbook's own message.
 */
final class PromptbookPrompts {

    private PromptbookPrompts() {
    }

    static List<SyncPromptSpecification> prompts(PromptbookLibrary library) {
        List<SyncPromptSpecification> prompts = new ArrayList<>();
        for (Promptbook book : library.all()) {
            prompts.add(new SyncPromptSpecification(prompt(book), (exchange, request) -> get(book, request)));
        }
        return List.copyOf(prompts);
    }

    private static McpSchema.Prompt prompt(Promptbook book) {
        List<McpSchema.PromptArgument> arguments = new ArrayList<>();
        for (Promptbook.Input input : book.inputs()) {
            arguments.add(new McpSchema.PromptArgument(input.name(), input.description()
                    + input.defaultValue().map(value -> " (default " + value + ")").orElse(""), input.required()));
        }
        return new McpSchema.Prompt(book.name(), book.description() + " (a SecAI promptbook of "
                + book.prompts().size() + " prompts; send them in order, or run it with secai run " + book.name()
                + ")", arguments);
    }

    static McpSchema.GetPromptResult get(Promptbook book, McpSchema.GetPromptRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((name, value) -> {
                if (value != null) {
                    values.put(name, String.valueOf(value));
                }
            });
        }
        List<String> filled;
        try {
            filled = book.fill(values);
        } catch (PromptbookException e) {
            // A bad argument is the caller's mistake: an invalid-params error carrying the promptbook's message.
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
        }
        List<McpSchema.PromptMessage> messages = new ArrayList<>();
        for (String prompt : filled) {
            messages.add(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(prompt)));
        }
        return new McpSchema.GetPromptResult(book.description(), messages);
    }
}
