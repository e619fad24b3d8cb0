import AnalysisTestSupport
import Foundation
import Testing
@testable import Columnar
import Histogram

/// The 8 ADL benchmark queries, written as query scripts (adl/q*.query), on the first 1000 events
/// of Run2012B_SingleMu, against the reference histograms (bin centre → count, flow bins as
/// extra bins half a bin outside the range, only non-empty bins listed).
@Suite struct ADLQueryTests {
    static let adl = PythonOracle.testData.appendingPathComponent("adl")
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("adl")

    static func dataset() throws -> Dataset {
        try Dataset(path: adl.appendingPathComponent("Run2012B_SingleMu_1000.root").path, tree: "Events")
    }

    /// Reference CSV as (bin centre, count) pairs.
    static func reference(_ name: String) throws -> [(Double, Double)] {
        let text = try String(contentsOf: adl.appendingPathComponent("query-\(name).ref-1000.csv"), encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().map { line in
            let parts = line.split(separator: ",")
            guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else {
                throw PythonOracle.Failure(description: "bad reference line '\(line)' in query-\(name)")
            }
            return (x, y)
        }
    }

    /// Non-empty slots of a 1D regular histogram as (centre, count), flow slots centred outside.
    static func nonEmptyBins(_ h: Histogram) -> [(Double, Double)] {
        let axis = h.axes[0]
        let width = (axis.upperEdge(axis.binCount) - axis.lowerEdge(1)) / Double(axis.binCount)
        return h.values().enumerated().compactMap { i, v in
            guard v != 0 else { return nil }
            let centre: Double
            if i == 0 { centre = axis.lowerEdge(1) - width / 2 }
            else if i == axis.binCount + 1 { centre = axis.upperEdge(axis.binCount) + width / 2 }
            else { centre = axis.center(i) }
            return (centre, v)
        }
    }

    static func check(_ query: String, histograms: [(String, String)], threads: Int = 2) throws {
        let text = try String(contentsOf: scripts.appendingPathComponent("\(query).query"), encoding: .utf8)
        let script = try QueryScript.parse(text)
        let result = try QueryRunner(partitionSize: 256, threads: threads).run(script, on: try dataset())
        for (histName, refName) in histograms {
            let h = try #require(result.histogram(histName), "no histogram \(histName)")
            let ours = nonEmptyBins(h)
            let ref = try reference(refName)
            #expect(ours.count == ref.count, "\(refName): \(ours.count) non-empty bins vs \(ref.count)")
            for ((x, y), (rx, ry)) in zip(ours, ref) {
                #expect(abs(x - rx) < 1e-6 && y == ry, "\(refName): bin at \(x) has \(y), reference \(rx) → \(ry)")
            }
            let total = h.values().reduce(0, +), refTotal = ref.reduce(0) { $0 + $1.1 }
            #expect(total == refTotal, "\(refName): \(total) entries vs \(refTotal)")
        }
    }

    @Test func q1() throws { try Self.check("q1", histograms: [("q1", "1")]) }
    @Test func q2() throws { try Self.check("q2", histograms: [("q2", "2")]) }
    @Test func q3() throws { try Self.check("q3", histograms: [("q3", "3")]) }
    @Test func q4() throws { try Self.check("q4", histograms: [("q4", "4")]) }
    @Test func q5() throws { try Self.check("q5", histograms: [("q5", "5")]) }
    @Test func q6() throws { try Self.check("q6", histograms: [("q6_1", "6-1"), ("q6_2", "6-2")]) }
    @Test func q7() throws { try Self.check("q7", histograms: [("q7", "7")]) }
    @Test func q8() throws { try Self.check("q8", histograms: [("q8", "8")]) }

    /// Same script, 1 thread vs 2 threads and different worker counts: identical histograms.
    @Test func resultsDoNotDependOnThreads() throws {
        let text = try String(contentsOf: Self.scripts.appendingPathComponent("q6.query"), encoding: .utf8)
        let script = try QueryScript.parse(text)
        let data = try Self.dataset()
        let one = try QueryRunner(partitionSize: 100, threads: 1).run(script, on: data)
        let many = try QueryRunner(partitionSize: 100, threads: 7).run(script, on: data)
        for (a, b) in zip(one.histograms, many.histograms) { #expect(a.histogram == b.histogram) }
    }
}
