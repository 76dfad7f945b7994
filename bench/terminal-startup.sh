#!/usr/bin/env bash
# Launcher benchmark: time from `./secai ask` start to the first request at the model endpoint (the test kit's
# HTTPS fake of Azure OpenAI), and the idle shell's resident memory with the built-in plugins loaded.
# Needs no shared data. Usage: bench/terminal-startup.sh [RUNS]   (default 5); BENCH_JAVA_OPTS adds JVM flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ ! -d frontend-terminal/target/secai/lib ] || ! ls plugins-dir/*/ >/dev/null 2>&1; then
  echo "terminal-startup: build first (./secai --help builds on first use)" >&2
  exit 1
fi
./mvnw -q -B -o -pl frontend-terminal test-compile
./mvnw -q -B -o -pl frontend-terminal exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.secai.terminal.bench.StartupBenchmark -Dexec.args="$ROOT ${1:-5}"
