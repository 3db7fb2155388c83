#!/usr/bin/env bash
# Every test, from a fresh clone: installs what is missing, builds, then runs the tiers in order:
# static checks (type check, lint), unit tests in plain Node, the real-host suite on each VS Code
# version, and a smoke suite against the packaged .vsix installed into each host. Each tier ends with a line `<tier>: N passed, N failed`; the last line totals them.
# Environment: TWELVELABS_TEST_HOST=4.100.3|4.139.1|all (default all), TWELVELABS_TEST_GREP=regex.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh "${TWELVELABS_TEST_HOST:-all}" || { echo "setup failed"; echo "total: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0
# The failing tests' titles and first error lines, from every tier, repeated at the end: a CI log is
# often read from its tail, and mocha prints each tier's failures in the middle of a long run.
failures="$(mktemp)"
collect_failures() { # collect_failures TIER LOG
  awk -v tier="$1" '/^ +[0-9]+ failing/ { on = 1; next } on && /^\[harness\]/ { on = 0 } on && NF && !/^ +at / { print "[" tier "] " $0 }' "$2" | head -n 80 >> "$failures"
}
tally() { # tally NAME PASSED FAILED
  echo "$1: $2 passed, $3 failed"
  passed=$((passed + $2))
  failed=$((failed + $3))
}

echo "== build"
# The test build (test/build/extension.ts): the product with the real-host tests' API. The .vsix step
# below builds and packages the shipped bundles, which have none of it.
if node esbuild.js --test && npx tsc -p . --outDir out; then tally build 1 0; else tally build 0 1; fi

echo "== static checks"
static_failed=0
npx tsc -p . --noEmit || static_failed=$((static_failed + 1))
npx tsc -p src/webviews --noEmit || static_failed=$((static_failed + 1))
npx eslint . || static_failed=$((static_failed + 1))
tally static $((3 - static_failed)) $static_failed

echo "== unit tests"
unit_log="$(mktemp)"
npx mocha --config .mocharc.json 2>&1 | tee "$unit_log"
unit_status=${PIPESTATUS[0]}
unit_passed=$(sed -n 's/^ *\([0-9][0-9]*\) passing.*/\1/p' "$unit_log" | tail -1)
unit_failed=$(sed -n 's/^ *\([0-9][0-9]*\) failing.*/\1/p' "$unit_log" | tail -1)
unit_passed=${unit_passed:-0}
unit_failed=${unit_failed:-0}
# A crash before mocha's summary (a syntax error, a failing hook at load) still fails the tier.
[ "$unit_status" -ne 0 ] && [ "$unit_failed" -eq 0 ] && unit_failed=1
collect_failures unit "$unit_log"
rm -f "$unit_log"
tally unit "$unit_passed" "$unit_failed"

# run_hosts TIER_PREFIX ARGS...: runs the harness, adds up its `<prefix>-<version>: N passed, N failed` lines.
run_hosts() {
  local prefix="$1"; shift
  local log; log="$(mktemp)"
  node out/test/harness/runHostTests.js --host "${TWELVELABS_TEST_HOST:-all}" "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  while read -r p f; do
    passed=$((passed + p)); failed=$((failed + f))
  done < <(sed -n "s/^${prefix}-[0-9.]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log")
  # A harness that died before its summary still fails the run.
  if [ "$status" -ne 0 ] && ! grep -qE "^${prefix}-[0-9.]+: [0-9]+ passed, [1-9][0-9]* failed$" "$log"; then
    echo "${prefix}: 0 passed, 1 failed"
    failed=$((failed + 1))
  fi
  collect_failures "$prefix" "$log"
  rm -f "$log"
}

echo "== real-host tests"
run_hosts host

echo "== the packaged .vsix, installed into each host"
vsix_dir="$(mktemp -d)"
# vsce runs vscode:prepublish, i.e. the production build, and packages exactly what ships.
if npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out "$vsix_dir/twelvelabs-vscode.vsix"; then
  echo "package: $(stat -c %s "$vsix_dir/twelvelabs-vscode.vsix") bytes"
  run_hosts installed --installed --vsix "$vsix_dir/twelvelabs-vscode.vsix"
else
  tally package 0 1
fi
rm -rf "$vsix_dir"

echo ""
if [ -s "$failures" ]; then
  echo "== failures"
  cat "$failures"
fi
rm -f "$failures"
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
