"""ROOT RDataFrame peer of bench/analysis/run.sh (adapted from /work/shared/tools/rdf_adl_bench.py):
ADL Q1-Q5 on one thread, each query its own event loop (read + decompress + compute), run twice:
the first loop pays the just-in-time compilation, the second is the figure compared.
Usage: python bench_rdf.py FILE.root → one JSON object on stdout (CPU seconds of this process)."""
import json, sys, time
import ROOT

ROOT.ROOT.DisableImplicitMT()
path = sys.argv[1]
ROOT.gInterpreter.Declare("""
using namespace ROOT::VecOps;
bool hepbox_q5(const RVec<float>& pt, const RVec<float>& eta, const RVec<float>& phi, const RVec<float>& m, const RVec<int>& q) {
  const auto n = pt.size();
  for (size_t i = 0; i < n; ++i) for (size_t j = i + 1; j < n; ++j) {
    if (q[i] == q[j]) continue;
    ROOT::Math::PtEtaPhiMVector a(pt[i], eta[i], phi[i], m[i]), b(pt[j], eta[j], phi[j], m[j]);
    const auto mass = (a + b).M();
    if (mass > 60 && mass < 120) return true;
  }
  return false;
}""")
builds = {
    "Q1": lambda d: d.Histo1D(("h", "", 100, 0, 2000), "MET_pt"),
    "Q2": lambda d: d.Histo1D(("h", "", 100, 15, 60), "Jet_pt"),
    "Q3": lambda d: d.Define("j", "Jet_pt[abs(Jet_eta) < 1]").Histo1D(("h", "", 100, 15, 60), "j"),
    "Q4": lambda d: d.Filter("Sum(Jet_pt > 40) >= 2").Histo1D(("h", "", 100, 0, 2000), "MET_pt"),
    "Q5": lambda d: d.Filter("nMuon >= 2").Filter("hepbox_q5(Muon_pt, Muon_eta, Muon_phi, Muon_mass, Muon_charge)")
                     .Histo1D(("h", "", 100, 0, 2000), "MET_pt"),
}
out = {"file": path, "root_version": ROOT.gROOT.GetVersion(), "queries": {}}
for name, build in builds.items():
    runs = []
    for _ in range(2):
        df = ROOT.RDataFrame("Events", path)
        h = build(df)
        t = time.process_time(); n = h.GetEntries(); runs.append(time.process_time() - t)
    out["queries"][name] = {"first_seconds": runs[0], "file_seconds": runs[1], "entries": n}
print(json.dumps(out, indent=1, sort_keys=True))
