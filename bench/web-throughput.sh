#!/usr/bin/env bash
# Prompts per second and per-prompt latency (p50, p99) through the web frontend's JSON API and event stream, over
# the real engine and plugins, at 1, 8 and 32 concurrent sessions, with the HTTPS fakes of Azure OpenAI and Log
# Analytics answering at once. Two plans: one GPT task, and a KQL task plus a GPT task. Loopback only; loads the
# plugins from plugins-dir (override with SECAI_PLUGINS_DIR).
# Usage: bench/web-throughput.sh [seconds-per-level] [max-prompts-per-level]   (defaults 10 and 2000)
set -euo pipefail
exec "$(dirname "$0")/run-main.sh" frontend-web io.secai.web.WebThroughputBenchmark "${1:-10}" "${2:-2000}"
