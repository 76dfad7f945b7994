package io.secai.kql.bench;

/**
 * Every retrieval figure of the README in one run: the shortlist's cross-validation, the shortlist as the Defender XDR
 * plugin uses it, then the example library.
 */
public final class KqlRetrievalReport {
    private KqlRetrievalReport() {
    }

    public static void main(String[] args) throws Exception {
        ShortlistCrossValidation.main(args);
        System.out.println();
        DefenderPluginShortlist.main(args);
        System.out.println();
        ExampleRetrievalBenchmark.main(args);
    }
}
