#!/usr/bin/env bash
# Table shortlist quality on the NL2KQL Defender set (recall@1/3/5 and all-gold-in-top-k, DESIGN.md section 7).
# Data: $SECAI_SHARED_DATA/nl2kql-defender (default ../shared/data). Extra arguments go to the benchmark:
#   --no-catalog   rank from the schema alone, without Defender_DataCatalog.yml
#   --misses       print the questions whose gold tables are not all in the top 5
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
exec bench/run-main.sh kql-library io.secai.kql.bench.ShortlistBenchmark "$@"
