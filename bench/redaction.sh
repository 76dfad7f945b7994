#!/usr/bin/env bash
# How fast the one redactor masks log-like text, with and without secrets in it.
exec "$(dirname "$0")/run-main.sh" secai-engine io.secai.engine.bench.RedactionBenchmark "$@"
