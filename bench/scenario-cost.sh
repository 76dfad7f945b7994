#!/usr/bin/env bash
# What the seed's two sample sessions cost (model calls, tokens, bytes, rows and page text sent to the model,
# SecAI's own time), beside the Python original's figures on the same data. Prints a Markdown table.
# Usage: bench/scenario-cost.sh [RUNS]   (measured runs after one warm-up run; default 3)
# Data: $SECAI_SHARED_DATA/scenario (default ../shared/data). Needs plugins-dir built: ./mvnw -DskipTests install.
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
if [ ! -f "$SECAI_SHARED_DATA/scenario/sessions.json" ]; then
  echo "scenario-cost: no scenario data in $SECAI_SHARED_DATA/scenario (set SECAI_SHARED_DATA); skipped."
  exit 0
fi
./mvnw -q -B -o -pl frontend-terminal test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.secai.scenario.ScenarioCostBenchmark -Dexec.args="${1:-3}" \
  -Dexec.cleanupDaemonThreads=false
