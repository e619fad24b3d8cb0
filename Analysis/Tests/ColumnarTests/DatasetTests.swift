import Foundation
import Testing
import Histogram
@testable import Columnar

@Suite struct DatasetTests {
    @Test func columnsLoadLazilyAndStayCached() throws {
        let data = try TestColumns.dataset()
        #expect(data.memoryUsed == 0)
        _ = try data.evaluate("MET_pt + 1")
        #expect(data.cachedColumns == ["MET_pt"])
        #expect(data.memoryUsed == 5 * 4)
        _ = try data.evaluate("MET_pt * 2")
        #expect(data.sourceReads.columns == 1)
        _ = try data.evaluate("sum(Jet.pt)")
        #expect(Set(data.cachedColumns) == ["MET_pt", "Jet_pt", "nJet"])
        #expect(data.memoryUsed == 20 + (10 * 4 + 6 * 8) + 20)
        // Jet_eta has the offsets of Jet_pt: they are kept (and counted) once.
        _ = try data.columns(["Jet_eta", "Jet_phi"])
        #expect(data.memoryUsed == 20 + 3 * 10 * 4 + 6 * 8 + 20)
        let pt = try data.column("Jet_pt"), eta = try data.column("Jet_eta")
        #expect(pt.offsets == eta.offsets)
    }

    @Test func budgetEvictsLeastRecentlyUsed() throws {
        // Jet_pt is 88 bytes (40 values + 48 offsets), MET_pt, MET_phi and nJet 20 each.
        let data = try TestColumns.dataset(budget: 120)
        _ = try data.column("MET_pt")
        _ = try data.column("MET_phi")
        _ = try data.column("Jet_pt")  // 128 > 120: the least recently used (MET_pt) goes
        #expect(Set(data.cachedColumns) == ["MET_phi", "Jet_pt"])
        #expect(data.memoryUsed == 108)
        _ = try data.column("MET_phi")  // touch: now Jet_pt is the oldest
        _ = try data.column("nJet")
        #expect(data.cachedColumns == ["nJet", "MET_phi"])
        #expect(data.memoryUsed == 40)
        let reads = data.sourceReads.columns
        _ = try data.column("MET_pt")  // evicted before: read again
        #expect(data.sourceReads.columns == reads + 1)
        let tiny = try TestColumns.dataset(budget: 10)
        let column = try tiny.column("Jet_pt")  // larger than the budget: returned, not kept
        #expect(column.entryCount == 5 && tiny.memoryUsed == 0)
        #expect { try tiny.column("nope") } throws: { "\($0)".contains("no branch 'nope'") }
    }

    /// Random jagged data: histograms (weighted float sums too) are bit-identical for 1 and N threads.
    @Test func resultsIdenticalForAnyThreadCount() throws {
        var state: UInt64 = 42
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let events = 20_000
        let counts = (0..<events).map { _ in Int32(random() * 5) }
        let total = Int(counts.reduce(0, +))
        let offsets = counts.reduce(into: [Int64(0)]) { $0.append($0.last! + Int64($1)) }
        let source = try InMemoryColumnSource([
            ("w", ColumnBuffer(.float64((0..<events).map { _ in random() * 3 }))),
            ("x_pt", ColumnBuffer(.float32((0..<total).map { _ in Float(random() * 100) }), offsets: offsets)),
            ("x_eta", ColumnBuffer(.float32((0..<total).map { _ in Float(random() * 4 - 2) }), offsets: offsets)),
        ])
        let script = try QueryScript.parse("""
        define central = x[abs(x.eta) < 1.5]
        hist pt = central.pt bins 50 range 0,100 weight w * 0.1
        where count(central) >= 1
        hist s = sum(central.pt) / 7 bins 37 range 0,300 weight w
        """)
        let data = Dataset(source: source)
        let one = try QueryRunner(partitionSize: 1000, threads: 1).run(script, on: data)
        let four = try QueryRunner(partitionSize: 1000, threads: 4).run(script, on: data)
        for (a, b) in zip(one.histograms, four.histograms) {
            #expect(a.histogram == b.histogram)
            #expect(a.histogram.sumOfWeights.bitPattern == b.histogram.sumOfWeights.bitPattern)
        }
        #expect(one.partitions == 20)
        // And equal (to rounding) to the whole dataset in one partition.
        let whole = try QueryRunner(partitionSize: events, threads: 1).run(script, on: data)
        #expect(abs(whole.histograms[1].histogram.sumOfWeights - one.histograms[1].histogram.sumOfWeights) < 1e-9)
        #expect(whole.histograms[1].histogram.entries == one.histograms[1].histogram.entries)
    }

    @Test func missingValuesAreCountedNotFilled() throws {
        let script = try QueryScript.parse("hist lead = Jet_pt[0] bins 10 range 0,100")
        let result = try QueryRunner(partitionSize: 2, threads: 2).run(script, on: TestColumns.dataset())
        let filled = try #require(result.histograms.first)
        #expect(filled.missingValues == 1)
        #expect(filled.histogram.entries == 4)
        #expect(filled.histogram.values()[5] == 2 && filled.histogram.values()[6] == 1 && filled.histogram.values()[9] == 1)
    }

    @Test func emptyTreeGivesEmptyHistograms() throws {
        let source = try InMemoryColumnSource([("x", ColumnBuffer(.float32([])))])
        let script = try QueryScript.parse("where x > 0\nhist h = x bins 4 range 0,1")
        let result = try QueryRunner(partitionSize: 10, threads: 3).run(script, on: Dataset(source: source))
        #expect(result.partitions == 0 && result.events == 0)
        #expect(result.histograms.first?.histogram.entries == 0)
    }

    @Test func selectionsMustBePerEvent() throws {
        let script = try QueryScript.parse("where Jet_pt > 40\nhist h = MET_pt bins 4 range 0,100")
        #expect { try QueryRunner().run(script, on: TestColumns.dataset()) } throws: { "\($0)".contains("reduce it with any()") }
        #expect { try TestColumns.dataset().evaluate("Jet") } throws: { "\($0)".contains("select a field") }
        let unknown = try QueryScript.parse("hist h = Jet_ptt bins 4 range 0,100")
        #expect { try QueryRunner().run(unknown, on: TestColumns.dataset()) } throws: { "\($0)".contains("in histogram 'h': unknown name 'Jet_ptt' at position 9") }
    }
}
