#!/usr/bin/env bash
# The one command that runs every test: installs dependencies, builds, runs the Swift suites of both packages
# and the end-to-end suites against the real server and clients. Exit status 0 only when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export HEPBOX_TEST_PYTHON="$PWD/.venv/bin/python3"
bash tests/setup.sh || { echo "setup failed"; exit 1; }

passed=0; failed=0; failures=()
step() { # name command...
  local name=$1; shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then passed=$((passed+1)); echo "=== $name: ok ($((SECONDS-start)) s)"
  else failed=$((failed+1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS-start)) s)"; fi
}

# One build with the test targets (the same flags swift test uses, so nothing is compiled twice); it also makes
# .build/debug/hepbox for the end-to-end suites.
step "build hepbox and tests" swift build --build-tests --scratch-path .build
step "swift test (server)" swift test --skip-build --scratch-path .build
step "swift test (analysis)" swift test --package-path Analysis --scratch-path Analysis/.build
step "end-to-end (server)" bash tests/e2e/run.sh
step "end-to-end (sync clients)" bash tests/clients/run.sh
step "browser (web UI in headless Chromium)" bash tests/browser/run.sh

echo
[ ${#failures[@]} -gt 0 ] && echo "failed steps: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
