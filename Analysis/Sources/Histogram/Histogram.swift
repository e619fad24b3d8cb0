// Histogram: N-dimensional histograms with flow bins, three storages, fast column fills.
//
// Public API (stable; Fit, Plot, Columnar and the CLI code against it):
//
//   let h = try Histogram(axes: [.regular(100, 0, 200, title: "MET [GeV]")], storage: .count, name: "met")
//   try h.fill(values)                          // 1D, [Double] / [Float] / buffers, weight 1
//   try h.fill(values, weights: w)              // 1D weighted
//   try h.fill(columns: [x, y], weights: w)     // ND: one coordinate column per axis
//   try h.fill(columns: [x], samples: y)        // mean (profile) storage: y averaged per bin
//   try h.fill(at: [1.5, 2.5], weight: 2)       // one entry
//   try h.merge(other)                          // partial histograms (same axes and storage)
//   h.values(), h.variances()                   // per slot, flow included, x fastest
//   h.binValue(...)/h.binVariance(...)          // one slot by per-axis slot indices
//   h.entries, h.sumOfWeights, h.mean(axis:), h.standardDeviation(axis:)
//   h.csv(), h.jsonData()                       // exports; Histogram is Codable (same JSON)
//   Histogram(rootHistogram)                    // TH1/TH2 (F, D, I) and TProfile read by RootIO
//
// Layout: every axis has an underflow slot 0, bins 1...n and an overflow slot n+1 (see Axis).
// Storage arrays hold all slots, the first axis fastest (ROOT's order), so slot (i, j) of a
// 2D histogram is at i + (nx+2)*j.
//
// Storages:
//   .count  — sum of weights per slot (weight 1 for plain fills; counts are doubles); variance =
//             the count (Poisson) for unweighted fills. Weighted fills into a count histogram are
//             allowed and then the variance is still reported as the sum of weights (like boost's
//             Double storage); use .weight to track sum w².
//   .weight — sum w and sum w² per slot; variance = sum w².
//   .mean   — profile: per slot sum w, sum w², sum w·y, sum w·y²; value = weighted mean of y,
//             variance = variance of that mean (spread² / effective entries), like TProfile's
//             default error option.
//
// Statistics: `entries` counts fill calls (flow included, like ROOT's fEntries); mean and standard
// deviation per axis are computed from the in-range bin contents at bin centres (so they are the
// same whether the histogram was filled here, merged, or read from a file).
import Foundation

public enum HistogramStorage: String, Sendable, Equatable, Codable, CaseIterable {
    case count, weight, mean
}

public enum HistogramError: Error, Equatable, CustomStringConvertible {
    case invalidAxis(String)
    case invalidFill(String)
    case incompatible(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidAxis(let s): return "invalid axis: \(s)"
        case .invalidFill(let s): return "invalid fill: \(s)"
        case .incompatible(let s): return "incompatible histograms: \(s)"
        case .unsupported(let s): return "unsupported: \(s)"
        }
    }
}

public struct Histogram: Sendable, Equatable {
    public let axes: [Axis]
    public let storage: HistogramStorage
    public var name: String
    public var title: String

    /// Sum of weights per slot (all storages).
    public internal(set) var sumW: [Double]
    /// Sum of squared weights per slot (.weight and .mean), nil for .count.
    public internal(set) var sumW2: [Double]?
    /// Sum of w·y per slot (.mean only).
    public internal(set) var sumWY: [Double]?
    /// Sum of w·y² per slot (.mean only).
    public internal(set) var sumWY2: [Double]?
    /// Number of fills (flow included).
    public internal(set) var entries: Double

    /// Strides of each axis in the flattened slot arrays (first axis fastest).
    public let strides: [Int]

    public init(axes: [Axis], storage: HistogramStorage = .count, name: String = "", title: String = "") throws {
        guard !axes.isEmpty else { throw HistogramError.invalidAxis("a histogram needs at least one axis") }
        var strides: [Int] = []
        var size = 1
        for axis in axes {
            strides.append(size)
            let (product, overflow) = size.multipliedReportingOverflow(by: axis.extent)
            guard !overflow, product <= 1 << 31 else {
                throw HistogramError.invalidAxis("too many bins: the axes \(axes.map(\.binCount)) need more than 2^31 slots")
            }
            size = product
        }
        self.axes = axes
        self.storage = storage
        self.name = name
        self.title = title
        self.strides = strides
        self.sumW = Array(repeating: 0, count: size)
        self.sumW2 = storage == .count ? nil : Array(repeating: 0, count: size)
        self.sumWY = storage == .mean ? Array(repeating: 0, count: size) : nil
        self.sumWY2 = storage == .mean ? Array(repeating: 0, count: size) : nil
        self.entries = 0
    }

