#!/usr/bin/env bash
# Reading and converting large Log Analytics answers: ms per 100k rows at 100k, 200k and 500k rows, the plugin's
# client over HTTPS against the test kit's fake (loopback), every row kept.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh plugin-sentinel-kql io.secai.plugin.kql.bench.RowConversionBenchmark
