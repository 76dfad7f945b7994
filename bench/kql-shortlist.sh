#!/usr/bin/env bash
# Table shortlist and example library retrieval quality (DESIGN.md section 7).
#   1. The shortlist, 5-fold cross-validated over three question sources (the NL2KQL Defender set, the community
#      hunting queries' titles and descriptions, the Sentinel-style questions in kql-library's test resources):
#      recall@1/3/5 and all-gold-in-top-1/3/5, plain BM25 beside SecAI in-sample and out-of-fold, catalog off and on,
#      without and with the example library's votes (the community queries as the library; a community question
#      never sees its own page), and the ceiling (gold of more than 5 tables; queries reading tables outside the schema).
#      Under each source: the out-of-fold library ranking's all-gold share in a shortlist of 5, 6, 8 and 10 tables.
#      Without `mvn install` (helpers): ./mvnw -B -o -q -pl kql-library -am -DskipTests test-compile
#      dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test, then
#      java -cp kql-library/target/test-classes:kql-library/target/classes:$(cat /tmp/cp.txt) io.secai.kql.bench.KqlRetrievalReport
#   2. The shortlist as the Defender XDR plugin uses it: the NL2KQL Defender questions over the plugin's own
#      advanced-hunting schema (kql-library's AdvancedHuntingSchema), shipped weights in-sample beside 5-fold
#      out-of-fold weights. Only this part (~1 min): bench/run-main.sh kql-library io.secai.kql.bench.DefenderPluginShortlist
#   3. The example library, leave-one-page-out on the community queries: the share of questions where one of the top
#      3 examples reads all the question's tables, beside plain BM25; index build time for the 773 queries.
# Data: $SECAI_SHARED_DATA (default ../shared/data). Extra arguments go to the benchmark:
#   --misses       print the questions whose gold tables are not all in the out-of-fold top 5
# The single-set figure of the older benchmark: bench/run-main.sh kql-library io.secai.kql.bench.ShortlistBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
exec bench/run-main.sh kql-library io.secai.kql.bench.KqlRetrievalReport "$@"
