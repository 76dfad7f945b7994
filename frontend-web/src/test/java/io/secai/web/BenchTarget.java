package io.secai.web;

import java.nio.file.Path;

/**
 * What the throughput benchmark measures: the web server over the real engine and plugins, with every fake answering
 * at once, and the prompts to send it.
 */
final class BenchTarget implements AutoCloseable {

    /** A kind of prompt, by the plan the fake model makes for it. */
    enum Scenario {
        /** One GPT task: two model calls (plan, answer). */
        GPT("gpt", "what should I patch first, take "),
        /** A KQL task and a GPT task: three model calls (plan, KQL, answer) and one Log Analytics query. */
        KQL_GPT("kql+gpt", "show me the new " + RealEngineFixture.INCIDENTS + ", take ");

        private final String label;
        private final String prefix;

        Scenario(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }

        String label() {
            return label;
        }

        String prompt(int n) {
            return prefix + n;
        }
    }

    private final RealEngineFixture fixture;

    private BenchTarget(RealEngineFixture fixture) {
        this.fixture = fixture;
    }

    /** @param work a temporary folder for the engine's sessions, audit log and config */
    static BenchTarget start(Path work) {
        return new BenchTarget(RealEngineFixture.start(work, "Found **2** incidents.", "Brute force", "Patch."));
    }

    String description() {
        return "real engine and plugins, file session store and audit log in a temp folder, HTTPS fakes "
                + "(FakeOpenAi, FakeLogAnalytics) answering at once, all on loopback";
    }

    WebServer server() {
        return fixture.server();
    }

    /** @return model calls so far, to report calls per prompt */
    int modelCalls() {
        return fixture.openAi().callCount();
    }

    @Override
    public void close() {
        fixture.close();
    }
}
