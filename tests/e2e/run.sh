#!/usr/bin/env bash
# Runs the end-to-end tests against the built server (builds nothing): $HEPBOX_BIN or .build/debug/hepbox.
# One line per test, then "N passed, M failed"; exit status non-zero on any failure.
# Logs: tests/artifacts/<test>.log (HEPBOX_ARTIFACTS overrides). Usage: tests/e2e/run.sh [test names...]
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export HEPBOX_BIN=${HEPBOX_BIN:-$ROOT/.build/debug/hepbox}
export HEPBOX_ARTIFACTS=${HEPBOX_ARTIFACTS:-$ROOT/tests/artifacts}
if [ ! -x "$HEPBOX_BIN" ]; then
  echo "no hepbox binary at $HEPBOX_BIN (build it: swift build --scratch-path .build, or set HEPBOX_BIN)"
  echo "0 passed, 1 failed"
  exit 1
fi
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi
mkdir -p "$HEPBOX_ARTIFACTS"

ALL=(litmus test_bad_input test_crash test_power_loss test_replicas test_concurrency test_graceful test_idle test_split_writes test_standalone)
TESTS=("${@:-${ALL[@]}}")
passed=0; failed=0; started=$(date +%s)
for t in "${TESTS[@]}"; do
  t=${t%.py}; t=${t%.sh}
  log=$HEPBOX_ARTIFACTS/$t.log
  if [ -f "$HERE/$t.sh" ]; then cmd=(bash "$HERE/$t.sh"); else cmd=("$PYTHON" "$HERE/$t.py"); fi
  t0=$(date +%s.%N)
  timeout --signal=TERM --kill-after=30 300 "${cmd[@]}" > "$log" 2>&1
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  if [ $rc = 0 ]; then
    passed=$((passed + 1)); printf 'PASS  %-18s %6ss\n' "$t" "$secs"
  else
    failed=$((failed + 1)); printf 'FAIL  %-18s %6ss  (exit %s; log %s)\n' "$t" "$secs" "$rc" "$log"
    { grep -E "NOT OK|^\[[0-9:]+\]     " "$log"; grep -E "^[A-Za-z]*Error|^litmus|FAIL" "$log" | tail -5; } \
      | head -20 | sed 's/^/      /'
  fi
done
echo "# e2e total $(( $(date +%s) - started ))s"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
