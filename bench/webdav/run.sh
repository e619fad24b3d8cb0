#!/usr/bin/env bash
# WebDAV benchmark (not a test): hepbox (release build) against Apache 2 mod_dav (Debian apache2, private config,
# no auth, no fsync) on loopback, same machine, same run, same client (bench/webdav/driver.py).
# Prints a table and writes it to bench/webdav/results.md.
#   BENCH_SKIP_BUILD=1   use the existing .build-release/release/hepbox (or $HEPBOX_BIN)
#   BENCH_BIG_MIB=1024   size of the big file;  BENCH_CLIENTS=16;  BENCH_PROCS=2 (client processes)
#   BENCH_ROUNDS=3       rounds; in each, every phase runs on both servers back to back
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
if [ -z "${HEPBOX_BIN:-}" ]; then
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "building release (.build-release)…"
    swift build -c release --scratch-path .build-release 2>&1 | tail -3
  fi
  HEPBOX_BIN=$ROOT/.build-release/release/hepbox
fi
export HEPBOX_BIN
source "$ROOT/tests/lib/common.sh"
command -v apache2 >/dev/null || { echo "apache2 is not installed (apt-get install apache2)"; exit 1; }
PY=python3

hb_tempdir WORK bench
chmod 755 "$WORK"
mkdir -p "$WORK/hepbox" "$WORK/apache/dav" "$WORK/apache/lock"

# ---- hepbox (release), default storage: SQLite + one storage node inside the data dir
start_hepbox "$WORK/hepbox"
echo "hepbox $(basename "$HEPBOX_BIN") pid $HEPBOX_PID on $HEPBOX_URL"

# ---- Apache mod_dav, private config (not /etc/apache2), like tools/recipes/litmus.sh
APORT=$(hb_free_port)
M=/usr/lib/apache2/modules
cat > "$WORK/apache/httpd.conf" <<CONF
ServerName 127.0.0.1
Listen 127.0.0.1:$APORT
PidFile $WORK/apache/httpd.pid
ErrorLog $WORK/apache/error.log
LogLevel warn
Mutex file:$WORK/apache/lock default
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule alias_module $M/mod_alias.so
LoadModule mime_module $M/mod_mime.so
LoadModule dav_module $M/mod_dav.so
LoadModule dav_fs_module $M/mod_dav_fs.so
TypesConfig /etc/mime.types
User www-data
Group www-data
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 60
LimitRequestBody 0
DAVLockDB $WORK/apache/lock/DAVLock
Alias /dav $WORK/apache/dav
<Directory $WORK/apache/dav>
  Dav On
  Require all granted
</Directory>
CONF
chown -R www-data:www-data "$WORK/apache/dav" "$WORK/apache/lock"
stop_apache() {
  local pid; pid=$(cat "$WORK/apache/httpd.pid" 2>/dev/null || true)
  [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" = apache2 ] && hb_stop_pid "$pid" 20
  return 0
}
hb_on_exit stop_apache
apache2 -f "$WORK/apache/httpd.conf" -k start
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$APORT/dav/" && break; sleep 0.05; done
echo "apache $(apache2 -v | head -1 | cut -d' ' -f3) pid $(cat "$WORK/apache/httpd.pid") on http://127.0.0.1:$APORT"

META="Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPU(s), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, \
data on $(df --output=source "$WORK" | tail -1); hepbox $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && [ -n "$(git status --porcelain -uno 2>/dev/null)" ] && echo ' + uncommitted changes') \
release build of $(date -u -r "$HEPBOX_BIN" +%Y-%m-%dT%H:%MZ) (fsyncs every upload, computes SHA1/MD5/ADLER32), Basic auth; Apache $(apache2 -v | head -1 | cut -d' ' -f3) \
mod_dav_fs, mpm_event, no auth, no fsync. Same client for both."
$PY "$HERE/driver.py" compare --hepbox-url "$HEPBOX_URL/remote.php/dav/files/admin/" --user admin \
    --password "$HEPBOX_ADMIN_PASSWORD" --pid "$HEPBOX_PID" --apache-url "http://127.0.0.1:$APORT/dav/" \
    --apache-pid "$(cat "$WORK/apache/httpd.pid")" \
    --rounds "${BENCH_ROUNDS:-3}" --clients "${BENCH_CLIENTS:-16}" --procs "${BENCH_PROCS:-2}" \
    --big-mib "${BENCH_BIG_MIB:-1024}" --disk-dir "$WORK" --md "$HERE/results.md" --meta "$META"
