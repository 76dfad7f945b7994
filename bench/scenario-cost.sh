#!/usr/bin/env bash
# What the seed's two sample sessions cost (model calls, tokens, bytes, rows and page text sent to the model,
# SecAI's own time), beside the Python original's figures on the same data. Prints a Markdown table.
# Usage: bench/scenario-cost.sh [--seed-plugins] [RUNS] [KEY=VALUE...]
#   --seed-plugins: only the plugins the seed's sessions use (gpt, sentinel-kql, fetchurl, detection-rules,
#   llm-openai) instead of every plugin in plugins-dir; each plugin lengthens every planning call.
#   RUNS: measured runs after one warm-up run (default 3); KEY=VALUE: settings every engine of the run gets, for
#   example privacy.anonymize=true or session.result-digests=false.
# Ends with one machine-readable line:
#   calls=N prompt_tokens=N completion_tokens=N first_start_calls=N first_start_prompt_tokens=N
# Data: $SECAI_SHARED_DATA/scenario (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
if [ ! -f "$SECAI_SHARED_DATA/scenario/sessions.json" ]; then
  echo "scenario-cost: no scenario data in $SECAI_SHARED_DATA/scenario (set SECAI_SHARED_DATA); skipped."
  exit 0
fi
if [ "${1:-}" = "--seed-plugins" ]; then
  shift
  seed="$(mktemp -d)"
  trap 'rm -rf "$seed"' EXIT
  for plugin in plugin-gpt plugin-sentinel-kql plugin-fetchurl plugin-detection-rules plugin-llm-openai; do
    cp -R "plugins-dir/$plugin" "$seed/$plugin"   # the loader refuses linked plugin folders
  done
  export SECAI_PLUGINS_DIR="$seed"
  echo "Plugins: the seed's set (gpt, sentinel-kql, fetchurl, detection-rules, llm-openai)"
fi
bench/run-main.sh frontend-terminal io.secai.scenario.ScenarioCostBenchmark "$@"
