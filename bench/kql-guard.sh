#!/usr/bin/env bash
# KQL guard false alarms on the 230 gold queries of the NL2KQL Defender set (all valid KQL for its schema).
# Data: $SECAI_SHARED_DATA/nl2kql-defender (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
exec bench/run-main.sh kql-library io.secai.kql.bench.GuardBenchmark
