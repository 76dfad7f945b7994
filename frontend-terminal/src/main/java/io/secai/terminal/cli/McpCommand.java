package io.secai.terminal.cli;

import java.util.concurrent.Callable;

import io.secai.engine.Engine;
import io.secai.mcp.server.StdioSession;
import picocli.CommandLine.Command;

/**
 * {@code secai mcp}: serves SecAI's read-only tools to an MCP client (a desktop assistant, VS Code) over standard
 * input and output until the client closes the input. Standard output carries only JSON-RPC; notices go to
 * standard error and the log to {@code <data-dir>/secai.log}.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve SecAI's tools (kql_tables, kql_check, kql_run, fetch_page, ask) to an MCP client over "
                + "stdio, until the client closes standard input.")
final class McpCommand implements Callable<Integer> {

    private final SecAiCommand root;

    McpCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        Engine engine = root.engine();
        for (String notice : engine.notices()) {
            root.io().err().println("! " + notice);
        }
        root.laterNotices().showThrough(notice -> root.io().err().println("! " + notice));
        StdioSession.serve(engine, root.io().in(), root.io().out());
        return 0;
    }
}
