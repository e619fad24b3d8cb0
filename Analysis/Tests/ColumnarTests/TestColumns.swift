import Foundation
@testable import Columnar

/// Small handmade NanoAOD-like events for expression tests.
enum TestColumns {
    /// 5 events: jets per event 3, 0, 2, 1, 4; muons 2, 1, 0, 3, 2.
    static func dataset(budget: Int = 1 << 30) throws -> Dataset {
        let jetCounts: [Int32] = [3, 0, 2, 1, 4]
        let muonCounts: [Int32] = [2, 1, 0, 3, 2]
        func offsets(_ c: [Int32]) -> [Int64] { c.reduce(into: [Int64(0)]) { $0.append($0.last! + Int64($1)) } }
        let jetPt: [Float] = [50, 20, 35, 41, 12, 80, 45, 44, 30, 15]
        let jetEta: [Float] = [0.5, -1.5, 0.9, 2.0, -0.2, 0.1, 1.2, -0.8, 0.3, 3.0]
        let jetPhi: [Float] = [0.1, 2.0, -3.0, 1.0, -1.0, 3.1, -3.1, 0.5, 1.5, -2.5]
        let jetMass: [Float] = [5, 4, 6, 3, 2, 10, 7, 6, 5, 1]
        let muPt: [Float] = [30, 25, 10, 45, 40, 5, 22, 18]
        let muEta: [Float] = [0.4, -0.3, 1.0, 0.2, -0.5, 2.2, 0.1, 0.0]
        let muPhi: [Float] = [0.2, 2.9, -1.0, 1.2, -1.9, 0.0, 3.0, -3.0]
        let muMass: [Float] = [0.105, 0.105, 0.105, 0.105, 0.105, 0.105, 0.105, 0.105]
        let muCharge: [Int32] = [1, -1, 1, -1, 1, 1, -1, -1]
        let jo = offsets(jetCounts), mo = offsets(muonCounts)
        let source = try InMemoryColumnSource([
            ("MET_pt", ColumnBuffer(.float32([25, 60, 15, 100, 33]))),
            ("MET_phi", ColumnBuffer(.float32([0.3, -2.0, 1.0, 3.0, -0.5]))),
            ("nJet", ColumnBuffer(.int32(jetCounts))),
            ("Jet_pt", ColumnBuffer(.float32(jetPt), offsets: jo)),
            ("Jet_eta", ColumnBuffer(.float32(jetEta), offsets: jo)),
            ("Jet_phi", ColumnBuffer(.float32(jetPhi), offsets: jo)),
            ("Jet_mass", ColumnBuffer(.float32(jetMass), offsets: jo)),
            ("nMuon", ColumnBuffer(.uint32(muonCounts.map(UInt32.init)))),
            ("Muon_pt", ColumnBuffer(.float32(muPt), offsets: mo)),
            ("Muon_eta", ColumnBuffer(.float32(muEta), offsets: mo)),
            ("Muon_phi", ColumnBuffer(.float32(muPhi), offsets: mo)),
            ("Muon_mass", ColumnBuffer(.float32(muMass), offsets: mo)),
            ("Muon_charge", ColumnBuffer(.int32(muCharge), offsets: mo)),
            ("flag", ColumnBuffer(.bool([true, false, true, true, false]))),
        ])
        return Dataset(source: source, byteBudget: budget)
    }

    /// Per-event lists of an evaluated column (NaN compared as equal via bit patterns by the caller).
    static func lists(_ c: EvaluatedColumn) -> [[Double]] {
        guard let o = c.offsets else { return c.values.map { [$0] } }
        return (0..<(o.count - 1)).map { Array(c.values[o[$0]..<o[$0 + 1]]) }
    }

    static func same(_ a: [Double], _ b: [Double], tolerance: Double = 0) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || abs(x - y) <= tolerance * max(1, abs(y)) }
    }
}
