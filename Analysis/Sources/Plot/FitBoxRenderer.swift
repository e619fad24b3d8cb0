/// The fit-result box: a white box with a thin border, names left-aligned and values right-aligned,
/// placed top-right inside the frame below the legend.
struct FitBoxRenderer {
    var style: PlotStyle
    var box: FitBox

    var fontSize: Double { style.legendFontSize - 1 }
    var rowHeight: Double { fontSize * 1.5 }
    static let padding = 10.0
    static let columnGap = 24.0

    var size: (width: Double, height: Double) {
        let names = box.lines.map { RichText(parsing: $0.name).width(fontSize: fontSize) }.max() ?? 0
        let values = box.lines.map { RichText(parsing: $0.value).width(fontSize: fontSize) }.max() ?? 0
        return (names + Self.columnGap + values + 2 * Self.padding,
                rowHeight * Double(box.lines.count) + 2 * Self.padding - fontSize * 0.3)
    }

    func element(frame: Frame, top: Double) -> SVGElement {
        let (width, height) = size
        let left = frame.right - LegendRenderer.inset - width
        let c = SVGNumber.coordinate
        var children: [SVGElement] = [
            SVGElement("rect", [("x", c(left)), ("y", c(top)), ("width", c(width)), ("height", c(height)),
                                ("fill", "#ffffff"), ("fill-opacity", "0.9"), ("stroke", "#404040"),
                                ("stroke-width", "1")]),
        ]
        for (index, line) in box.lines.enumerated() {
            let baseline = top + Self.padding + rowHeight * Double(index) + fontSize * 0.85
            let name = RichText(parsing: line.name).element(x: left + Self.padding, y: baseline, fontSize: fontSize,
                                                            attributes: [("class", "fit-box-name")])
            let value = RichText(parsing: line.value).element(x: left + width - Self.padding, y: baseline,
                                                              fontSize: fontSize, anchor: "end",
                                                              attributes: [("class", "fit-box-value")])
            children.append(.group(class: "fit-box-line", children: [name, value]))
        }
        return .group(id: "fit-box", class: "fit-box", children: children)
    }
}
