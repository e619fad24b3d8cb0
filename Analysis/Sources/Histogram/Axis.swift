import Foundation

/// One axis of a histogram. Every axis has an underflow slot (index 0) and an overflow slot
/// (index `binCount + 1`) around its `binCount` regular bins (indices 1...binCount), the layout
/// ROOT uses, so histograms read from files map onto it without reshuffling.
///
/// Kinds:
/// - `regular`: `bins` equal bins on [lower, upper).
/// - `variable`: bins between strictly increasing `edges`.
/// - `integer`: one bin per integer in lower..<upper (bin edges at the integers, width 1).
/// - `category`: one bin per label; unknown labels go to the overflow slot ("other"),
///   the underflow slot stays empty.
///
/// Binning: a value `x` is in bin i if `edge[i-1] <= x < edge[i]`; below the first edge is
/// underflow, at or above the last edge is overflow, and NaN goes to overflow.
public struct Axis: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        case regular(bins: Int, lower: Double, upper: Double)
        case variable(edges: [Double])
        case integer(lower: Int, upper: Int)
        case category(labels: [String])
    }

    public let kind: Kind
    public var title: String
    /// Cached for fast regular binning: bins / (upper - lower).
    let scale: Double

    public static func regular(_ bins: Int, _ lower: Double, _ upper: Double, title: String = "") throws -> Axis {
        guard bins > 0 else { throw HistogramError.invalidAxis("a regular axis needs at least one bin, got \(bins)") }
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw HistogramError.invalidAxis("a regular axis needs finite lower < upper, got [\(lower), \(upper)]")
        }
        return Axis(kind: .regular(bins: bins, lower: lower, upper: upper), title: title,
                    scale: Double(bins) / (upper - lower))
    }

    public static func variable(_ edges: [Double], title: String = "") throws -> Axis {
        guard edges.count >= 2 else {
            throw HistogramError.invalidAxis("a variable axis needs at least two edges, got \(edges.count)")
        }
        for i in 1..<edges.count where !(edges[i - 1] < edges[i]) || !edges[i].isFinite || !edges[i - 1].isFinite {
            throw HistogramError.invalidAxis("variable axis edges must be finite and strictly increasing; edge \(i) is \(edges[i]) after \(edges[i - 1])")
        }
        return Axis(kind: .variable(edges: edges), title: title, scale: 0)
    }

    public static func integer(_ lower: Int, _ upper: Int, title: String = "") throws -> Axis {
        guard lower < upper else { throw HistogramError.invalidAxis("an integer axis needs lower < upper, got \(lower)..<\(upper)") }
        return Axis(kind: .integer(lower: lower, upper: upper), title: title, scale: 1)
    }

    public static func category(_ labels: [String], title: String = "") throws -> Axis {
        guard !labels.isEmpty else { throw HistogramError.invalidAxis("a category axis needs at least one label") }
        guard Set(labels).count == labels.count else { throw HistogramError.invalidAxis("category labels must be unique: \(labels)") }
        return Axis(kind: .category(labels: labels), title: title, scale: 0)
    }

    /// Number of bins without the two flow slots.
    public var binCount: Int {
        switch kind {
        case .regular(let bins, _, _): return bins
        case .variable(let edges): return edges.count - 1
        case .integer(let lower, let upper): return upper - lower
        case .category(let labels): return labels.count
        }
    }

    /// Number of slots including underflow and overflow.
    public var extent: Int { binCount + 2 }

    public var isCategory: Bool { if case .category = kind { return true } else { return false } }

    /// Bin edges (binCount + 1 values). A category axis has edges 0, 1, …, n (bin i spans [i-1, i)).
    public var edges: [Double] {
        switch kind {
        case .regular(let bins, let lower, let upper):
            return (0...bins).map { lower + (upper - lower) * Double($0) / Double(bins) }
        case .variable(let edges): return edges
        case .integer(let lower, let upper): return (lower...upper).map(Double.init)
        case .category(let labels): return (0...labels.count).map(Double.init)
        }
    }

    /// Lower edge of slot `index` (0 = underflow → -inf).
    public func lowerEdge(_ index: Int) -> Double {
        if index <= 0 { return -.infinity }
        if index > binCount { return edgeValue(binCount) }
        return edgeValue(index - 1)
    }

    /// Upper edge of slot `index` (binCount + 1 = overflow → +inf).
    public func upperEdge(_ index: Int) -> Double {
        if index > binCount { return .infinity }
        if index <= 0 { return edgeValue(0) }
        return edgeValue(index)
    }

    /// Centre of an in-range bin (1...binCount).
    public func center(_ index: Int) -> Double { 0.5 * (lowerEdge(index) + upperEdge(index)) }

    /// The i-th edge (0...binCount) computed the same way as `edges`.
    func edgeValue(_ i: Int) -> Double {
        switch kind {
        case .regular(let bins, let lower, let upper): return lower + (upper - lower) * Double(i) / Double(bins)
        case .variable(let edges): return edges[i]
        case .integer(let lower, _): return Double(lower + i)
        case .category: return Double(i)
        }
    }

    /// Slot of a numeric value: 0 underflow, 1...binCount, binCount + 1 overflow (also NaN).
    /// On a category axis the value is the 0-based category number.
    @inline(__always)
    public func index(_ x: Double) -> Int {
        switch kind {
        case .regular(let bins, let lower, _):
            let t = (x - lower) * scale + 1
            let top = Double(bins + 1)
            let clampedHigh = t < top ? t : top  // NaN fails the test → overflow
            return Int(clampedHigh > 0 ? clampedHigh : 0)
        case .variable(let edges):
            if x.isNaN { return edges.count }
            // first edge > x, by binary search; index = number of edges <= x
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if edges[mid] <= x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        case .integer(let lower, let upper):
            if x.isNaN { return upper - lower + 1 }
            let f = (x - Double(lower)).rounded(.down)
            if f < 0 { return 0 }
            if f >= Double(upper - lower) { return upper - lower + 1 }
            return Int(f) + 1
        case .category(let labels):
            if x.isNaN || x < 0 || x >= Double(labels.count) || x != x.rounded(.down) { return labels.count + 1 }
            return Int(x) + 1
        }
    }

    /// Slot of a category label (unknown labels → overflow). Non-category axes reject labels.
    public func index(label: String) throws -> Int {
        guard case .category(let labels) = kind else {
            throw HistogramError.invalidFill("axis '\(title)' is not a category axis; fill it with numbers, not the label '\(label)'")
        }
        if let i = labels.firstIndex(of: label) { return i + 1 }
        return labels.count + 1
    }
}
