#!/usr/bin/env bash
# Sync benchmark (not a test): nextcloudcmd against hepbox on loopback.
#   1. initial upload of 5,000 4-KiB files (50 folders × 100)      → files/s
#   2. initial upload of 20 × 10 MiB files (chunked uploads)        → MB/s (10^6 bytes)
#   3. no-change re-sync of everything                              → seconds
#   4. a second client downloads the whole tree                     → files/s, MB/s
# Builds nothing. Binary: $HEPBOX_BIN, else .build-release/release/hepbox if built, else .build/debug/hepbox.
#   BENCH_SMALL=5000 BENCH_BIG=20 BENCH_BIG_MIB=10   change the sizes
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ -z "${HEPBOX_BIN:-}" ]; then
  if [ -x "$ROOT/.build-release/release/hepbox" ]; then HEPBOX_BIN=$ROOT/.build-release/release/hepbox
  else HEPBOX_BIN=$ROOT/.build/debug/hepbox; fi
fi
export HEPBOX_BIN
source "$ROOT/tests/lib/common.sh"
command -v nextcloudcmd >/dev/null || { echo "nextcloudcmd is not installed (apt-get install nextcloud-desktop-cmd)"; exit 1; }
SMALL=${BENCH_SMALL:-5000}; BIG=${BENCH_BIG:-20}; BIG_MIB=${BENCH_BIG_MIB:-10}
USER_NAME=bench; USER_PW=bench-Sync-Password-9

hb_tempdir WORK syncbench
mkdir -p "$WORK/server" "$WORK/small" "$WORK/big" "$WORK/down"
start_hepbox "$WORK/server"
"$HEPBOX_BIN" admin user add "$USER_NAME" --password "$USER_PW" --data-dir "$WORK/server" >/dev/null
echo "hepbox $HEPBOX_BIN (pid $HEPBOX_PID) on $HEPBOX_URL; nextcloudcmd $(nextcloudcmd --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)"

# the data: one sync folder holding small/ and big/ (phase 2 adds big/ to the same folder)
python3 - "$WORK/small" "$SMALL" "$BIG" "$BIG_MIB" <<'PY'
import os, sys
root, small, big, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(small):
    d = os.path.join(root, "small", f"dir {i // 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file {i:05d}.dat"), "wb") as f:
        f.write(os.urandom(4096))
os.makedirs(os.path.join(os.path.dirname(root), "big"), exist_ok=True)
for i in range(big):
    with open(os.path.join(os.path.dirname(root), "big", f"big {i:02d}.bin"), "wb") as f:
        f.write(os.urandom(mib * 1048576))
PY
SYNC="$WORK/small"   # the sync folder

