"""The 8 ADL queries with awkward + boost-histogram (the uproot peer of bench/analysis), same
definitions and binning as Analysis/Tests/ColumnarTests/adl/q*.query (after
/work/shared/tools/hep_adl_fixture.py). Each function takes a dict of branch arrays and returns
the list of filled boost-histograms."""
import numpy as np
import awkward as ak
import boost_histogram as bh

BRANCHES = {
    1: ["MET_pt"],
    2: ["Jet_pt"],
    3: ["Jet_pt", "Jet_eta"],
    4: ["MET_pt", "Jet_pt"],
    5: ["MET_pt", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"],
    6: ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_btag"],
    7: ["Jet_pt", "Jet_eta", "Jet_phi", "Muon_pt", "Muon_eta", "Muon_phi", "Electron_pt", "Electron_eta", "Electron_phi"],
    8: ["MET_pt", "MET_phi"] + [f"{c}_{f}" for c in ("Muon", "Electron") for f in ("pt", "eta", "phi", "mass", "charge")],
}


def hist(lo, hi, values):
    h = bh.Histogram(bh.axis.Regular(100, lo, hi))
    h.fill(np.asarray(values, dtype=np.float64))
    return h


def coll(a, name, fields):
    return ak.zip({f: a[f"{name}_{f}"] for f in fields})


def p4(c):
    px = c.pt * np.cos(c.phi); py = c.pt * np.sin(c.phi); pz = c.pt * np.sinh(c.eta)
    return px, py, pz, np.sqrt(px**2 + py**2 + pz**2 + c.mass**2)


def mass_pt(*cs):
    px = py = pz = e = 0
    for c in cs:
        a, b, cc, d = p4(c); px = px + a; py = py + b; pz = pz + cc; e = e + d
    return np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0)), np.sqrt(px**2 + py**2)


def q1(a): return [hist(0, 2000, a["MET_pt"])]
def q2(a): return [hist(15, 60, ak.flatten(a["Jet_pt"]))]
def q3(a): return [hist(15, 60, ak.flatten(a["Jet_pt"][abs(a["Jet_eta"]) < 1]))]
def q4(a): return [hist(0, 2000, a["MET_pt"][ak.sum(a["Jet_pt"] > 40, axis=1) >= 2])]


def q5(a):
    mu = ak.combinations(coll(a, "Muon", ["pt", "eta", "phi", "mass", "charge"]), 2, fields=["a", "b"])
    m, _ = mass_pt(mu.a, mu.b)
    ok = ak.any((mu.a.charge != mu.b.charge) & (m > 60) & (m < 120), axis=1)
    return [hist(0, 2000, a["MET_pt"][ok])]


def q6(a):
    jets = coll(a, "Jet", ["pt", "eta", "phi", "mass", "btag"])
    jets = jets[ak.num(jets) >= 3]
    tj = ak.combinations(jets, 3, fields=["a", "b", "c"])
    m3, pt3 = mass_pt(tj.a, tj.b, tj.c)
    best = ak.argmin(abs(m3 - 172.5), axis=1, keepdims=True)
    btag = np.maximum(np.maximum(tj.a.btag, tj.b.btag), tj.c.btag)
    return [hist(15, 40, ak.flatten(pt3[best])), hist(0, 1, ak.flatten(btag[best]))]


def q7(a):
    jets = coll(a, "Jet", ["pt", "eta", "phi"])
    def dr_ok(j, l):
        pairs = ak.cartesian([j, l[l.pt > 10]], nested=True)
        dphi = (pairs["0"].phi - pairs["1"].phi + np.pi) % (2 * np.pi) - np.pi
        dr = np.sqrt((pairs["0"].eta - pairs["1"].eta) ** 2 + dphi**2)
        return ak.all(dr >= 0.4, axis=2)
    good = (jets.pt > 30) & dr_ok(jets, coll(a, "Muon", ["pt", "eta", "phi"])) & dr_ok(jets, coll(a, "Electron", ["pt", "eta", "phi"]))
    sel = ak.any(good, axis=1)
    return [hist(15, 200, ak.sum(jets.pt[good], axis=1)[sel])]


def q8(a):
    f = ["pt", "eta", "phi", "mass", "charge"]
    lep = ak.concatenate([ak.with_field(coll(a, "Muon", f), 13, "flav"), ak.with_field(coll(a, "Electron", f), 11, "flav")], axis=1)
    three = ak.num(lep) >= 3
    l8 = lep[three]; met, metphi = a["MET_pt"][three], a["MET_phi"][three]
    pr = ak.argcombinations(l8, 2, fields=["i", "j"])
    x, y = l8[pr.i], l8[pr.j]
    sfos = (x.charge == -y.charge) & (x.flav == y.flav)
    mz, _ = mass_pt(x, y)
    pr = pr[sfos]; mz = mz[sfos]
    k = ak.argmin(abs(mz - 91.2), axis=1, keepdims=True)
    bp = ak.firsts(pr[k])
    has = ~ak.is_none(bp)
    l8, bp, met, metphi = l8[has], bp[has], met[has], metphi[has]
    idx = ak.local_index(l8)
    other = l8[(idx != bp.i) & (idx != bp.j)]
    lead = ak.firsts(other[ak.argmax(other.pt, axis=1, keepdims=True)])
    ok = ~ak.is_none(lead)
    lead, met, metphi = lead[ok], met[ok], metphi[ok]
    dphi = (lead.phi - metphi + np.pi) % (2 * np.pi) - np.pi
    return [hist(15, 250, np.sqrt(2 * lead.pt * met * (1 - np.cos(dphi))))]


QUERIES = {1: q1, 2: q2, 3: q3, 4: q4, 5: q5, 6: q6, 7: q7, 8: q8}
