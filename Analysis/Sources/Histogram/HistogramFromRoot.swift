import Foundation
import RootIO

extension Histogram {
    /// A TH1/TH2 (F, D, I) or TProfile read from a file as the same Histogram type: uniform axes
    /// become regular axes, others variable; TH1/TH2 get .weight storage (variances = fSumw2, or
    /// the contents when the file has none), a TProfile gets .mean storage. `entries` is fEntries.
    public init(_ root: RootHistogramData) throws {
        func axis(_ edges: [Double], _ title: String) throws -> Axis {
            guard edges.count >= 2, let first = edges.first, let last = edges.last else {
                throw HistogramError.invalidAxis("\(root.className) \(root.name) has \(edges.count) edges")
            }
            let bins = edges.count - 1
            let uniform = edges.indices.allSatisfy { i in
                abs(edges[i] - (first + (last - first) * Double(i) / Double(bins))) <= 1e-12 * max(abs(first), abs(last), 1)
            }
            return uniform ? try .regular(bins, first, last, title: title) : try .variable(edges, title: title)
        }
        var axes = [try axis(root.xEdges, root.xTitle)]
        if root.dimension == 2 {
            guard let y = root.yEdges else { throw HistogramError.invalidAxis("\(root.className) \(root.name) is 2D without y edges") }
            axes.append(try axis(y, root.yTitle))
        } else if root.dimension != 1 {
            throw HistogramError.unsupported("\(root.dimension)-dimensional \(root.className) \(root.name)")
        }
        let isProfile = root.className.hasPrefix("TProfile")
        try self.init(axes: axes, storage: isProfile ? .mean : .weight, name: root.name, title: root.title)
        guard root.contents.count == sumW.count else {
            throw HistogramError.incompatible("\(root.className) \(root.name) has \(root.contents.count) cells, its axes need \(sumW.count)")
        }
        if isProfile {
            guard let binEntries = root.binEntries, binEntries.count == sumW.count else {
                throw HistogramError.incompatible("TProfile \(root.name) lacks per-bin entries (fBinEntries)")
            }
            sumW = binEntries
            guard let sumWY2 = root.sumw2 else {
                throw HistogramError.incompatible("TProfile \(root.name) lacks Σw·y² per bin (fSumw2)")
            }
            sumW2 = root.profileSumw2 ?? binEntries  // not stored for unweighted fills, where Σw² = Σw
            sumWY = root.contents
            self.sumWY2 = sumWY2
        } else {
            sumW = root.contents
            sumW2 = root.sumw2 ?? root.contents
        }
        entries = root.entries
    }
}
