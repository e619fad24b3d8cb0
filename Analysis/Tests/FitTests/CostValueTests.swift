import Foundation
import Testing
@testable import Fit

/// Cost values against iminuit's cost classes at the same points (same conventions: 2·(−ln L),
/// errordef 1, sums divide by each part's errordef).
@Suite struct CostValueTests {
    @Test func costValuesMatchIminuitCostModule() throws {
        var rng = SeededGenerator(seed: 11)
        let sample = (0..<500).map { _ in rng.normal(mean: 0.3, sigma: 1.1) }
        let (edges, counts) = histogramCounts(sample, bins: 20, lo: -3, hi: 3)
        let pdf: ModelFunction = { x, p in exp(-0.5 * pow((x - p[0]) / p[1], 2)) / (p[1] * (2 * Double.pi).squareRoot()) }
        let cdf: ModelFunction = { x, p in 0.5 * erfc(-(x - p[0]) / (p[1] * 2.0.squareRoot())) }
        let scaledCDF: ModelFunction = { x, p in p[2] * 0.5 * erfc(-(x - p[0]) / (p[1] * 2.0.squareRoot())) }
        let xs = [0.1, 0.5, 0.9, 1.3], ys = [1.2, 1.9, 3.1, 3.8], es = [0.2, 0.3, 0.25, 0.4]
        let line: ModelFunction = { x, p in p[0] + p[1] * x }

        let lsq = try LeastSquares(x: xs, y: ys, yerror: es, parameters: ["a", "b"], model: line)
        let binned = try BinnedNLL(counts: counts, edges: edges, parameters: ["mu", "sigma"], expectation: .cumulative(cdf))
        let extBinned = try ExtendedBinnedNLL(counts: counts, edges: edges, parameters: ["mu", "sigma", "n"],
                                              expectation: .cumulative(scaledCDF))
        let unbinned = UnbinnedNLL(data: sample, parameters: ["mu", "sigma"], pdf: pdf)
        let extUnbinned = ExtendedUnbinnedNLL(data: sample, parameters: ["mu", "sigma", "n"], integral: { $0[2] },
                                              scaledPdf: { x, p in p[2] * pdf(x, p) })
        let sum = unbinned + lsq
        let points: [[Double]] = [[0.2, 1.0, 480], [0.35, 1.15, 510], [-0.1, 0.8, 450]]
        var ours: [[Double]] = []
        for p in points {
            let mu = p[0], sigma = p[1], n = p[2]
            ours.append([
                lsq.value([mu, sigma]), binned.value([mu, sigma]), extBinned.value([mu, sigma, n]),
                unbinned.value([mu, sigma]), extUnbinned.value([mu, sigma, n]), sum.value([mu, sigma, mu + 1, sigma]),
            ])
        }
        #expect(sum.parameterNames == ["mu", "sigma", "a", "b"])
        let script = PythonOracle.prelude + """
        import math
        erfc = np.vectorize(math.erfc)
        x = np.array(inp["sample"]); edges = np.array(inp["edges"]); n = np.array(inp["counts"])
        def pdf(x, mu, sigma): return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
        def cdf(x, mu, sigma): return 0.5 * erfc(-(x - mu) / (sigma * np.sqrt(2)))
        def scdf(x, mu, sigma, n): return n * cdf(x, mu, sigma)
        def spdf(x, mu, sigma, n): return n, n * pdf(x, mu, sigma)
        def line(x, a, b): return a + b * x
        lsq = cost.LeastSquares(np.array(inp["xs"]), np.array(inp["ys"]), np.array(inp["es"]), line)
        costs = [lsq, cost.BinnedNLL(n, edges, cdf), cost.ExtendedBinnedNLL(n, edges, scdf),
                 cost.UnbinnedNLL(x, pdf), cost.ExtendedUnbinnedNLL(x, spdf)]
        s = cost.UnbinnedNLL(x, pdf) + lsq
        out = []
        for mu, sigma, nn in inp["points"]:
            out.append([lsq(mu, sigma), costs[1](mu, sigma), costs[2](mu, sigma, nn), costs[3](mu, sigma),
                        costs[4](mu, sigma, nn), s(mu, sigma, mu + 1, sigma)])
        print(json.dumps({"values": out, "names": list(s._parameters)}))
        """
        let ref = try PythonOracle.run(script: script, input: [
            "sample": sample, "edges": edges, "counts": counts, "xs": xs, "ys": ys, "es": es, "points": points,
        ])
        let theirs = (ref["values"] as? [Any])?.map(doubles) ?? []
        #expect(theirs.count == points.count)
        let labels = ["LeastSquares", "BinnedNLL", "ExtendedBinnedNLL", "UnbinnedNLL", "ExtendedUnbinnedNLL", "CostSum"]
        for (row, (a, b)) in zip(ours, theirs).enumerated() {
            for k in 0..<labels.count where k < b.count {
                #expect(abs(a[k] - b[k]) <= 1e-10 * max(1, abs(b[k])), "\(labels[k]) at point \(row): \(a[k]) vs \(b[k])")
            }
        }
        #expect((ref["names"] as? [String]) == ["mu", "sigma", "a", "b"])
    }
}
