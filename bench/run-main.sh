#!/usr/bin/env bash
# Runs one benchmark: a main class in a module's test code. Builds and installs every module first (tests skipped),
# so that it works on a fresh clone and the plugins it loads from plugins-dir are current.
# Usage: bench/run-main.sh MODULE MAIN_CLASS [ARGS...]
set -euo pipefail
module="$1"
main="$2"
shift 2
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install
# The benchmarks find the repo and its plugins-dir through the same properties surefire gives the tests.
exec ./mvnw -q -B -pl "$module" exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" \
  -Dexec.args="$*" -Dexec.cleanupDaemonThreads=false \
  -Dsecai.root="$(pwd)" -Dsecai.plugins-dir="${SECAI_PLUGINS_DIR:-$(pwd)/plugins-dir}"
