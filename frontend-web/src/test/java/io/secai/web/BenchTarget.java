package io.secai.web;

import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;

import java.util.Arrays;
import java.util.List;

/** What the throughput benchmark measures: a web server over an engine, and the prompts to send it. */
final class BenchTarget implements AutoCloseable {

    private final ScriptedEngine engine;
    private final WebServer server;

    private BenchTarget(ScriptedEngine engine, WebServer server) {
        this.engine = engine;
        this.server = server;
    }

    static BenchTarget start() {
        ResultTable table = new ResultTable(
                List.of(new Column("Title", ColumnType.STRING), new Column("Count", ColumnType.LONG)),
                List.of(Arrays.asList("Brute force", 12L), Arrays.asList("Phishing", 1L)));
        ScriptedEngine engine = new ScriptedEngine("Found **2** incidents.", table);
        return new BenchTarget(engine, WebServer.start(engine, WebSettings.defaults().withPort(0)));
    }

    String description() {
        return "web layer only, over an in-process scripted engine that answers at once";
    }

    WebServer server() {
        return server;
    }

    String prompt(int n) {
        return "show me the new incidents, take " + n;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
