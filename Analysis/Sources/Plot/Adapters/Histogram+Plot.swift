import Foundation
import Histogram

// Plot inputs from `Histogram` (in-range bins only; under/overflow are not drawn).

extension BinnedSeries {
    /// A 1D histogram's bins; errors are √variance (Poisson for counts, √Σw² for weights).
    public init(histogram: Histogram, label: String? = nil, style: HistogramStyle = .step, color: Color? = nil) throws {
        guard histogram.dimension == 1 else {
            throw PlotError.invalidInput("histogram \(histogram.name) has \(histogram.dimension) axes; a 1D plot needs 1")
        }
        let axis = histogram.axes[0]
        let values = histogram.values(), variances = histogram.variances()
        try self.init(edges: axis.edges, values: Array(values[1...axis.binCount]),
                      errors: variances[1...axis.binCount].map { max($0, 0).squareRoot() },
                      label: label ?? histogram.name, style: style, color: color)
    }
}

extension Grid2D {
    /// A 2D histogram's in-range bins (x fastest).
    public init(histogram: Histogram) throws {
        guard histogram.dimension == 2 else {
            throw PlotError.invalidInput("histogram \(histogram.name) has \(histogram.dimension) axes; a 2D plot needs 2")
        }
        let x = histogram.axes[0], y = histogram.axes[1]
        let all = histogram.values()
        var values: [Double] = []
        values.reserveCapacity(x.binCount * y.binCount)
        for iy in 1...y.binCount {
            for ix in 1...x.binCount { values.append(all[ix * histogram.strides[0] + iy * histogram.strides[1]]) }
        }
        try self.init(xEdges: x.edges, yEdges: y.edges, values: values)
    }
}

extension Plot1D {
    /// A plot of one 1D histogram, titled from the histogram and its axis; the y title says the
    /// bin width when bins are regular ("Entries / 2 GeV" needs the unit, so it is "Entries / bin" otherwise).
    public init(histogram: Histogram, style histogramStyle: HistogramStyle = .step, yAxis: AxisKind = .linear,
                xTitle: String? = nil, yTitle: String? = nil, title: String? = nil) throws {
        let series = try BinnedSeries(histogram: histogram, label: nil, style: histogramStyle)
        self.init(title: title ?? (histogram.title.isEmpty ? histogram.name : histogram.title),
                  xTitle: xTitle ?? histogram.axes[0].title, yTitle: yTitle ?? Self.defaultYTitle(histogram.axes[0]),
                  yAxis: yAxis, histograms: [series])
        self.histograms[0].label = nil
    }

    static func defaultYTitle(_ axis: Axis) -> String {
        guard case .regular(let bins, let lower, let upper) = axis.kind else { return "Entries / bin" }
        let width = (upper - lower) / Double(bins)
        let exponent = Int(Foundation.log10(width).rounded(.down))
        let text = TickGenerator.label(width, decimals: max(0, 3 - exponent - 1), exponent: nil)
        // Trim the zeros the fixed decimals may leave ("0.500" → "0.5").
        var trimmed = text
        if trimmed.contains(".") {
            while trimmed.hasSuffix("0") { trimmed.removeLast() }
            if trimmed.hasSuffix(".") { trimmed.removeLast() }
        }
        let unit = Self.unit(of: axis.title)
        return "Entries / " + trimmed + (unit.isEmpty ? "" : " " + unit)
    }

    /// The unit in an axis title's trailing brackets: "p_{T} [GeV]" → "GeV".
    static func unit(of title: String) -> String {
        guard title.hasSuffix("]"), let open = title.lastIndex(of: "[") else { return "" }
        return String(title[title.index(after: open)..<title.index(before: title.endIndex)])
    }
}

extension Plot2D {
    public init(histogram: Histogram, zAxis: AxisKind = .linear, title: String? = nil) throws {
        self.init(title: title ?? (histogram.title.isEmpty ? histogram.name : histogram.title),
                  xTitle: histogram.axes.first?.title ?? "", yTitle: histogram.axes.dropFirst().first?.title ?? "",
                  zTitle: "Entries", grid: try Grid2D(histogram: histogram), zAxis: zAxis)
    }
}

extension Plot3D {
    public init(histogram: Histogram, kind: Kind = .lego, title: String? = nil) throws {
        self.init(title: title ?? (histogram.title.isEmpty ? histogram.name : histogram.title),
                  xTitle: histogram.axes.first?.title ?? "", yTitle: histogram.axes.dropFirst().first?.title ?? "",
                  zTitle: "Entries", grid: try Grid2D(histogram: histogram), kind: kind)
    }
}

/// A histogram shows itself as text (a bin table), JSON (its own export), SVG and HTML (its default plot).
extension Histogram: RichRepresentable {
    public func text() -> String {
        var lines = ["histogram \(name)" + (title.isEmpty ? "" : " \"\(title)\"") + ": \(dimension)D, \(storage.rawValue), entries \(entries)"]
        if dimension == 1 {
            let axis = axes[0]
            let values = values(), variances = variances()
            for slot in 0..<axis.extent {
                lines.append("  [\(axis.lowerEdge(slot)), \(axis.upperEdge(slot)))  \(values[slot]) ± \(max(variances[slot], 0).squareRoot())")
            }
        } else {
            lines.append("  axes: " + axes.map { "\($0.binCount) bins [\($0.edges.first ?? 0), \($0.edges.last ?? 0)]" }
                .joined(separator: " × "))
            lines.append("  sum of weights in range: \(inRangeSumOfWeights)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        guard let data = try? jsonData(), let text = String(data: data, encoding: .utf8) else {
            return "{\"error\": \"histogram \(name) could not be encoded\"}"
        }
        return text
    }

    /// The default figure: 1D step plot, 2D colour map.
    public func defaultFigure() throws -> any Figure {
        switch dimension {
        case 1: return try Plot1D(histogram: self, style: storage == .count ? .step : .errors)
        case 2: return try Plot2D(histogram: self)
        default: throw PlotError.invalidInput("histogram \(name) has \(dimension) axes; plots show 1 or 2")
        }
    }

    public func svg() throws -> String { try defaultFigure().svg() }
    public func html() throws -> String { try defaultFigure().html() }
}
