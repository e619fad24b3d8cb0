"""Prints the bench/analysis table from the JSON files run.sh wrote:
RESULTS/{hepbox,uproot,rdf}-{CODEC}.json. Usage: python report.py RESULTS_DIR"""
import json, os, sys

d = sys.argv[1]
CODECS = ["zlib4", "lz4", "zstd5"]


def load(tool, codec):
    p = os.path.join(d, f"{tool}-{codec}.json")
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def rate(n, s):
    return n / s / 1e6 if s and s > 0 else None


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def table(title, header, rows):
    print(f"\n{title}")
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths)))


res = {c: {t: load(t, c) for t in ("hepbox", "uproot", "rdf")} for c in CODECS}
print("bench/analysis: single core (CPU seconds of one process), 1,000,000-event synthetic NanoAOD-like file")

rows = []
for c in CODECS:
    h, u = res[c]["hepbox"], res[c]["uproot"]
    if not h or not u:
        rows.append([c, "-", "-", "-", "-"]); continue
    mb = u["uncompressed_bytes"] / 1e6
    hr, ur = mb / h["read_seconds"], mb / u["read_seconds"]
    rows.append([c, fmt(mb, 1), fmt(hr, 0), fmt(ur, 0), ratio(hr, ur)])
table("Read every branch, decompressed MB/s (MB = uproot's uncompressed basket bytes)",
      ["codec", "MB", "hepbox", "uproot", "hepbox/uproot"], rows)

for mode, key in (("from the file (read + decompress + compute)", "file_seconds"), ("cached in memory", "cached_seconds")):
    for c in CODECS:
        h, u, r = res[c]["hepbox"], res[c]["uproot"], res[c]["rdf"]
        if not h:
            continue
        n = h["events"]
        rows = []
        for q in [f"Q{i}" for i in range(1, 9)]:
            hv = rate(n, h["queries"].get(q, {}).get(key))
            uv = rate(n, (u or {}).get("queries", {}).get(q, {}).get(key)) if u else None
            rv = rate(n, (r or {}).get("queries", {}).get(q, {}).get(key)) if (r and key == "file_seconds") else None
            entries = h["queries"].get(q, {}).get("entries")
            rows.append([q, fmt(hv), fmt(rv) if key == "file_seconds" else "n/a", fmt(uv), ratio(hv, rv), ratio(hv, uv), fmt(entries, 0)])
        table(f"ADL queries {mode}, M events/s, {c}",
              ["query", "hepbox", "RDataFrame", "uproot+awkward", "hepbox/RDF", "hepbox/uproot", "entries"], rows)

rows = []
for c in CODECS:
    h, u = res[c]["hepbox"], res[c]["uproot"]
    if not h:
        continue
    unc = (u or {}).get("uncompressed_bytes")
    rows.append([c, fmt(h["cached_bytes"] / 1e6, 1), fmt((u or {}).get("cached_bytes", 0) / 1e6, 1) if u else "-",
                 fmt(unc / 1e6, 1) if unc else "-", ratio(h["cached_bytes"], unc)])
table("Memory of the cached dataset (every branch), MB",
      ["codec", "hepbox", "awkward arrays", "decompressed baskets", "hepbox/decompressed"], rows)

h = next((res[c]["hepbox"] for c in CODECS if res[c]["hepbox"]), None)
u = next((res[c]["uproot"] for c in CODECS if res[c]["uproot"]), None)
if h:
    n = h["fill_entries"]
    bhr = rate(u["fill_entries"], u["fill_seconds"]) if u else None
    rows = [["1D regular, 100 bins, float64", fmt(rate(n, h["fill_seconds"]), 0), fmt(bhr, 0), ratio(rate(n, h["fill_seconds"]), bhr)],
            ["same, float32 input", fmt(rate(n, h["fill_float32_seconds"]), 0), "-", "-"],
            ["same, weighted (sum w, sum w2)", fmt(rate(n, h["fill_weighted_seconds"]), 0), "-", "-"]]
    table("Histogram fill, M entries/s", ["fill", "hepbox", "boost-histogram", "hepbox/boost"], rows)
