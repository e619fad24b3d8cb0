import AnalysisTestSupport
import Foundation
import Testing
@testable import Columnar

@Suite struct EvaluationTests {
    func eval(_ e: String, _ defs: [(String, String)] = [], partitionSize: Int = 2) throws -> EvaluatedColumn {
        try TestColumns.dataset().evaluate(e, definitions: defs, partitionSize: partitionSize, threads: 2)
    }

    @Test func arithmeticAndBroadcasting() throws {
        #expect(try eval("MET_pt * 2 + 1").values == [51, 121, 31, 201, 67])
        #expect(try TestColumns.lists(eval("Jet_pt - MET_pt")) == [[25, -5, 10], [], [26, -3], [-20], [12, 11, -3, -18]])
        #expect(try eval("nJet > 1 && !(MET_pt > 50) || flag and not flag").values == [1, 0, 1, 0, 1])
        #expect(try eval("max(MET_pt, 50, nJet * 30)").values == [90, 60, 60, 100, 120])
        #expect(try eval("where(flag, MET_pt, -1)").values == [25, -1, 15, 100, -1])
        let mixed = try eval("hypot(3, nJet) + atan2(0, -1) + abs(-2) + sqrt(16) + pow(2, 3) + 7 % 4").values
        let jets: [Double] = [3, 0, 2, 1, 4]
        let expected: [Double] = jets.map { n in (9 + n * n).squareRoot() + Double.pi + 17 }
        #expect(TestColumns.same(mixed, expected, tolerance: 1e-15))
        #expect { try eval("Jet_pt + Muon_pt") } throws: { "\($0)".contains("lists of different lengths") }
        #expect { try eval("nope + 1") } throws: { "\($0)".contains("unknown name 'nope' at position 0") }
        #expect { try eval("Jet.pt.x") } throws: { "\($0)".contains("needs a collection") }
        #expect { try eval("Jet.foo") } throws: { "\($0)".contains("no field 'foo'") }
    }

    @Test func jaggedMasksAndPicks() throws {
        #expect(try TestColumns.lists(eval("Jet_pt[abs(Jet_eta) < 1]")) == [[50, 35], [], [12], [80], [44, 30]])
        #expect(try TestColumns.lists(eval("Jet[Jet.pt > 40].eta")) == [[0.5], [], [2], [Double(Float(0.1))], [Double(Float(1.2)), Double(Float(-0.8))]])
        #expect(try TestColumns.lists(eval("Jet_pt[nJet >= 2]")) == [[50, 20, 35], [], [41, 12], [], [45, 44, 30, 15]])
        #expect(try TestColumns.same(eval("Jet_pt[0]").values, [50, .nan, 41, 80, 45]))
        #expect(try TestColumns.same(eval("Jet_pt[-1]").values, [35, .nan, 12, 80, 15]))
        #expect(try TestColumns.same(eval("Jet_pt[5]").values, [.nan, .nan, .nan, .nan, .nan]))
        // missing values compare false, != included, and count as false in logic
        #expect(try eval("Jet_pt[0] != 1").values == [1, 0, 1, 1, 1])
        #expect(try eval("!(Jet_pt[0] > 0) || Jet_pt[0] < 0").values == [0, 1, 0, 0, 0])
        #expect(try TestColumns.same(eval("Jet[argmin(Jet.eta)].pt").values, [20, .nan, 12, 80, 44]))
        #expect(try TestColumns.lists(eval("Jet.idx[Jet.pt > 40]")) == [[0], [], [0], [0], [0, 1]])
    }

    @Test func reductionsWithEmptyEventRules() throws {
        #expect(try eval("count(Jet)").values == [3, 0, 2, 1, 4])
        #expect(try eval("len(Jet_pt[Jet_pt > 40])").values == [1, 0, 1, 1, 2])
        #expect(try eval("sum(Jet_pt)").values == [105, 0, 53, 80, 134])
        #expect(try TestColumns.same(eval("min(Jet_pt)").values, [20, .nan, 12, 80, 15]))
        #expect(try TestColumns.same(eval("max(Jet_pt)").values, [50, .nan, 41, 80, 45]))
        #expect(try TestColumns.same(eval("mean(Jet_pt)").values, [35, .nan, 26.5, 80, 33.5]))
        #expect(try eval("any(Jet_pt > 40)").values == [1, 0, 1, 1, 1])
        #expect(try eval("all(Jet_pt > 40)").values == [0, 1, 0, 1, 0])
        #expect(try TestColumns.same(eval("argmax(Jet_pt)").values, [0, .nan, 0, 0, 0]))
        #expect(try TestColumns.same(eval("argmin(Jet_pt)").values, [1, .nan, 1, 0, 3]))
        #expect(try TestColumns.same(eval("first(Muon_pt) + last(Muon_pt)").values, [55, 20, .nan, 50, 40]))
        #expect { try eval("sum(MET_pt)") } throws: { "\($0)".contains("reduces a list") }
    }

