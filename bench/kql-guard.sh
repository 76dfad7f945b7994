#!/usr/bin/env bash
# The KQL guard: false alarms on the 230 gold queries of the NL2KQL Defender set (all valid KQL for its schema),
# refusals by kind on the 773 community hunting queries, and time per 100 KB for generated 100 KB, 400 KB and 1 MB
# queries. Data: $SECAI_SHARED_DATA/nl2kql-defender and kql-community (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
exec bench/run-main.sh kql-library io.secai.kql.bench.GuardBenchmark
