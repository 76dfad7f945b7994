package io.secai.mcp.client;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/** A live connection to one MCP server through the SDK's client: started, initialized, its tools listed. */
final class McpConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);

    private final McpSyncClient client;
    private final List<McpSchema.Tool> tools;
    private final String instructions;

    private McpConnection(McpSyncClient client, List<McpSchema.Tool> tools, String instructions) {
        this.client = client;
        this.tools = tools;
        this.instructions = instructions;
    }

    /**
     * Starts (or reaches) the server, initializes the session and lists its tools.
     *
     * @param config the server's settings
     * @return the connection
     * @throws RuntimeException when the server does not start or answer in time
     */
    static McpConnection open(McpServerConfig config) {
        McpSyncClient client = McpClient.sync(transport(config))
                .clientInfo(new McpSchema.Implementation("secai", "SecAI", "1"))
                .requestTimeout(config.callTimeout())
                .initializationTimeout(config.startupTimeout())
                .build();
        try {
            McpSchema.InitializeResult initialized = client.initialize();
            List<McpSchema.Tool> tools = client.listTools().tools();
            return new McpConnection(client, List.copyOf(tools),
                    initialized.instructions() == null ? "" : initialized.instructions());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static McpClientTransport transport(McpServerConfig config) {
        if (config.url().isPresent()) {
            Map<String, String> headers = config.headers();
            return HttpClientStreamableHttpTransport.builder(config.url().get())
                    .jsonMapper(McpJsonDefaults.getMapper())
                    .connectTimeout(config.startupTimeout())
                    .httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::header))
                    .build();
        }
        ServerParameters parameters = ServerParameters.builder(config.command().get(0))
                .args(config.command().subList(1, config.command().size()))
                .env(config.environment())
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        // The server's own diagnostics go to SecAI's log, never to SecAI's standard output.
        transport.setStdErrorHandler(line -> LOG.debug("MCP server {}: {}", config.name(), config.mask(line)));
        return transport;
    }

    List<McpSchema.Tool> tools() {
        return tools;
    }

    String instructions() {
        return instructions;
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @Override
    public void close() {
        try {
            client.closeGracefully();
        } catch (RuntimeException e) {
            LOG.debug("MCP client did not close cleanly", e);
            client.close();
        }
    }
}
