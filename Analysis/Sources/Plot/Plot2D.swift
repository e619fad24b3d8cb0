import Foundation

/// A 2D histogram (or sampled function) as a colour map with a colour bar, linear or log in z.
public struct Plot2D: Sendable, Equatable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    /// Title of the colour bar, e.g. `Events`.
    public var zTitle: String
    public var grid: Grid2D
    public var zAxis: AxisKind
    public var zRange: ClosedRange<Double>?
    public var colormap: Colormap
    /// Leave bins with exactly zero content unpainted (ROOT's COLZ does the same for empty bins).
    public var hideEmptyBins: Bool
    public var style: PlotStyle

    public init(title: String = "", xTitle: String = "", yTitle: String = "", zTitle: String = "", grid: Grid2D,
                zAxis: AxisKind = .linear, zRange: ClosedRange<Double>? = nil, colormap: Colormap = .viridis,
                hideEmptyBins: Bool = true, style: PlotStyle = PlotStyle()) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.zTitle = zTitle
        self.grid = grid
        self.zAxis = zAxis
        self.zRange = zRange
        self.colormap = colormap
        self.hideEmptyBins = hideEmptyBins
        self.style = style
    }

    /// The z range the colours span: the data (positive part on a log axis) unless fixed.
    func resolvedZRange() throws -> (Double, Double) {
        if let zRange {
            guard zRange.lowerBound < zRange.upperBound else { throw PlotError.invalidInput("z range is empty") }
            if zAxis == .log && zRange.lowerBound <= 0 { throw PlotError.logAxisWithoutPositiveValues(axis: "z") }
            return (zRange.lowerBound, zRange.upperBound)
        }
        let finite = grid.values.filter(\.isFinite)
        switch zAxis {
        case .linear:
            let lo = min(0, finite.min() ?? 0)
            let hi = finite.max() ?? 1
            return hi > lo ? (lo, hi) : (lo, lo + 1)
        case .log:
            let positive = finite.filter { $0 > 0 }
            guard let lo = positive.min(), let hi = positive.max() else {
                throw PlotError.logAxisWithoutPositiveValues(axis: "z")
            }
            return hi > lo ? (lo, hi) : (lo, lo * 10)
        }
    }

    /// Position of `value` on the colour scale, 0…1, or nil when it is not painted.
    func colorPosition(_ value: Double, z: (Double, Double)) -> Double? {
        guard value.isFinite, !(hideEmptyBins && value == 0) else { return nil }
        switch zAxis {
        case .linear:
            return min(max((value - z.0) / (z.1 - z.0), 0), 1)
        case .log:
            guard value > 0 else { return nil }
            let t = (Foundation.log10(value) - Foundation.log10(z.0)) / (Foundation.log10(z.1) - Foundation.log10(z.0))
            return min(max(t, 0), 1)
        }
    }
}

extension Plot2D: Figure {
    public func svgDocument() throws -> SVGElement {
        let z = try resolvedZRange()
        var frame = Frame(left: style.marginLeft, top: style.marginTop, right: style.width - 150,
                          bottom: style.height - style.marginBottom)
        let yProbe = TickGenerator.linear(lo: grid.yEdges[0], hi: grid.yEdges[grid.ny], targetCount: Int(frame.height / 80))
        let labelWidth = AxisRenderer.widestLabel(yProbe, fontSize: style.tickLabelFontSize)
        frame.left = max(style.marginLeft, labelWidth + 8 + style.axisTitleFontSize + 28)

        let xScale = AxisScale(kind: .linear, lo: grid.xEdges[0], hi: grid.xEdges[grid.nx], pixelLo: frame.left,
                               pixelHi: frame.right)
        let yScale = AxisScale(kind: .linear, lo: grid.yEdges[0], hi: grid.yEdges[grid.ny], pixelLo: frame.bottom,
                               pixelHi: frame.top)
        let c = SVGNumber.coordinate
        var cells: [SVGElement] = []
        for iy in 0..<grid.ny {
            for ix in 0..<grid.nx {
                guard let t = colorPosition(grid.value(ix, iy), z: z) else { continue }
                let x0 = xScale.pixel(grid.xEdges[ix]), x1 = xScale.pixel(grid.xEdges[ix + 1])
                let y0 = yScale.pixel(grid.yEdges[iy + 1]), y1 = yScale.pixel(grid.yEdges[iy])
                cells.append(SVGElement("rect", [("x", c(x0)), ("y", c(y0)), ("width", c(x1 - x0)),
                                                 ("height", c(y1 - y0)), ("fill", colormap.color(at: t).hexString)]))
            }
        }
        let clip = SVGDocument.clipID("frame")
        let axes = AxisRenderer(style: style)
        var children: [SVGElement] = [
            SVGElement("defs", children: [frameClip(id: clip, frame: frame), gradient()]),
            .group(id: "data", class: "data colormap", [("clip-path", "url(#" + clip + ")"),
                                                        ("shape-rendering", "crispEdges")], children: cells),
            axes.axis(id: "axis-x", side: .bottom, scale: xScale,
                      ticks: xScale.ticks(targetCount: max(3, Int(frame.width / 95))), frame: frame, title: xTitle),
            axes.axis(id: "axis-y", side: .left, scale: yScale,
                      ticks: yScale.ticks(targetCount: max(3, Int(frame.height / 80))), frame: frame, title: yTitle,
                      titleOffset: labelWidth + 8 + 14),
            frameRect(frame, strokeWidth: style.frameStrokeWidth),
            colorBar(frame: frame, z: z),
        ]
        if !title.isEmpty {
            children.append(RichText(parsing: title).element(x: frame.left, y: frame.top - 12,
                                                             fontSize: style.titleFontSize,
                                                             attributes: [("class", "title")]))
        }
        return SVGDocument.root(style: style, title: title.isEmpty ? "2D plot" : title, kind: "plot-2d",
                                children: children)
    }

