import Foundation

// CSV export of 1D histograms: header `low,high,count,variance`, one row per slot in axis
// order, the underflow row first (low = -inf) and the overflow row last (high = inf).
// For mean (profile) storage `count` is the bin mean and `variance` the variance of that mean.
// Category axes use the bin numbers' edges (bin i spans [i-1, i)). ND histograms: use JSON.

extension Histogram {
    public func csv() throws -> String {
        guard axes.count == 1 else {
            throw HistogramError.unsupported("CSV export is for 1D histograms; this one has \(axes.count) axes (export JSON instead)")
        }
        let axis = axes[0]
        let values = values(), variances = variances()
        var out = "low,high,count,variance\n"
        for i in 0..<axis.extent {
            out += "\(Self.csvNumber(axis.lowerEdge(i))),\(Self.csvNumber(axis.upperEdge(i))),"
            out += "\(Self.csvNumber(values[i])),\(Self.csvNumber(variances[i]))\n"
        }
        return out
    }

    /// Shortest round-trip decimal; integers without a fraction; `inf`, `-inf`, `nan`.
    static func csvNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

extension Histogram {
    /// The number format of the CSV export (shortest round-trip decimal, `inf`, `-inf`, `nan`).
    public static func csvNumberText(_ x: Double) -> String { csvNumber(x) }
}
