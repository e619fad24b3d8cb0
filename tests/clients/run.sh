#!/usr/bin/env bash
# Tests with the real sync clients against the built server (builds nothing): nextcloudcmd ×2 + owncloudcmd
# (test_sync.py), rclone (test_rclone.py), pyocclient (test_pyocclient.py), sharing (test_sharing.py: pyocclient,
# nextcloudcmd as a recipient, curl on public links).
# One line per check, then exactly "N passed, M failed"; exit status non-zero on any failure.
# Logs: tests/artifacts/clients/ (HEPBOX_ARTIFACTS overrides the parent). Usage: tests/clients/run.sh [sync rclone pyocclient sharing]
# Everything is started by the test scripts on free loopback ports and stopped by pid (their atexit/trap handlers);
# this script stops the scripts it started, by pid, on exit or on a signal.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export HEPBOX_BIN=${HEPBOX_BIN:-$ROOT/.build/debug/hepbox}
export HEPBOX_ARTIFACTS=${HEPBOX_ARTIFACTS:-$ROOT/tests/artifacts}
ART=$HEPBOX_ARTIFACTS/clients
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  if [ -x "$ROOT/.venv/bin/python3" ]; then PYTHON=$ROOT/.venv/bin/python3; else PYTHON=python3; fi
fi
rm -rf "$ART"; mkdir -p "$ART"

CHILD=""
stop_child() {
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CHILD" 2>/dev/null
  fi
  CHILD=""
}
trap stop_child EXIT
trap 'stop_child; exit 130' INT TERM

passed=0; failed=0; started=$(date +%s)
fail_line() { failed=$((failed + 1)); echo "FAIL  $1"; }

if [ ! -x "$HEPBOX_BIN" ]; then
  fail_line "prerequisites: no hepbox binary at $HEPBOX_BIN (swift build --scratch-path .build, or set HEPBOX_BIN)"
  echo "$passed passed, $failed failed"; exit 1
fi

ALL=(sync rclone pyocclient sharing)
TESTS=("${@:-${ALL[@]}}")
for t in "${TESTS[@]}"; do
  t=${t#test_}; t=${t%.py}
  case $t in
    sync) need=(nextcloudcmd owncloudcmd) ;;
    rclone) need=(rclone) ;;
    pyocclient) need=() ;;
    sharing) need=(nextcloudcmd curl unzip) ;;
    *) fail_line "$t: no such test (sync, rclone, pyocclient, sharing)"; continue ;;
  esac
  missing=()
  for c in "${need[@]}"; do command -v "$c" >/dev/null || missing+=("$c"); done
  if [ $t = pyocclient ] || [ $t = sharing ]; then
    "$PYTHON" -c 'import owncloud' 2>/dev/null || missing+=("pyocclient (pip)")
  fi
  if [ ${#missing[@]} -gt 0 ]; then fail_line "$t: not installed: ${missing[*]} (run tests/setup.sh)"; continue; fi

  log=$ART/test_$t.log
  t0=$(date +%s)
  timeout --signal=TERM --kill-after=20 360 "$PYTHON" -u "$HERE/test_$t.py" > "$log" 2>&1 &
  CHILD=$!
  wait "$CHILD"; rc=$?
  CHILD=""
  secs=$(( $(date +%s) - t0 ))
  lines=0
  while IFS= read -r line; do
    case $line in
      "PASS "*) passed=$((passed + 1)); lines=$((lines + 1)); echo "PASS  ${line#PASS }" ;;
      "FAIL "*) failed=$((failed + 1)); lines=$((lines + 1)); echo "FAIL  ${line#FAIL }"; show=6 ;;
      "      "*) if [ "${show:-0}" -gt 0 ]; then echo "$line"; show=$((show - 1)); fi ;;
      *) show=0 ;;
    esac
  done < "$log"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
    fail_line "$t: exited $rc without a result (timeout 360 s = 124; log $log)"
    tail -5 "$log" | sed 's/^/      /'
  fi
  echo "# $t: ${secs}s, exit $rc, log $log"
done
echo "# clients total $(( $(date +%s) - started ))s"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
