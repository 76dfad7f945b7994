#!/usr/bin/env bash
# Prompts per second and per-prompt latency (p50, p99) through the web frontend's JSON API and event stream, at 1, 8
# and 32 concurrent sessions, with every backend answering at once. Loopback only.
# Usage: bench/web-throughput.sh [seconds-per-level] [max-prompts-per-level]   (defaults 10 and 2000)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
./mvnw -q -B -o -pl frontend-web test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=io.secai.web.WebThroughputBenchmark \
  -Dexec.args="${1:-10} ${2:-2000}"