    /// A vertical gradient through the map's colours, bottom (low) to top (high).
    private func gradient() -> SVGElement {
        let stops = (0...10).map { index -> SVGElement in
            let t = Double(index) / 10
            return SVGElement("stop", [("offset", SVGNumber.fixed(t, decimals: 2)),
                                       ("stop-color", colormap.color(at: t).hexString)])
        }
        return SVGElement("linearGradient", [("id", SVGDocument.clipID("colorbar-gradient")), ("x1", "0"),
                                             ("y1", "1"), ("x2", "0"), ("y2", "0")], children: stops)
    }

    private func colorBar(frame: Frame, z: (Double, Double)) -> SVGElement {
        let bar = Frame(left: frame.right + 20, top: frame.top, right: frame.right + 44, bottom: frame.bottom)
        let scale = AxisScale(kind: zAxis, lo: z.0, hi: z.1, pixelLo: bar.bottom, pixelHi: bar.top)
        let ticks = scale.ticks(targetCount: max(3, Int(bar.height / 80)))
        let labelWidth = AxisRenderer.widestLabel(ticks, fontSize: style.tickLabelFontSize)
        let c = SVGNumber.coordinate
        return .group(id: "colorbar", class: "colorbar", [("data-colormap", colormap.rawValue)], children: [
            SVGElement("rect", [("class", "colorbar-gradient"), ("x", c(bar.left)), ("y", c(bar.top)),
                                ("width", c(bar.width)), ("height", c(bar.height)),
                                ("fill", "url(#" + SVGDocument.clipID("colorbar-gradient") + ")")]),
            AxisRenderer(style: style).axis(id: "axis-z", side: .right, scale: scale, ticks: ticks, frame: bar,
                                            title: zTitle, mirror: false, titleOffset: labelWidth + 8 + 22),
            frameRect(bar, strokeWidth: 1),
        ])
    }

    public func jsonValue() -> JSONValue {
        .object([
            ("kind", .string("plot2d")), ("title", .string(title)), ("xTitle", .string(xTitle)),
            ("yTitle", .string(yTitle)), ("zTitle", .string(zTitle)), ("zAxis", .string(zAxis.rawValue)),
            ("colormap", .string(colormap.rawValue)), ("xEdges", .numbers(grid.xEdges)),
            ("yEdges", .numbers(grid.yEdges)), ("values", .numbers(grid.values)),
        ])
    }

    public func text() -> String {
        let finite = grid.values.filter(\.isFinite)
        return "2D colour map" + (title.isEmpty ? "" : " \"" + RichText(parsing: title).plain + "\"") + "\n"
            + "  x: \(RichText(parsing: xTitle).plain) \(grid.nx) bins [\(grid.xEdges[0]), \(grid.xEdges[grid.nx])]\n"
            + "  y: \(RichText(parsing: yTitle).plain) \(grid.ny) bins [\(grid.yEdges[0]), \(grid.yEdges[grid.ny])]\n"
            + "  z: \(RichText(parsing: zTitle).plain) \(zAxis.rawValue), min \(finite.min() ?? 0), max \(finite.max() ?? 0), "
            + "sum \(finite.reduce(0, +)), colour map \(colormap.rawValue)\n"
    }
}
