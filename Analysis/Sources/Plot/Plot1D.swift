import Foundation

/// A 1D plot: histograms (step, filled or data points with errors) and curves over them, an optional
/// legend (entries with labels) and fit-result box, linear or log axes.
public struct Plot1D: Sendable, Equatable {
    public var title: String
    /// Axis titles with units, e.g. `p_{T} [GeV]`, `Events / 20 GeV`.
    public var xTitle: String
    public var yTitle: String
    public var xAxis: AxisKind
    public var yAxis: AxisKind
    /// Fixed axis ranges; `nil` fits the data (plus room at the top for the legend and fit box).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var histograms: [BinnedSeries]
    public var curves: [CurveSeries]
    /// Graphs (x, y, σy), drawn after histograms and before curves.
    public var points: [PointSeries]
    public var fitBox: FitBox?
    public var style: PlotStyle

    public init(title: String = "", xTitle: String = "", yTitle: String = "", xAxis: AxisKind = .linear,
                yAxis: AxisKind = .linear, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                histograms: [BinnedSeries] = [], curves: [CurveSeries] = [], points: [PointSeries] = [],
                fitBox: FitBox? = nil, style: PlotStyle = PlotStyle()) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.xRange = xRange
        self.yRange = yRange
        self.histograms = histograms
        self.curves = curves
        self.points = points
        self.fitBox = fitBox
        self.style = style
    }

    /// Colour of histogram `index` (explicit or from the cycle); curves continue the cycle.
    func color(ofHistogram index: Int) -> Color {
        histograms[index].color ?? Color.cycle[index % Color.cycle.count]
    }

    func color(ofPoints index: Int) -> Color {
        points[index].color ?? Color.cycle[(histograms.count + index) % Color.cycle.count]
    }

    func color(ofCurve index: Int) -> Color {
        curves[index].color ?? Color.cycle[(histograms.count + points.count + index) % Color.cycle.count]
    }

    /// Data range on x: the histogram edges and curve points (positive ones only on a log axis).
    func resolvedXRange() throws -> (Double, Double) {
        if let xRange {
            guard xRange.lowerBound < xRange.upperBound else { throw PlotError.invalidInput("x range is empty") }
            if xAxis == .log && xRange.lowerBound <= 0 { throw PlotError.logAxisWithoutPositiveValues(axis: "x") }
            return (xRange.lowerBound, xRange.upperBound)
        }
        var xs = (histograms.flatMap(\.edges) + points.flatMap(\.xs) + curves.flatMap(\.xs)).filter(\.isFinite)
        if xAxis == .log { xs = xs.filter { $0 > 0 } }
        guard let lo = xs.min(), let hi = xs.max() else {
            if xAxis == .log { throw PlotError.logAxisWithoutPositiveValues(axis: "x") }
            throw PlotError.invalidInput("nothing to plot: no histograms, points or curves")
        }
        guard lo < hi else { return xAxis == .log ? (lo / 2, hi * 2) : (lo - 0.5, hi + 0.5) }
        // Markers of graphs sit on their x; keep them off the frame edges.
        guard !points.isEmpty, histograms.isEmpty else { return (lo, hi) }
        if xAxis == .log {
            let factor = Foundation.pow(hi / lo, 0.03)
            return (lo / factor, hi * factor)
        }
        return (lo - (hi - lo) * 0.03, hi + (hi - lo) * 0.03)
    }

    /// Data range on y over the visible x range. `reserved` is the fraction of the frame height kept
    /// free at the top for the legend and fit box.
    func resolvedYRange(x: (Double, Double), reserved: Double) throws -> (Double, Double) {
        if let yRange {
            guard yRange.lowerBound < yRange.upperBound else { throw PlotError.invalidInput("y range is empty") }
            if yAxis == .log && yRange.lowerBound <= 0 { throw PlotError.logAxisWithoutPositiveValues(axis: "y") }
            return (yRange.lowerBound, yRange.upperBound)
        }
        var lows: [Double] = []
        var highs: [Double] = []
        for series in histograms {
            let errors = series.effectiveErrors
            for bin in series.values.indices where series.edges[bin + 1] > x.0 && series.edges[bin] < x.1 {
                let value = series.values[bin]
                guard value.isFinite else { continue }
                let error = series.style == .errors ? errors[bin] : 0
                lows.append(yAxis == .log && value - error <= 0 ? value : value - error)
                highs.append(value + error)
            }
        }
        for series in points {
            for (index, (px, py)) in zip(series.xs, series.ys).enumerated() where py.isFinite && px >= x.0 && px <= x.1 {
                let error = series.yErrors?[index] ?? 0
                lows.append(yAxis == .log && py - error <= 0 ? py : py - error)
                highs.append(py + error)
            }
        }
        for curve in curves {
            for (px, py) in zip(curve.xs, curve.ys) where py.isFinite && px >= x.0 && px <= x.1 {
                lows.append(py)
                highs.append(py)
            }
        }
        let fraction = min(max(reserved, 0.05), 0.6)
        switch yAxis {
        case .linear:
            var lo = min(0, lows.min() ?? 0)
            var hi = max(0, highs.max() ?? 1)
            if hi <= lo { hi = lo + 1 }
            hi = lo + (hi - lo) / (1 - fraction)
            if lo < 0 { lo -= (hi - lo) * 0.03 }
            return (lo, hi)
        case .log:
            let positives = (lows + highs).filter { $0 > 0 }
            guard let minPositive = positives.min(), let maxPositive = positives.max() else {
                throw PlotError.logAxisWithoutPositiveValues(axis: "y")
            }
            let lo = minPositive * 0.5
            let top = max(maxPositive, lo * 10)
            let logSpan = Foundation.log10(top) - Foundation.log10(lo)
            let hi = top * Foundation.pow(10, logSpan * fraction / (1 - fraction))
            return (lo, hi)
        }
    }
}
