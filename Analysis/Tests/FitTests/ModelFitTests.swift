import Foundation
import Testing
@testable import Fit

@Suite struct ModelFitTests {
    static func benchmarkHistogram() throws -> BinnedData {
        let (edges, counts) = histogramCounts(signalPlusBackground(), bins: 100, lo: 0, hi: 10)
        return try BinnedData(edges: edges, counts: counts)
    }

    @Test func initialEstimatesForGausPlusExpoAreNearTheTruth() throws {
        let data = try Self.benchmarkHistogram()
        let model = try FitModel("gaus+expo")
        let p = try #require(model.initialValues(centres: data.centres, counts: data.counts))
        #expect(abs(p[1] - 5) < 0.3)            // mean
        #expect(p[2] > 0.3 && p[2] < 1.2)       // sigma
        #expect(abs(p[4] + 1.0 / 3) < 0.1)      // slope −1/τ
        #expect(p[0] > 100 && p[0] < 600)       // peak height above background
    }

    /// `gaus+expo` with automatic start values reproduces iminuit started from the same values.
    @Test func gausPlusExpoWithoutInitMatchesIminuit() throws {
        let data = try Self.benchmarkHistogram()
        let model = try FitModel("gaus+expo")
        let start = try #require(model.initialValues(centres: data.centres, counts: data.counts))
        var request = FitRequest(model: model)
        request.minos = true
        let r = try ModelFitter.fit(data, request, cost: .chi2)
        let script = PythonOracle.prelude + """
        edges = np.array(inp["edges"]); n = np.array(inp["counts"])
        cx = 0.5 * (edges[1:] + edges[:-1]); k = n > 0
        def f(x, p0, p1, p2, p3, p4):
            return p0 * np.exp(-0.5 * ((x - p1) / p2) ** 2) + np.exp(p3 + p4 * x)
        m = Minuit(cost.LeastSquares(cx[k], n[k], np.sqrt(n[k]), f), *inp["start"])
        m.migrad(); m.hesse(); m.minos()
        r = report(m)
        r["minos"] = [[m.merrors[p].lower, m.merrors[p].upper] for p in m.parameters]
        print(json.dumps(r))
        """
        let ref = try PythonOracle.run(script: script, input: ["edges": data.edges, "counts": data.counts, "start": start])
        #expect(r.isValid)
        IminuitComparisonTests.expectClose(r.values, doubles(ref["values"]), relative: 1e-4, "values")
        IminuitComparisonTests.expectClose(r.errors, doubles(ref["errors"]), relative: 1e-3, "errors")
        let minos = (ref["minos"] as? [Any])?.map(doubles) ?? []
        for (p, pair) in zip(r.parameters, minos) {
            IminuitComparisonTests.expectClose([p.minosLower ?? .nan, p.minosUpper ?? .nan], pair, relative: 1e-3,
                                               "MINOS \(p.name)")
        }
        print("gaus+expo total calls: hepbox \(r.nfcn), iminuit \(Int(number(ref["nfcn"])))")
        #expect(Double(r.nfcn) <= 1.3 * number(ref["nfcn"]))
        #expect(r.ndf == 95 && r.chi2PerNdf != nil)
        #expect(abs((r.pValue ?? 0) - chiSquareSurvival(r.fcn, dof: 95)) < 1e-15)
    }

    @Test func likelihoodCostsFitTheSameHistogram() throws {
        let data = try Self.benchmarkHistogram()
        let request = FitRequest(model: try FitModel("gaus+expo"))
        let chi2 = try ModelFitter.fit(data, request, cost: .chi2)
        for kind in [HistogramCost.nll, .enll] {
            let r = try ModelFitter.fit(data, request, cost: kind)
            #expect(r.isValid, "\(kind) fit invalid")
            // Same physics: the peak position agrees within its error.
            #expect(abs(r.values[1] - chi2.values[1]) < chi2.errors[1], "\(kind): mean \(r.values[1])")
        }
    }

    @Test func reportAndJSONCarryTheFit() throws {
        let r = try ModelFitter.fit(try Self.benchmarkHistogram(), FitRequest(model: try FitModel("gaus+expo")))
        let text = r.report()
        for needle in ["Migrad", "FCN = ", "χ²/ndof", "Nfcn = \(r.nfcn)", "EDM = ", "Valid Minimum",
                       "Covariance accurate", "Hesse Err", "p0", "p4", "Correlation:"] {
            #expect(text.contains(needle), "report lacks '\(needle)'")
        }
        let root = r.rootStyleReport()
        for needle in ["Minimizer is Minuit2 / Migrad", "Chi2", "NDf", "=           95", "Edm", "NCalls", "p1", "+/-"] {
            #expect(root.contains(needle), "ROOT-style summary lacks '\(needle)':\n\(root)")
        }
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.jsonString().utf8)) as? [String: Any])
        #expect(obj["valid"] as? Bool == true)
        #expect((obj["nfcn"] as? Int) == r.nfcn)
        let params = try #require(obj["parameters"] as? [String: Any])
        let p1 = try #require(params["p1"] as? [String: Any])
        #expect(abs(number(p1["value"]) - r.values[1]) < 1e-12)
        #expect(abs(number(p1["error"]) - r.errors[1]) < 1e-12)
        let cov = try #require(obj["covariance"] as? [[Any]])
        #expect(cov.count == 5 && cov.allSatisfy { $0.count == 5 })
        #expect(obj["fcn"] != nil && obj["edm"] != nil)
    }
}
