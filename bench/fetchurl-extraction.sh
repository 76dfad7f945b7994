#!/usr/bin/env bash
# Scores FetchURL's main-content extraction on the article-extraction benchmark (DESIGN.md §7):
# the three published baselines first (to prove the scorer), then the original's cleaning, ours in-sample (the
# shipped thresholds, deadline and fallback) and 5-fold held-out (thresholds chosen on the training folds only),
# tokens per page, per-page extraction time with the slowest page, and generated pathological pages (deep
# nesting, huge text, link farms) in ms per MB. Timings depend on the machine's load: run it on a quiet machine.
# Data: $SECAI_SHARED_DATA/article-extraction, default <repo>/../shared/data. Skips with a message when absent.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${SECAI_SHARED_DATA:-$repo/../shared/data}"
if [[ ! -f "$data/article-extraction/ground-truth.json" ]]; then
  echo "fetchurl-extraction: skipped, no benchmark data at $data/article-extraction (set SECAI_SHARED_DATA)"
  exit 0
fi
exec "$repo/bench/run-main.sh" plugin-fetchurl io.secai.plugin.fetchurl.bench.ExtractionBenchmark \
  "$(cd "$data/article-extraction" && pwd)"
