#!/usr/bin/env bash
# Launcher benchmark, through ./secai, without and with class-data sharing (AppCDS): --version and --help (wall and
# CPU time), `ask` start to the first request at the model endpoint (the test kit's HTTPS fake of Azure OpenAI),
# and the idle shell's resident memory with the built-in plugins loaded; the load average before and after.
# Needs no shared data. Usage: bench/terminal-startup.sh [RUNS]   (default 5); BENCH_JAVA_OPTS adds JVM flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec bench/run-main.sh frontend-terminal io.secai.terminal.bench.StartupBenchmark "$ROOT" "${1:-5}"
