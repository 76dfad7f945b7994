#!/usr/bin/env bash
# What fsync of session and audit files costs: session saves and audit records with fsync on and off, median and
# p90 ms, in a folder on the disk under test (default secai-engine/target/fsync-bench; a tmpfs makes fsync free).
# Usage: bench/fault-fsync.sh [FOLDER] [PROMPTS]   (default 200 prompts)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec bench/run-main.sh secai-engine io.secai.engine.bench.FsyncCostBenchmark \
  "${1:-$ROOT/secai-engine/target/fsync-bench}" "${2:-200}"
