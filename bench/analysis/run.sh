#!/usr/bin/env bash
# bench/analysis/run.sh — hepbox's analysis engine vs ROOT RDataFrame and uproot + awkward +
# boost-histogram, all in the same run, single core, on a synthetic 1,000,000-event NanoAOD-like
# file in zlib, LZ4 and ZSTD. Prints the table (see README.md). Usage: bench/analysis/run.sh [EVENTS]
# Environment: HEPBOX_BENCH_DATA (synthetic files, default ~/.cache/hepbox-bench-data),
# HEPBOX_BENCH_VENV (Python peers' venv, default ~/.cache/hepbox-bench-venv), REPS (default 3),
# BENCH_SKIP_RDF=1 to leave RDataFrame out.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TOOLS=${HEPBOX_SHARED_TOOLS:-$(cd "$REPO/.." && pwd)/shared/tools}
DATA=${HEPBOX_BENCH_DATA:-$HOME/.cache/hepbox-bench-data}
VENV=${HEPBOX_BENCH_VENV:-$HOME/.cache/hepbox-bench-venv}
EVENTS=${1:-1000000}
export REPS=${REPS:-3}
CODECS="zlib4 lz4 zstd5"

# One core for every tool (the figures are CPU seconds of one process, measured by each tool).
PIN=""
if command -v taskset >/dev/null; then PIN="taskset -c 0"; fi

echo "== Python peers ($VENV)" >&2
[ -x "$VENV/bin/python3" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt" >&2
PY="$VENV/bin/python3"

echo "== synthetic data ($DATA, $EVENTS events)" >&2
missing=0
for c in $CODECS; do [ -f "$DATA/synthetic_nanoaod_$c.root" ] || missing=1; done
if [ "$missing" = 1 ]; then "$PY" "$TOOLS/hep_make_synthetic.py" "$DATA" "$EVENTS" >&2; fi

echo "== release build of the hepbox bench executable" >&2
SCRATCH=${HEPBOX_BENCH_BUILD:-$REPO/Analysis/.build-bench}
(cd "$HERE/HepboxBench" && swift build -c release --scratch-path "$SCRATCH" >&2)
BIN="$SCRATCH/release/hepbox-analysis-bench"

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for c in $CODECS; do
    f="$DATA/synthetic_nanoaod_$c.root"
    echo "== $c: hepbox" >&2
    $PIN "$BIN" "$f" "$REPO/Analysis/Tests/ColumnarTests/adl" "$REPS" > "$OUT/hepbox-$c.json"
    echo "== $c: uproot + awkward + boost-histogram" >&2
    $PIN "$PY" "$HERE/bench_uproot.py" "$f" "$REPS" > "$OUT/uproot-$c.json"
    if [ "${BENCH_SKIP_RDF:-0}" != 1 ]; then
        echo "== $c: RDataFrame" >&2
        $PIN "$PY" "$HERE/bench_rdf.py" "$f" > "$OUT/rdf-$c.json" || echo "RDataFrame failed on $c" >&2
    fi
done
"$PY" "$HERE/report.py" "$OUT"
if [ -n "${BENCH_KEEP:-}" ]; then mkdir -p "$BENCH_KEEP" && cp "$OUT"/*.json "$BENCH_KEEP"/; fi
