package io.secai.web;

import java.nio.file.Path;

/** What the throughput benchmark measures: the web server over the real engine, and the prompts to send it. */
final class BenchTarget implements AutoCloseable {

    private final RealEngineFixture fixture;

    private BenchTarget(RealEngineFixture fixture) {
        this.fixture = fixture;
    }

    static BenchTarget start(Path work) {
        return new BenchTarget(RealEngineFixture.start(work, "Found **2** incidents.", "Brute force", "Patch."));
    }

    String description() {
        return "the real engine and plugins over the HTTPS fakes, answering at once";
    }

    WebServer server() {
        return fixture.server();
    }

    String prompt(int n) {
        return "what should I patch first, take " + n;
    }

    @Override
    public void close() {
        fixture.close();
    }
}