    /// Convenience 1D regular histogram.
    public init(bins: Int, lower: Double, upper: Double, storage: HistogramStorage = .count,
                name: String = "", title: String = "", axisTitle: String = "") throws {
        try self.init(axes: [.regular(bins, lower, upper, title: axisTitle)], storage: storage, name: name, title: title)
    }

    public var dimension: Int { axes.count }
    /// Number of slots (flow included).
    public var slotCount: Int { sumW.count }

    /// An empty histogram with the same axes, storage, name and title.
    public func emptyCopy() -> Histogram {
        var copy = self
        copy.reset()
        return copy
    }

    public mutating func reset() {
        let n = sumW.count
        sumW = Array(repeating: 0, count: n)
        if sumW2 != nil { sumW2 = Array(repeating: 0, count: n) }
        if sumWY != nil { sumWY = Array(repeating: 0, count: n) }
        if sumWY2 != nil { sumWY2 = Array(repeating: 0, count: n) }
        entries = 0
    }

    /// Flat slot index from per-axis slot indices (each 0...binCount+1).
    public func slot(_ indices: [Int]) throws -> Int {
        guard indices.count == axes.count else {
            throw HistogramError.invalidFill("expected \(axes.count) slot indices, got \(indices.count)")
        }
        var s = 0
        for (k, i) in indices.enumerated() {
            guard i >= 0, i < axes[k].extent else {
                throw HistogramError.invalidFill("slot index \(i) outside 0...\(axes[k].extent - 1) on axis \(k)")
            }
            s += i * strides[k]
        }
        return s
    }

    /// Per-axis slot indices of a flat slot.
    public func indices(ofSlot slot: Int) -> [Int] {
        axes.enumerated().map { k, axis in (slot / strides[k]) % axis.extent }
    }

    /// Bin values per slot: sums of weights (.count/.weight), means of y (.mean; 0 where empty).
    public func values() -> [Double] {
        guard storage == .mean, let wy = sumWY else { return sumW }
        return zip(sumW, wy).map { w, s in w != 0 ? s / w : 0 }
    }

    /// Variances per slot (see the storage notes at the top of this file).
    public func variances() -> [Double] {
        switch storage {
        case .count: return sumW
        case .weight: return sumW2 ?? sumW
        case .mean:
            guard let w2 = sumW2, let wy = sumWY, let wy2 = sumWY2 else { return sumW }
            return (0..<sumW.count).map { i in
                let w = sumW[i]
                guard w != 0, w2[i] > 0 else { return 0 }
                let mean = wy[i] / w
                let spread2 = max(wy2[i] / w - mean * mean, 0)
                let neff = w * w / w2[i]
                return spread2 / neff
            }
        }
    }

    public func binValue(_ indices: Int...) throws -> Double { values()[try slot(indices)] }
    public func binVariance(_ indices: Int...) throws -> Double { variances()[try slot(indices)] }

    /// Sum of weights over all slots (flow included).
    public var sumOfWeights: Double { sumW.reduce(0, +) }

    /// Merge a partial histogram filled with the same axes and storage (order-sensitive only in
    /// floating-point rounding: merge partials in a fixed order for reproducible sums).
    public mutating func merge(_ other: Histogram) throws {
        guard other.axes.map(\.kind) == axes.map(\.kind) else {
            throw HistogramError.incompatible("axes differ: \(axes.map(\.kind)) vs \(other.axes.map(\.kind))")
        }
        guard other.storage == storage else {
            throw HistogramError.incompatible("storages differ: \(storage) vs \(other.storage)")
        }
        sumW.addElementwise(other.sumW)
        if let o = other.sumW2 { sumW2?.addElementwise(o) }
        if let o = other.sumWY { sumWY?.addElementwise(o) }
        if let o = other.sumWY2 { sumWY2?.addElementwise(o) }
        entries += other.entries
    }
}

extension Array where Element == Double {
    /// self[i] += other[i] (same counts, checked by the caller).
    mutating func addElementwise(_ other: [Double]) {
        withUnsafeMutableBufferPointer { pa in
            other.withUnsafeBufferPointer { pb in
                for i in 0..<Swift.min(pa.count, pb.count) { pa[i] += pb[i] }
            }
        }
    }
}
