"""uproot + awkward + boost-histogram peer of bench/analysis/run.sh, single thread.
Usage: python bench_uproot.py FILE.root [REPS]  → one JSON object on stdout.
Times are CPU seconds of this process (time.process_time), best of REPS:
read = open + every numeric branch into arrays; Qn file = open + read its branches + compute;
Qn cached = compute on arrays already in memory; fill = boost-histogram Regular(100) fill of
5e7 float64 values; cached_bytes = nbytes of all arrays; uncompressed_bytes = uproot's
uncompressed basket bytes of those branches (the "decompressed MB" of the read rate)."""
import json, os, sys, time
import numpy as np
import awkward as ak
import boost_histogram as bh
import uproot

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adl_awkward import BRANCHES, QUERIES

path = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
cpu = time.process_time


def best(fn):
    b = float("inf")
    for _ in range(reps):
        t = cpu(); fn(); b = min(b, cpu() - t)
    return b


def numeric(b):
    it = b.interpretation
    if isinstance(it, uproot.interpretation.numerical.AsDtype):
        return True
    return isinstance(it, uproot.interpretation.jagged.AsJagged) and isinstance(it.content, uproot.interpretation.numerical.AsDtype)


with uproot.open(path) as f:
    t = f["Events"]
    names = [b.name for b in t.itervalues(recursive=True) if len(b.branches) == 0 and numeric(b)]
    unc = sum(t[n].uncompressed_bytes for n in names)
    events = t.num_entries

def read_all():
    with uproot.open(path) as f:
        return f["Events"].arrays(names, library="ak", how=dict)

out = {"file": path, "events": events, "uncompressed_bytes": unc}
out["read_seconds"] = best(read_all)
arrays = read_all()
out["cached_bytes"] = int(sum(ak.to_layout(v).nbytes for v in arrays.values()))

queries = {}
for q, fn in QUERIES.items():
    def from_file():
        with uproot.open(path) as f:
            a = f["Events"].arrays(BRANCHES[q], library="ak", how=dict)
        return fn(a)
    hs = fn(arrays)
    queries[f"Q{q}"] = {"file_seconds": best(from_file), "cached_seconds": best(lambda: fn(arrays)),
                        "entries": float(hs[0].sum(flow=True))}
out["queries"] = queries

rng = np.random.default_rng(12345)
x = rng.normal(0, 1, 50_000_000)
h = bh.Histogram(bh.axis.Regular(100, -5, 5))
def fill():
    h.reset(); h.fill(x)
out["fill_entries"] = len(x)
out["fill_seconds"] = best(fill)
print(json.dumps(out, indent=1, sort_keys=True))
