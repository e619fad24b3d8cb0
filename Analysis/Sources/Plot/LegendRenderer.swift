/// The legend: frameless, top-right inside the plot frame, one row per labelled series with a sample
/// of how the series is drawn.
struct LegendRenderer {
    enum Sample: Equatable {
        case line(Color, dashed: Bool)
        case filled(Color)
        case marker(Color)
    }

    struct Entry {
        var label: String
        var sample: Sample
    }

    var style: PlotStyle
    var entries: [Entry]

    static let sampleWidth = 30.0
    static let inset = 14.0

    var rowHeight: Double { style.legendFontSize * 1.55 }

    var size: (width: Double, height: Double) {
        guard !entries.isEmpty else { return (0, 0) }
        let textWidth = entries.map { RichText(parsing: $0.label).width(fontSize: style.legendFontSize) }.max() ?? 0
        return (Self.sampleWidth + 10 + textWidth, rowHeight * Double(entries.count))
    }

    func element(frame: Frame) -> SVGElement {
        let (width, _) = size
        let left = frame.right - Self.inset - width
        var rows: [SVGElement] = []
        for (index, entry) in entries.enumerated() {
            let centerY = frame.top + Self.inset + rowHeight * (Double(index) + 0.5)
            var parts = sample(entry.sample, left: left, centerY: centerY)
            parts.append(RichText(parsing: entry.label).element(
                x: left + Self.sampleWidth + 10, y: centerY + 0.36 * style.legendFontSize,
                fontSize: style.legendFontSize, attributes: [("class", "legend-label")]))
            rows.append(.group(class: "legend-entry", children: parts))
        }
        return .group(id: "legend", class: "legend", children: rows)
    }

    private func sample(_ sample: Sample, left: Double, centerY: Double) -> [SVGElement] {
        let right = left + Self.sampleWidth
        let c = SVGNumber.coordinate
        switch sample {
        case .line(let color, let dashed):
            var attributes: [(String, String)] = [
                ("x1", c(left)), ("y1", c(centerY)), ("x2", c(right)), ("y2", c(centerY)),
                ("stroke", color.hexString), ("stroke-width", c(style.lineStrokeWidth)),
            ]
            if dashed { attributes.append(("stroke-dasharray", "8 5")) }
            return [SVGElement("line", attributes)]
        case .filled(let color):
            let half = style.legendFontSize * 0.45
            return [SVGElement("rect", [
                ("x", c(left)), ("y", c(centerY - half)), ("width", c(Self.sampleWidth)), ("height", c(2 * half)),
                ("fill", color.hexString), ("fill-opacity", "0.5"), ("stroke", color.hexString),
                ("stroke-width", c(style.lineStrokeWidth)),
            ])]
        case .marker(let color):
            let middle = (left + right) / 2
            let half = style.legendFontSize * 0.5
            return [
                SVGElement("line", [("x1", c(middle)), ("y1", c(centerY - half)), ("x2", c(middle)),
                                    ("y2", c(centerY + half)), ("stroke", color.hexString),
                                    ("stroke-width", c(style.errorBarStrokeWidth))]),
                SVGElement("circle", [("cx", c(middle)), ("cy", c(centerY)), ("r", c(style.markerRadius + 0.5)),
                                      ("fill", color.hexString)]),
            ]
        }
    }
}
