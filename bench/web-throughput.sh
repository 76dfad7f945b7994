#!/usr/bin/env bash
# Prompts per second and per-prompt latency (p50, p99) through the web frontend's JSON API and event stream, over
# the real engine and plugins, at 1, 8 and 32 concurrent sessions, with the HTTPS fakes of Azure OpenAI and Log
# Analytics answering at once. Two plans: one GPT task, and a KQL task plus a GPT task. Loopback only; needs the
# plugins built into plugins-dir (override with SECAI_PLUGINS_DIR).
# Usage: bench/web-throughput.sh [seconds-per-level] [max-prompts-per-level]   (defaults 10 and 2000)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
plugins="${SECAI_PLUGINS_DIR:-$repo/plugins-dir}"
if [ ! -d "$plugins/plugin-gpt" ]; then
  echo "web-throughput: skipped, no plugins in $plugins (build them with ./mvnw package first)"
  exit 0
fi
./mvnw -q -B -o -pl frontend-web test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=io.secai.web.WebThroughputBenchmark \
  -Dsecai.plugins-dir="$plugins" \
  -Dexec.args="${1:-10} ${2:-2000}"
