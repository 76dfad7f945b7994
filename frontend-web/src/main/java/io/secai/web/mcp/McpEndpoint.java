package io.secai.web.mcp;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.secai.engine.Engine;
import io.secai.mcp.server.SecAiMcpServer;

/**
 * {@code /mcp}: SecAI's MCP tools over Streamable HTTP, for MCP clients that connect to a URL. The request guard in
 * front of it has already checked the {@code Host} and {@code Origin} headers and the bearer token; this only hands
 * the request to the MCP SDK's servlet transport.
 */
public final class McpEndpoint implements Handler, AutoCloseable {

    /** The path the endpoint is served at. */
    public static final String PATH = "/mcp";

    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;

    /**
     * @param engine the engine whose plugins the tools use
     */
    public McpEndpoint(Engine engine) {
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(PATH)
                .build();
        this.server = SecAiMcpServer.streamable(engine, transport);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        transport.service(ctx.req(), ctx.res());
    }

    /** Ends the MCP sessions. */
    @Override
    public void close() {
        server.closeGracefully();
    }
}
