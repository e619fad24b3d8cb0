import Foundation

/// The uproot oracle: a Python script run with the project's venv that dumps, for one ROOT file,
/// every numeric branch (raw little-endian values, base64) and every histogram uproot reads.
enum UprootOracle {
    static let script = #"""
import sys, json, base64
import numpy as np
import uproot, awkward as ak

def enc(a):
    a = np.ascontiguousarray(a)
    if a.dtype.kind in "iuf":
        a = a.astype(a.dtype.newbyteorder("<"))
    return base64.b64encode(a.tobytes()).decode()

NUMERIC = (uproot.interpretation.numerical.AsDtype, uproot.interpretation.numerical.AsDouble32,
           uproot.interpretation.numerical.AsFloat16)

def dump_branch(b, name, out):
    interp = b.interpretation
    jagged = isinstance(interp, uproot.interpretation.jagged.AsJagged)
    content = interp.content if jagged else interp
    if not isinstance(content, NUMERIC):
        out[name] = {"numeric": False, "interpretation": repr(interp)}
        return
    if isinstance(content, uproot.interpretation.numerical.AsDtype) and content.to_dtype.names is not None:
        if jagged:
            out[name] = {"numeric": False, "interpretation": repr(interp)}
            return
        arr = b.array(library="np")
        for field in content.to_dtype.names:
            col = arr[field]
            out[name + "." + field] = {"numeric": True, "jagged": False, "dtype": str(col.dtype.base if col.ndim > 1 else col.dtype),
                                       "shape": list(col.shape[1:]), "data": enc(col), "count": int(col.size)}
        return
    if jagged:
        arr = b.array(library="ak")
        counts = ak.to_numpy(ak.num(arr, axis=1)).astype(np.int64)
        flat = ak.to_numpy(ak.flatten(arr, axis=1))
        out[name] = {"numeric": True, "jagged": True, "dtype": str(flat.dtype), "shape": [], "data": enc(flat),
                     "counts": enc(counts), "count": int(flat.size)}
    else:
        arr = b.array(library="np")
        out[name] = {"numeric": True, "jagged": False, "dtype": str(arr.dtype), "shape": list(arr.shape[1:]),
                     "data": enc(arr), "count": int(arr.size)}

def flow_layout(a):
    return np.asarray(a, dtype=np.float64).flatten(order="F")

def main(path):
    f = uproot.open(path)
    result = {"trees": {}, "histograms": {}, "keys": []}
    for key, cls in f.classnames(recursive=True, cycle=False).items():
        result["keys"].append({"path": key, "className": cls})
        if cls in ("TTree", "TNtuple"):
            t = f[key]
            branches = {}
            for b in t.values(recursive=True):
                if len(b.branches) != 0:
                    continue
                name = b.object_path.split(":", 1)[1].lstrip("/") if ":" in b.object_path else b.name
                try:
                    dump_branch(b, name, branches)
                except Exception as e:
                    branches[name] = {"numeric": False, "interpretation": repr(b.interpretation), "uprootError": str(e).splitlines()[0]}
            result["trees"][key] = {"entries": int(t.num_entries), "branches": branches}
        elif cls in ("TH1F", "TH1D", "TH1I", "TH2F", "TH2D", "TH2I", "TProfile"):
            h = f[key]
            d = {"className": cls, "title": h.member("fTitle"), "entries": float(h.member("fEntries")),
                 "xTitle": h.member("fXaxis").member("fTitle"), "yTitle": h.member("fYaxis").member("fTitle"),
                 "xEdges": [float(x) for x in h.axis(0).edges()]}
            if cls.startswith("TH2"):
                d["yEdges"] = [float(x) for x in h.axis(1).edges()]
            if cls == "TProfile":
                d["contents"] = enc(np.asarray(h.bases[0].bases[-1], dtype=np.float64))
                d["binEntries"] = enc(np.asarray(h.member("fBinEntries"), dtype=np.float64))
                d["sumw2"] = enc(np.asarray(h.member("fSumw2"), dtype=np.float64))
                d["binSumw2"] = enc(np.asarray(h.member("fBinSumw2"), dtype=np.float64))
                d["values"] = enc(flow_layout(h.values(flow=True)))
            else:
                d["contents"] = enc(np.asarray(h.bases[-1], dtype=np.float64))
                d["values"] = enc(flow_layout(h.values(flow=True)))
                d["variances"] = enc(flow_layout(h.variances(flow=True)))
                d["sumw2"] = enc(np.asarray(h.member("fSumw2"), dtype=np.float64))
            result["histograms"][key] = d
    json.dump(result, sys.stdout)

main(sys.argv[1])
"""#
}