now() { date +%s.%N; }
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$HEPBOX_PID/stat"; }
run_sync() { # folder log → "seconds client-cpu-seconds server-cpu-seconds"
  local t0 t1 c0 c1 rc=0
  t0=$(now); c0=$(server_cpu)
  nextcloudcmd -s --non-interactive -u "$USER_NAME" -p "$USER_PW" "$1" "$HEPBOX_URL/" > "$2" 2>&1 || rc=$?
  t1=$(now); c1=$(server_cpu)
  if [ $rc -ne 0 ]; then echo "nextcloudcmd exited $rc (log $2):" >&2; tail -5 "$2" >&2; exit 1; fi
  # `times` in this subshell: its children's user and system CPU (nextcloudcmd's); not in a pipe (that forks)
  times > "$2.times"
  awk -v a="$t0" -v b="$t1" -v c0="$c0" -v c1="$c1" 'NR == 2 {
      split($0, t, " "); s = 0
      for (i = 1; i <= 2; i++) { m = t[i]; sub(/m.*/, "", m); x = t[i]; sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); s += m * 60 + x }
      printf "%.2f %.1f %.1f", b - a, s, c1 - c0 }' "$2.times"
}
count_server() { # number of files on the server (PROPFIND Depth 1, walked)
  python3 - "$HEPBOX_URL" "$USER_NAME" "$USER_PW" <<'PY'
import base64, sys, urllib.parse, urllib.request, xml.etree.ElementTree as ET
url, user, pw = sys.argv[1:]
auth = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()
base = f"/remote.php/dav/files/{user}/"
todo, files, size = [base], 0, 0
while todo:
    p = todo.pop()
    req = urllib.request.Request(url + urllib.parse.quote(p), method="PROPFIND", headers={"Depth": "1", "Authorization": auth},
        data=b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>')
    for r in ET.fromstring(urllib.request.urlopen(req).read()).findall("{DAV:}response"):
        href = urllib.parse.unquote(r.findtext("{DAV:}href"))
        if href == p: continue
        if r.find(".//{DAV:}collection") is not None: todo.append(href)
        else: files += 1; size += int(r.findtext(".//{DAV:}getcontentlength") or 0)
print(files, size)
PY
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.1f", n/s}'; }

echo "1. upload of $SMALL × 4 KiB files …"
read -r T1 C1 S1 <<<"$(run_sync "$SYNC" "$WORK/sync1.log")"
read -r N1 _ <<<"$(count_server)"
[ "$N1" -eq "$SMALL" ] || { echo "server holds $N1 files, expected $SMALL"; exit 1; }

echo "2. upload of $BIG × $BIG_MIB MiB files …"
mv "$WORK/big" "$SYNC/big"
read -r T2 C2 SC2 <<<"$(run_sync "$SYNC" "$WORK/sync2.log")"
read -r N2 S2 <<<"$(count_server)"
[ "$N2" -eq $((SMALL + BIG)) ] || { echo "server holds $N2 files, expected $((SMALL + BIG))"; exit 1; }
BIG_BYTES=$((BIG * BIG_MIB * 1048576))

echo "3. no-change re-sync …"
read -r T3 C3 S3 <<<"$(run_sync "$SYNC" "$WORK/sync3.log")"

echo "4. download by a second client …"
read -r T4 C4 S4 <<<"$(run_sync "$WORK/down" "$WORK/sync4.log")"
ND=$(find "$WORK/down" -type f ! -name '.sync_*' | wc -l)
[ "$ND" -eq $((SMALL + BIG)) ] || { echo "downloaded $ND files, expected $((SMALL + BIG))"; exit 1; }

echo
echo "| phase | files | bytes | seconds | rate | CPU s client / server |"
echo "|---|---:|---:|---:|---|---|"
echo "| upload, $SMALL × 4 KiB | $SMALL | $((SMALL * 4096)) | $T1 | **$(rate "$SMALL" "$T1") files/s** (target ≥ 200) | $C1 / $S1 |"
echo "| upload, $BIG × $BIG_MIB MiB (chunked) | $BIG | $BIG_BYTES | $T2 | **$(rate "$((BIG_BYTES / 1000000))" "$T2") MB/s** | $C2 / $SC2 |"
echo "| no-change re-sync, $((SMALL + BIG)) files | 0 | 0 | **$T3** | (target < 2 s) | $C3 / $S3 |"
echo "| download by a 2nd client | $ND | $S2 | $T4 | $(rate "$ND" "$T4") files/s, $(rate "$((S2 / 1000000))" "$T4") MB/s | $C4 / $S4 |"
echo
BULK=$(curl -s -u "$USER_NAME:$USER_PW" -H 'OCS-APIREQUEST: true' "$HEPBOX_URL/ocs/v1.php/cloud/capabilities?format=json" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin)["ocs"]["data"]["capabilities"].get("dav",{}); print("bulk upload advertised (POST /remote.php/dav/bulk)" if d.get("bulkupload") else "no bulk upload (one PUT per file)")' 2>/dev/null || echo "capabilities unreadable")
echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s), hepbox $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?') ($(basename "$(dirname "$HEPBOX_BIN")") build), loopback, nextcloudcmd -s, $BULK."
