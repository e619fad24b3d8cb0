/// How a 1D histogram is drawn.
public enum HistogramStyle: String, Sendable, CaseIterable {
    /// Outline of the bin contents.
    case step
    /// Outline with the area below it filled.
    case filled
    /// Markers at bin centres with vertical error bars (data points).
    case errors
}

/// One 1D histogram to draw: `edges.count == values.count + 1`, no under/overflow.
public struct BinnedSeries: Sendable, Equatable {
    public var edges: [Double]
    public var values: [Double]
    /// Per-bin errors; `nil` means √|value| where errors are drawn.
    public var errors: [Double]?
    public var label: String?
    public var style: HistogramStyle
    /// `nil` picks the next colour of `Color.cycle`.
    public var color: Color?

    public init(edges: [Double], values: [Double], errors: [Double]? = nil, label: String? = nil,
                style: HistogramStyle = .step, color: Color? = nil) throws {
        guard !values.isEmpty else { throw PlotError.invalidInput("histogram \(label ?? "") has no bins") }
        guard edges.count == values.count + 1 else {
            throw PlotError.invalidInput(
                "histogram \(label ?? ""): \(edges.count) edges for \(values.count) bins (need bins + 1)")
        }
        guard edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw PlotError.invalidInput("histogram \(label ?? ""): edges must be finite and increasing")
        }
        if let errors, errors.count != values.count {
            throw PlotError.invalidInput(
                "histogram \(label ?? ""): \(errors.count) errors for \(values.count) bins")
        }
        self.edges = edges
        self.values = values
        self.errors = errors
        self.label = label
        self.style = style
        self.color = color
    }

    /// Errors as drawn: the given ones, else Poisson √|value|.
    public var effectiveErrors: [Double] {
        errors ?? values.map { abs($0).squareRoot() }
    }

    var centers: [Double] { zip(edges, edges.dropFirst()).map { ($0 + $1) / 2 } }
}

/// A curve through points, e.g. a fitted model evaluated on a fine grid.
public struct CurveSeries: Sendable, Equatable {
    public var xs: [Double]
    public var ys: [Double]
    public var label: String?
    public var color: Color?
    public var dashed: Bool
    /// Curves of fitted models are marked `fit-curve` in the SVG.
    public var isFit: Bool

    public init(xs: [Double], ys: [Double], label: String? = nil, color: Color? = nil, dashed: Bool = false,
                isFit: Bool = false) throws {
        guard xs.count == ys.count else {
            throw PlotError.invalidInput("curve \(label ?? ""): \(xs.count) x values but \(ys.count) y values")
        }
        guard xs.count >= 2 else { throw PlotError.invalidInput("curve \(label ?? "") needs at least 2 points") }
        self.xs = xs
        self.ys = ys
        self.label = label
        self.color = color
        self.dashed = dashed
        self.isFit = isFit
    }

    /// Samples `function` at `count` evenly spaced points of [lo, hi].
    public init(function: (Double) -> Double, lo: Double, hi: Double, count: Int = 400, label: String? = nil,
                color: Color? = nil, dashed: Bool = false, isFit: Bool = false) throws {
        guard lo < hi, lo.isFinite, hi.isFinite else {
            throw PlotError.invalidInput("curve \(label ?? ""): range [\(lo), \(hi)] is empty")
        }
        let n = max(count, 2)
        let xs = (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
        try self.init(xs: xs, ys: xs.map(function), label: label, color: color, dashed: dashed, isFit: isFit)
    }
}