    @Test func combinationsOfTwoAndThree() throws {
        #expect(try eval("count(combinations(Jet, 2))").values == [3, 0, 1, 0, 6])
        #expect(try eval("count(combinations(Jet, 3))").values == [1, 0, 0, 0, 4])
        #expect(try TestColumns.lists(eval("p.0.pt * 1000 + p.pt2", [("p", "combinations(Jet, 2)")]))
            == [[50020, 50035, 20035], [], [41012], [], [45044, 45030, 45015, 44030, 44015, 30015]])
        #expect(try TestColumns.lists(eval("t.idx3 + 10 * t.1.idx + 100 * t.0.idx", [("t", "combinations(Jet[Jet.pt > 20], 3)")]))
            == [[], [], [], [], [12]])
        #expect(try TestColumns.lists(eval("pairs.charge1 * pairs.charge2", [("pairs", "combinations(Muon, 2)")])) == [[-1], [], [], [-1, -1, 1], [1]])
        #expect(try TestColumns.lists(eval("concat(Muon, Jet).src")) == [[0, 0, 1, 1, 1], [0], [1, 1], [0, 0, 0, 1], [0, 0, 1, 1, 1, 1]])
        #expect { try eval("combinations(Jet, 4)") } throws: { "\($0)".contains("2 or 3") }
    }

    /// 4-vector helpers against numpy on the same float32 inputs (computed in float64).
    @Test func fourVectorsMatchNumpy() throws {
        let data = try TestColumns.dataset()
        let pairMass = try data.evaluate("invmass(combinations(Muon, 2))", threads: 1)
        let pairPt = try data.evaluate("vsum_pt(p.0, p.1)", definitions: [("p", "combinations(Muon, 2)")], threads: 1)
        let tripleMass = try data.evaluate("invmass(combinations(Jet, 3))", threads: 1)
        let dr = try data.evaluate("deltaR(p.0, p.1)", definitions: [("p", "combinations(Jet, 2)")], threads: 1)
        let dphi = try data.evaluate("deltaPhi(Jet.phi, MET_phi)", threads: 1)
        let mt = try data.evaluate("mt(Muon.pt, Muon.phi, MET_pt, MET_phi)", threads: 1)
        let mindR = try data.evaluate("mindR(Jet, Muon)", threads: 1)
        let script = """
        import sys, json, itertools, numpy as np
        from math import *
        ev = json.loads(sys.stdin.read())
        f32 = lambda v: float(np.float32(v))
        def p4(o):
            px, py, pz = o["pt"]*cos(o["phi"]), o["pt"]*sin(o["phi"]), o["pt"]*sinh(o["eta"])
            return px, py, pz, sqrt(px*px + py*py + pz*pz + o["mass"]**2)
        def msum(objs):
            s = [sum(c) for c in zip(*[p4(o) for o in objs])]
            return sqrt(max(s[3]**2 - s[0]**2 - s[1]**2 - s[2]**2, 0)), hypot(s[0], s[1])
        def dphi(a, b): return (a - b + pi) % (2*pi) - pi
        out = {"pm": [], "ppt": [], "tm": [], "dr": [], "dphi": [], "mt": [], "mindr": []}
        for e in ev:
            for a, b in itertools.combinations(e["mu"], 2):
                m, pt = msum([a, b]); out["pm"].append(m); out["ppt"].append(pt)
            for t in itertools.combinations(e["jet"], 3): out["tm"].append(msum(t)[0])
            for a, b in itertools.combinations(e["jet"], 2):
                out["dr"].append(hypot(a["eta"] - b["eta"], dphi(a["phi"], b["phi"])))
            for j in e["jet"]:
                out["dphi"].append(dphi(j["phi"], e["metphi"]))
                out["mindr"].append(min([hypot(j["eta"] - m["eta"], dphi(j["phi"], m["phi"])) for m in e["mu"]], default=inf))
            for m in e["mu"]: out["mt"].append(sqrt(2*m["pt"]*e["met"]*(1 - cos(dphi(m["phi"], e["metphi"])))))
        print(json.dumps({k: [-1.0 if v == inf else v for v in vs] for k, vs in out.items()}))
        """
        // The test events as plain objects (float32 values widened exactly).
        let columns = try ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass"]
            .map { try data.evaluate($0, threads: 1) }
        let met = try data.evaluate("MET_pt").values, metPhi = try data.evaluate("MET_phi").values
        var events: [[String: Any]] = []
        for e in 0..<5 {
            func objects(_ base: Int) -> [[String: Double]] {
                let n = columns[base].event(e).count
                return (0..<n).map { k in
                    ["pt", "eta", "phi", "mass"].enumerated().reduce(into: [String: Double]()) { d, f in
                        d[f.element] = Array(columns[base + f.offset].event(e))[k]
                    }
                }
            }
            events.append(["jet": objects(0), "mu": objects(4), "met": met[e], "metphi": metPhi[e]])
        }
        let ref = try #require(try PythonOracle.json(script, input: events) as? [String: [Double]])
        #expect(TestColumns.same(pairMass.values, ref["pm"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(pairPt.values, ref["ppt"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(tripleMass.values, ref["tm"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(dr.values, ref["dr"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(dphi.values, ref["dphi"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(mt.values, ref["mt"] ?? [], tolerance: 1e-12))
        #expect(TestColumns.same(mindR.values.map { $0 == .infinity ? -1 : $0 }, ref["mindr"] ?? [], tolerance: 1e-12))
        #expect(mindR.values.contains(.infinity))
        #expect(pairMass.values.count == 5 && tripleMass.values.count == 5)
    }

    @Test func flatCollectionsAreOneObjectPerEvent() throws {
        #expect(try eval("MET.pt").values == [25, 60, 15, 100, 33])
        #expect(try TestColumns.same(eval("mt(Muon[argmax(Muon.pt)], MET)").values,
                                     eval("mt(Muon.pt[argmax(Muon.pt)], Muon.phi[argmax(Muon.pt)], MET_pt, MET_phi)").values))
    }
}
