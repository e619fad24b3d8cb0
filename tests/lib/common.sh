# Shared shell helpers for the e2e scripts and the benchmark (source it).
# start_hepbox DATA_DIR [serve args...]  → sets HEPBOX_PID, HEPBOX_PORT, HEPBOX_URL (waits for readiness)
# Everything started through these helpers is stopped on exit (by pid, never by name).
HEPBOX_ROOT=${HEPBOX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
HEPBOX_BIN=${HEPBOX_BIN:-$HEPBOX_ROOT/.build/debug/hepbox}
HEPBOX_ADMIN_PASSWORD=${HEPBOX_ADMIN_PASSWORD:-e2e-admin-Password-1}
export HEPBOX_ADMIN_PASSWORD
_HB_PIDS=()
_HB_DIRS=()
_HB_EXIT_HOOKS=()

hb_cleanup() {
  local pid hook
  for hook in "${_HB_EXIT_HOOKS[@]}"; do eval "$hook" || true; done
  for pid in "${_HB_PIDS[@]}"; do hb_stop_pid "$pid" 10 || true; done
  if [ "${HEPBOX_KEEP:-0}" != 1 ]; then
    for d in "${_HB_DIRS[@]}"; do rm -rf "$d"; done
  fi
}
trap hb_cleanup EXIT
trap 'exit 130' INT TERM

hb_on_exit() { _HB_EXIT_HOOKS+=("$1"); }

hb_tempdir() { # VAR name → VAR=new temp dir, removed on exit (not in a $(…) subshell: it must register it)
  local d; d=$(mktemp -d "${TMPDIR:-/tmp}/hepbox-$2-XXXXXX"); _HB_DIRS+=("$d"); printf -v "$1" %s "$d"
}

hb_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

hb_alive() { case "$(ps -o stat= -p "$1" 2>/dev/null)" in ""|Z*) return 1;; esac; }

hb_stop_pid() { # pid [seconds]: SIGTERM, then SIGKILL after the grace period
  local pid=$1 grace=${2:-20} i
  hb_alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 20; i++)); do hb_alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start_hepbox() { # DATA_DIR [extra serve args]; log in DATA_DIR/server.log; --port 0, port read from the log
  local dir=$1; shift
  local i n line attempt port=0
  for attempt in 1 2 3 4; do
    n=$(grep -c "^===== start" "$dir/server.log" 2>/dev/null || true)
    echo "===== start" >> "$dir/server.log"
    "$HEPBOX_BIN" serve --data-dir "$dir" --host 127.0.0.1 --port "$port" "$@" >> "$dir/server.log" 2>&1 &
    HEPBOX_PID=$!
    _HB_PIDS+=("$HEPBOX_PID")
    for ((i = 0; i < 1200; i++)); do
      line=$(awk -v n="${n:-0}" '/^===== start/{c++} c>n && /listening on http:\/\/127\.0\.0\.1:[0-9]+\//' "$dir/server.log" | head -1)
      if [ -n "$line" ]; then
        HEPBOX_PORT=$(sed -E 's#.*listening on http://127\.0\.0\.1:([0-9]+)/.*#\1#' <<< "$line")
        HEPBOX_URL="http://127.0.0.1:$HEPBOX_PORT"; return 0
      fi
      hb_alive "$HEPBOX_PID" || break
      sleep 0.05
    done
    if hb_alive "$HEPBOX_PID"; then echo "hepbox did not become ready (log $dir/server.log)" >&2; return 1; fi
    wait "$HEPBOX_PID" 2>/dev/null || true
    # an older binary without --port 0, or a port taken between probe and bind: try an explicit free port
    if tail -5 "$dir/server.log" | grep -qiE "port must be|in use"; then port=$(hb_free_port); continue; fi
    echo "hepbox failed to start:" >&2; tail -20 "$dir/server.log" >&2; return 1
  done
  return 1
}
