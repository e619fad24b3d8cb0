import AnalysisTestSupport
import Foundation
import Testing
@testable import Histogram

@Suite struct HistogramFillTests {
    /// Deterministic pseudo-random values (a fixed LCG) so Swift and numpy see the same inputs.
    static func sample(_ n: Int, seed: UInt64 = 7, spread: Double = 3) -> [Double] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) - 0.5) * 2 * spread
        }
    }

    @Test func regularFillMatchesBoostHistogramWithFlow() throws {
        let x = Self.sample(20_003) + [.nan, -10, 10, 2.5]
        var h = try Histogram(bins: 25, lower: -2.5, upper: 2.5)
        try h.fill(x)
        let script = """
        import sys, json, numpy as np, boost_histogram as bh
        x = np.array(json.load(sys.stdin), dtype=float)
        h = bh.Histogram(bh.axis.Regular(25, -2.5, 2.5))
        h.fill(x)
        print(json.dumps(h.values(flow=True).tolist()))
        """
        let jsonX = x.map { $0.isNaN ? "NaN" : "\($0)" }.joined(separator: ",")
        let ref = try PythonOracle.run(script.replacingOccurrences(of: "json.load(sys.stdin)", with: "json.loads(sys.stdin.read())"),
                                       stdin: Data("[\(jsonX)]".utf8))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(ref.utf8)) as? [Double])
        #expect(h.values() == expected)
        #expect(h.entries == Double(x.count))
        #expect(h.values()[0] > 0 && h.values()[26] > 0)
    }

    @Test func floatAndDoubleInputsAgree() throws {
        let x = Self.sample(10_001)
        var a = try Histogram(bins: 40, lower: -3, upper: 3)
        var b = a
        try a.fill(x.map { Double(Float($0)) })
        try b.fill(x.map { Float($0) })
        #expect(a == b)
    }

    @Test func weightedFillTracksSquares() throws {
        let x = Self.sample(5_000)
        let w = Self.sample(5_000, seed: 99, spread: 1).map { $0 + 2 }
        var h = try Histogram(axes: [.regular(10, -3, 3)], storage: .weight)
        try h.fill(x, weights: w)
        var manualW = [Double](repeating: 0, count: 12), manualW2 = manualW
        let axis = h.axes[0]
        for (xi, wi) in zip(x, w) { manualW[axis.index(xi)] += wi; manualW2[axis.index(xi)] += wi * wi }
        for i in 0..<12 {
            #expect(abs(h.values()[i] - manualW[i]) <= 1e-9 * abs(manualW[i]))
            #expect(abs(h.variances()[i] - manualW2[i]) <= 1e-9 * abs(manualW2[i]))
        }
        let script = """
        import sys, json, numpy as np, boost_histogram as bh
        d = json.loads(sys.stdin.read())
        h = bh.Histogram(bh.axis.Regular(10, -3, 3), storage=bh.storage.Weight())
        h.fill(np.array(d["x"]), weight=np.array(d["w"]))
        print(json.dumps({"v": h.values(flow=True).tolist(), "e": h.variances(flow=True).tolist()}))
        """
        let ref = try #require(try PythonOracle.json(script, input: ["x": x, "w": w]) as? [String: [Double]])
        for i in 0..<12 {
            #expect(abs(h.values()[i] - (ref["v"]?[i] ?? .nan)) <= 1e-9 * max(1, abs(manualW[i])))
            #expect(abs(h.variances()[i] - (ref["e"]?[i] ?? .nan)) <= 1e-9 * max(1, abs(manualW2[i])))
        }
    }

    @Test func variableIntegerAndCategoryAxes() throws {
        let v = try Axis.variable([0, 1, 2.5, 10])
        #expect(v.index(-1) == 0 && v.index(0) == 1 && v.index(0.99) == 1 && v.index(1) == 2)
        #expect(v.index(9.99) == 3 && v.index(10) == 4 && v.index(.nan) == 4)
        let i = try Axis.integer(-2, 3)
        #expect(i.binCount == 5 && i.index(-3) == 0 && i.index(-2) == 1 && i.index(2.7) == 5 && i.index(3) == 6)
        let c = try Axis.category(["mu", "e"])
        #expect(try c.index(label: "e") == 2 && (try c.index(label: "tau")) == 3)
        var h = try Histogram(axes: [c])
        try h.fill(label: "mu"); try h.fill(label: "mu"); try h.fill(label: "x", weight: 3)
        #expect(h.values() == [0, 2, 0, 3])
        #expect(throws: HistogramError.self) { try Axis.variable([0, 0, 1]) }
        #expect(throws: HistogramError.self) { try Axis.regular(0, 0, 1) }
        #expect(throws: HistogramError.self) { try v.index(label: "a") }
    }

    @Test func twoDimensionalFillMatchesBoost() throws {
        let x = Self.sample(3_000), y = Self.sample(3_000, seed: 3, spread: 4)
        var h = try Histogram(axes: [.regular(6, -2, 2), .variable([-3, -1, 0, 0.5, 3])], storage: .weight)
        try h.fill(columns: [x, y])
        let script = """
        import sys, json, numpy as np, boost_histogram as bh
        d = json.loads(sys.stdin.read())
        h = bh.Histogram(bh.axis.Regular(6, -2, 2), bh.axis.Variable([-3, -1, 0, 0.5, 3]))
        h.fill(np.array(d["x"]), np.array(d["y"]))
        print(json.dumps(h.values(flow=True).T.ravel().tolist()))
        """
        let ref = try #require(try PythonOracle.json(script, input: ["x": x, "y": y]) as? [Double])
        #expect(h.values() == ref)
        #expect(h.slotCount == 8 * 6)
        #expect(try h.binValue(0, 0) == ref[0])
    }

    @Test func profileStorageAveragesSamples() throws {
        var h = try Histogram(axes: [.regular(2, 0, 2)], storage: .mean)
        try h.fill([0.5, 0.5, 0.5, 1.5], samples: [1, 2, 3, 10])
        let v = h.values(), e = h.variances()
        #expect(v[1] == 2 && v[2] == 10 && v[0] == 0)
        // spread² = 2/3, effective entries 3 → variance of the mean 2/9
        #expect(abs(e[1] - 2.0 / 9.0) < 1e-12)
        #expect(throws: HistogramError.self) { try h.fill([1.0]) }
    }

    @Test func mergeIsTheSumOfPartials() throws {
        let x = Self.sample(9_999)
        var whole = try Histogram(axes: [.regular(30, -3, 3)], storage: .weight)
        try whole.fill(x)
        var merged = whole.emptyCopy()
        for chunk in stride(from: 0, to: x.count, by: 1000) {
            var part = whole.emptyCopy()
            try part.fill(Array(x[chunk..<min(chunk + 1000, x.count)]))
            try merged.merge(part)
        }
        #expect(merged == whole)
        let other = try Histogram(bins: 31, lower: -3, upper: 3)
        #expect(throws: HistogramError.self) { try merged.merge(other) }
    }

    @Test func statisticsFromBinCentres() throws {
        var h = try Histogram(bins: 4, lower: 0, upper: 4)
        try h.fill([0.5, 1.5, 1.5, 3.5, -1, 9])
        #expect(h.entries == 6)
        #expect(h.inRangeSumOfWeights == 4 && h.flowSumOfWeights == 2)
        #expect(h.mean() == (0.5 + 1.5 + 1.5 + 3.5) / 4)
        let m = 7.0 / 4
        let variance = ((0.5 - m) * (0.5 - m) + 2 * (1.5 - m) * (1.5 - m) + (3.5 - m) * (3.5 - m)) / 4
        #expect(abs((h.standardDeviation() ?? .nan) - variance.squareRoot()) < 1e-12)
        #expect(try Histogram(axes: [.category(["a"])]).mean() == nil)
    }
}
