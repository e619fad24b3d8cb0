#!/usr/bin/env bash
# litmus (Debian package `litmus`), all suites, against a fresh hepbox on a free loopback port.
# Passes only when every suite's "summary for" line reports 0 failures. Log: tests/artifacts/litmus.log
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
ARTIFACTS=${HEPBOX_ARTIFACTS:-$HEPBOX_ROOT/tests/artifacts}
mkdir -p "$ARTIFACTS"
LOG=$ARTIFACTS/litmus.log
command -v litmus >/dev/null || { echo "litmus is not installed (apt-get install litmus)"; exit 1; }

hb_tempdir DATA litmus
start_hepbox "$DATA"
URL="$HEPBOX_URL/remote.php/dav/files/admin/litmus/"
# litmus wants its collection to exist
curl -sf -u "admin:$HEPBOX_ADMIN_PASSWORD" -X MKCOL "$URL" -o /dev/null

SUITES="basic copymove props locks http"
# -k: keep going after a failing suite
( cd "$DATA" && TESTS="$SUITES" litmus -k "$URL" admin "$HEPBOX_ADMIN_PASSWORD" ) > "$LOG" 2>&1 || true
cp "$DATA/server.log" "$ARTIFACTS/litmus-server.log" 2>/dev/null || true

status=0
for suite in $SUITES; do
  line=$(tr '\r' '\n' < "$LOG" | grep -E "^<- summary for \`$suite'" || true)
  if [ -z "$line" ]; then echo "litmus: no summary for suite $suite"; status=1; continue; fi
  echo "$line"
  failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<< "$line")
  [ "${failed:-1}" = 0 ] || status=1
done
if [ $status != 0 ]; then
  echo "litmus failures:"; tr '\r' '\n' < "$LOG" | grep -E "FAIL" | head -40
fi
hb_stop_pid "$HEPBOX_PID" 20
exit $status
