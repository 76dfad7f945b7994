#!/usr/bin/env bash
# Crash consistency: `./secai ask` processes on one data folder and session, KILLS of them (default 50) killed with
# kill -9 at a random moment mid-prompt (planning, the task's model call, saving, auditing), each followed by an ask
# that must start over the leftovers. Reports corrupted files and lost turns (both must be 0), the audit log's torn
# lines and unclosed prompts, lock take-overs and temporary files removed. The model is the test kit's HTTPS fake;
# loopback only, no shared data. Exits 1 when anything was lost or corrupted.
# Usage: bench/fault-injection.sh [KILLS] [SEED] [MINUTES]   (defaults 50, 1 and 120: stops killing after MINUTES)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec bench/run-main.sh frontend-terminal io.secai.terminal.bench.FaultInjectionBenchmark "$ROOT" "${1:-50}" "${2:-1}" "${3:-120}"
