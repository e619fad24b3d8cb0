/// Draws the axes of a rectangular frame: inward major and minor ticks (mirrored on the opposite
/// side), tick labels, the axis title at the far end of the axis, and a "×10^n" multiplier when the
/// labels are scaled.
struct AxisRenderer {
    enum Side { case bottom, left, right }

    var style: PlotStyle

    func axis(id: String, side: Side, scale: AxisScale, ticks: AxisTicks, frame: Frame, title: String,
              mirror: Bool = true, titleOffset: Double? = nil) -> SVGElement {
        var children: [SVGElement] = []
        for tick in ticks.major where scale.contains(tick.value) {
            let position = scale.pixel(tick.value)
            var parts = tickLines(side: side, position: position, length: style.majorTickLength, frame: frame,
                                  mirror: mirror, width: style.majorTickStrokeWidth)
            parts.append(label(tick.label, side: side, position: position, frame: frame))
            children.append(.group(class: "tick major", [("data-value", tick.label)], children: parts))
        }
        for value in ticks.minor where scale.contains(value) {
            let parts = tickLines(side: side, position: scale.pixel(value), length: style.minorTickLength,
                                  frame: frame, mirror: mirror, width: style.minorTickStrokeWidth)
            children.append(.group(class: "tick minor", children: parts))
        }
        var titleEnd = side == .bottom ? frame.right : frame.top
        if let exponent = ticks.multiplierExponent {
            let text = RichText(parsing: "×10^{" + TickGenerator.label(Double(exponent), decimals: 0, exponent: nil) + "}")
            switch side {
            case .bottom:
                let y = frame.bottom + (titleOffset ?? 52)
                children.append(text.element(x: frame.right, y: y, fontSize: style.tickLabelFontSize, anchor: "end",
                                             attributes: [("class", "axis-multiplier")]))
                titleEnd -= text.width(fontSize: style.tickLabelFontSize) + 10
            case .left, .right:
                let x = side == .left ? frame.left : frame.right
                children.append(text.element(x: x, y: frame.top - 8, fontSize: style.tickLabelFontSize,
                                             anchor: side == .left ? "start" : "end",
                                             attributes: [("class", "axis-multiplier")]))
            }
        }
        if !title.isEmpty {
            children.append(axisTitle(title, side: side, frame: frame, end: titleEnd, offset: titleOffset))
        }
        return .group(id: id, class: "axis " + id, [("stroke-linecap", "butt")], children: children)
    }

    private func tickLines(side: Side, position: Double, length: Double, frame: Frame, mirror: Bool,
                           width: Double) -> [SVGElement] {
        var segments: [(Double, Double, Double, Double)] = []
        switch side {
        case .bottom:
            segments.append((position, frame.bottom, position, frame.bottom - length))
            if mirror { segments.append((position, frame.top, position, frame.top + length)) }
        case .left:
            segments.append((frame.left, position, frame.left + length, position))
            if mirror { segments.append((frame.right, position, frame.right - length, position)) }
        case .right:
            segments.append((frame.right, position, frame.right - length, position))
        }
        return segments.map { x1, y1, x2, y2 in
            SVGElement("line", [("x1", SVGNumber.coordinate(x1)), ("y1", SVGNumber.coordinate(y1)),
                                ("x2", SVGNumber.coordinate(x2)), ("y2", SVGNumber.coordinate(y2)),
                                ("stroke", "#000000"), ("stroke-width", SVGNumber.coordinate(width))])
        }
    }

    private func label(_ text: String, side: Side, position: Double, frame: Frame) -> SVGElement {
        let size = style.tickLabelFontSize
        let rich = RichText(parsing: text)
        switch side {
        case .bottom:
            return rich.element(x: position, y: frame.bottom + 8 + size, fontSize: size, anchor: "middle",
                                attributes: [("class", "tick-label")])
        case .left:
            return rich.element(x: frame.left - 8, y: position + 0.36 * size, fontSize: size, anchor: "end",
                                attributes: [("class", "tick-label")])
        case .right:
            return rich.element(x: frame.right + 8, y: position + 0.36 * size, fontSize: size, anchor: "start",
                                attributes: [("class", "tick-label")])
        }
    }

    private func axisTitle(_ title: String, side: Side, frame: Frame, end: Double, offset: Double?) -> SVGElement {
        let size = style.axisTitleFontSize
        let rich = RichText(parsing: title)
        switch side {
        case .bottom:
            return rich.element(x: end, y: frame.bottom + (offset ?? 52), fontSize: size, anchor: "end",
                                attributes: [("class", "axis-title")])
        case .left, .right:
            let x = side == .left ? frame.left - (offset ?? 68) : frame.right + (offset ?? 68)
            let transform = "rotate(-90 " + SVGNumber.coordinate(x) + " " + SVGNumber.coordinate(end) + ")"
            return rich.element(x: x, y: end, fontSize: size, anchor: "end",
                                attributes: [("class", "axis-title"), ("transform", transform)])
        }
    }
}

extension AxisRenderer {
    /// Widest tick label of an axis, so a y axis title can clear its labels.
    static func widestLabel(_ ticks: AxisTicks, fontSize: Double) -> Double {
        ticks.labels.map { RichText(parsing: $0).width(fontSize: fontSize) }.max() ?? 0
    }
}
