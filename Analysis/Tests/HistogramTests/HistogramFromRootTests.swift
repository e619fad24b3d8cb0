import AnalysisTestSupport
import Foundation
import Testing
import RootIO
@testable import Histogram

/// Histograms read from files (TH1F, TH2F, TProfile) become Histogram values equal to uproot's.
@Suite struct HistogramFromRootTests {
    static let file = PythonOracle.testData.appendingPathComponent("root/uproot-hepdata-example.root").path

    static func uproot(_ name: String) throws -> [String: Any] {
        let script = """
        import json, uproot, numpy as np
        h = uproot.open("\(file)")["\(name)"]
        out = {"values": np.asarray(h.values(flow=True)).T.ravel().tolist(),
               "variances": np.asarray(h.variances(flow=True)).T.ravel().tolist(),
               "edges": [ax.edges().tolist() for ax in h.axes], "entries": float(h.member("fEntries"))}
        if h.classname.startswith("TProfile"):
            out["counts"] = np.asarray(h.counts(flow=True)).ravel().tolist()
        print(json.dumps(out))
        """
        return try #require(try JSONSerialization.jsonObject(with: Data(PythonOracle.run(script).utf8)) as? [String: Any])
    }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func th1fMatchesUproot() throws {
        let h = try Histogram(try RootFile(path: Self.file).histogram("hpx"))
        let ref = try Self.uproot("hpx")
        #expect(h.storage == .weight && h.dimension == 1)
        #expect(h.values() == ref["values"] as? [Double])
        #expect(h.variances() == ref["variances"] as? [Double])
        #expect(Self.close(h.axes[0].edges, (ref["edges"] as? [[Double]])?.first ?? [], 1e-12))
        #expect(h.entries == ref["entries"] as? Double)
        if case .regular(let bins, let lo, let hi) = h.axes[0].kind { #expect(bins == 100 && lo == -4 && hi == 4) }
        else { Issue.record("hpx should have a regular axis") }
        let mean = try #require(h.mean())
        #expect(abs(mean) < 0.05)  // a gaussian around 0
    }

    @Test func th2fMatchesUproot() throws {
        let h = try Histogram(try RootFile(path: Self.file).histogram("hpxpy"))
        let ref = try Self.uproot("hpxpy")
        #expect(h.dimension == 2 && h.slotCount == 42 * 42)
        #expect(h.values() == ref["values"] as? [Double])
        #expect(h.variances() == ref["variances"] as? [Double])
    }

    @Test func tprofileBecomesMeanStorage() throws {
        let h = try Histogram(try RootFile(path: Self.file).histogram("hprof"))
        let ref = try Self.uproot("hprof")
        #expect(h.storage == .mean)
        #expect(Self.close(h.values(), ref["values"] as? [Double] ?? [], 1e-9))
        #expect(Self.close(h.sumW, ref["counts"] as? [Double] ?? [], 1e-12))
        #expect(Self.close(h.variances(), ref["variances"] as? [Double] ?? [], 1e-6))
    }
}
