#!/usr/bin/env bash
# The browser suite (headless Chromium + Selenium) against the built server; prints PASS/FAIL lines and
# "N passed, M failed"; screenshots in tests/artifacts/browser/. Usage: tests/browser/run.sh
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export HEPBOX_BIN=${HEPBOX_BIN:-$ROOT/.build/debug/hepbox}
export HEPBOX_ARTIFACTS=${HEPBOX_ARTIFACTS:-$ROOT/tests/artifacts}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python3}
rm -rf "$HEPBOX_ARTIFACTS/browser"; mkdir -p "$HEPBOX_ARTIFACTS/browser"
missing=()
for c in chromium chromedriver; do command -v $c >/dev/null || missing+=("$c"); done
"$PYTHON" -c 'import selenium' 2>/dev/null || missing+=("selenium (pip)")
if [ ${#missing[@]} -gt 0 ]; then echo "FAIL  browser: not installed: ${missing[*]} (run tests/setup.sh)"; echo "0 passed, 1 failed"; exit 1; fi
log=$HEPBOX_ARTIFACTS/browser/test_browser.log
timeout --signal=TERM --kill-after=20 300 "$PYTHON" -u "$HERE/test_browser.py" > "$log" 2>&1 &
child=$!
trap 'kill -TERM $child 2>/dev/null' INT TERM
wait $child; rc=$?
passed=$(grep -c '^PASS ' "$log"); failed=$(grep -c '^FAIL ' "$log")
grep -E '^(PASS|FAIL|      )' "$log" | sed 's/^PASS /PASS  /; s/^FAIL /FAIL  /'
if [ $rc -ne 0 ] && [ "$failed" = 0 ]; then echo "FAIL  browser: exited $rc without a result (log $log)"; tail -5 "$log"; failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
