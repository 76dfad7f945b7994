#!/usr/bin/env bash
# `secai rule check` over the ARM templates the seed's URL-to-detection session produces (the seed's own template,
# and the two templates SecAI's scenario run writes through the detection-rules plugin), and over the deliberately
# broken templates, Bicep and detection YAML in bench/rule-check/broken (expected kinds in
# bench/rule-check/expected.tsv).
# Prints, per problem kind, how many problems were expected and found, and what was missed or reported in excess.
# Then, the technique ids the community hunting queries cite ($SECAI_SHARED_DATA/kql-community), against the
# bundled ATT&CK map. Usage: bench/rule-check.sh       Data: $SECAI_SHARED_DATA (default ../shared/data); without
# it only the broken set is checked. Builds with `package` (never `install`: the local repository stays clean);
# SECAI_SKIP_BUILD=1 skips that when plugins-dir and the launcher are current.
set -euo pipefail
cd "$(dirname "$0")/.."
export SECAI_SHARED_DATA="${SECAI_SHARED_DATA:-$(pwd)/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "${SECAI_SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests package
fi
good=()
if [ -f "$SECAI_SHARED_DATA/scenario/sessions.json" ]; then
  # The end-to-end test replays both sessions against the fakes and keeps the rules prompts 7 and 8 produced.
  ./mvnw -q -B -pl frontend-terminal -am test -Dtest=ScenarioEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsecai.scenario.rules-out="$work/scenario" >"$work/scenario.log" 2>&1 \
    || { echo "rule-check: the scenario run failed; see the log below" >&2; cat "$work/scenario.log" >&2; exit 1; }
  good=("$SECAI_SHARED_DATA/scenario/answers/p7-arm-template.json" "$work"/scenario/*.json)
else
  echo "rule-check: no scenario data in $SECAI_SHARED_DATA/scenario (set SECAI_SHARED_DATA); broken set only."
fi
broken=(bench/rule-check/broken/*)

check() {
  local start end status=0
  start=$(date +%s%N)
  SECAI_SKIP_BUILD=1 ./secai rule check --schema bench/rule-check/schema.json "$@" >"$work/out.txt" \
    2>"$work/err.txt" || status=$?
  end=$(date +%s%N)
  echo "$status $(( (end - start) / 1000000 ))"
}

echo "## secai rule check"
echo
if [ ${#good[@]} -gt 0 ]; then
  read -r status millis < <(check "${good[@]}")
  echo "Session templates (${#good[@]} files, exit $status, ${millis} ms):"
  echo
  sed 's|^.*/||; s/^/    /' "$work/out.txt"
  echo
fi

read -r status millis < <(check "${broken[@]}")
echo "Broken set (${#broken[@]} files, exit $status, ${millis} ms including JVM start):"
echo
awk -v rows="$work/rows.txt" -v notes="$work/notes.txt" '
  FNR == NR { if ($0 !~ /^#/ && split($0, f, "\t") == 2) { n = split(f[2], kinds, ","); for (i = 1; i <= n; i++) { want[f[1] SUBSEP kinds[i]]++; expected[kinds[i]]++; all[kinds[i]] = 1 } } next }
  /: no problems$/ { next }
  {
    file = $0; sub(/: .*/, "", file); sub(/^.*\//, "", file)
    if (match($0, /\[[A-Z_]+\]/)) {
      kind = substr($0, RSTART + 1, RLENGTH - 2); all[kind] = 1; found[kind]++
      if (want[file SUBSEP kind] > 0) { want[file SUBSEP kind]--; hit[kind]++ } else { extra[kind]++; print "  extra: " $0 > notes }
    }
  }
  END {
    for (k in all) {
      printf "| %s | %d | %d | %d | %d | %d |\n", k, expected[k], found[k], hit[k], expected[k] - hit[k], extra[k] > rows
      te += expected[k]; tf += found[k]; th += hit[k]; tx += extra[k]
    }
    for (key in want) if (want[key] > 0) { split(key, p, SUBSEP); printf "  missed: %s %s\n", p[1], p[2] > notes }
    printf "%d %d %d %d\n", te, tf, th, tx > (rows ".total")
  }' bench/rule-check/expected.tsv "$work/out.txt"
echo "| kind | expected | found | matched | missed | extra |"
echo "|---|---|---|---|---|---|"
sort "$work/rows.txt"
read -r te tf th tx < "$work/rows.txt.total"
echo "| **all** | $te | $tf | $th | $((te - th)) | $tx |"
if [ -s "$work/notes.txt" ]; then echo; cat "$work/notes.txt"; fi

community="$SECAI_SHARED_DATA/kql-community/queries.jsonl"
if [ -f "$community" ]; then
  echo
  # The plugin as it is deployed (its jar and what it bundles, from plugins-dir) and the bench class.
  java -cp "plugin-detection-rules/target/test-classes:plugins-dir/plugin-detection-rules/*" \
    io.secai.plugin.rules.bench.AttackCoverage "$community"
fi
