extension Plot1D {
    /// The SVG document tree.
    func svgElement() throws -> SVGElement {
        guard !histograms.isEmpty || !curves.isEmpty || !points.isEmpty else {
            throw PlotError.invalidInput("nothing to plot: no histograms, points or curves")
        }
        let legend = LegendRenderer(style: style, entries: legendEntries())
        let box = fitBox.map { FitBoxRenderer(style: style, box: $0) }

        let xRange = try resolvedXRange()
        // The y tick labels' width decides the left margin; estimate with a first pass.
        var frame = Frame(left: style.marginLeft, top: style.marginTop, right: style.width - style.marginRight,
                          bottom: style.height - style.marginBottom)
        let overlayHeight = legend.size.height + (box?.size.height ?? 0)
            + (legend.entries.isEmpty ? 0 : 8) + (box == nil ? 0 : 10) + LegendRenderer.inset
        let reserved = (legend.entries.isEmpty && box == nil) ? 0.06 : overlayHeight / frame.height
        let yRange = try resolvedYRange(x: xRange, reserved: reserved)

        let yTicksProbe = AxisScale(kind: yAxis, lo: yRange.0, hi: yRange.1, pixelLo: frame.bottom, pixelHi: frame.top)
            .ticks(targetCount: Int(frame.height / 80))
        let labelWidth = AxisRenderer.widestLabel(yTicksProbe, fontSize: style.tickLabelFontSize)
        frame.left = max(style.marginLeft, labelWidth + 8 + style.axisTitleFontSize + 28)

        let xScale = AxisScale(kind: xAxis, lo: xRange.0, hi: xRange.1, pixelLo: frame.left, pixelHi: frame.right)
        let yScale = AxisScale(kind: yAxis, lo: yRange.0, hi: yRange.1, pixelLo: frame.bottom, pixelHi: frame.top)
        let xTicks = xScale.ticks(targetCount: max(3, Int(frame.width / 95)))
        let yTicks = yScale.ticks(targetCount: max(3, Int(frame.height / 80)))

        let clip = SVGDocument.clipID("frame")
        var data: [SVGElement] = []
        for index in histograms.indices {
            data.append(histogramElement(index: index, x: xScale, y: yScale))
        }
        for index in points.indices {
            data.append(pointsElement(index: index, x: xScale, y: yScale))
        }
        for index in curves.indices {
            data.append(curveElement(index: index, x: xScale, y: yScale))
        }

        let axes = AxisRenderer(style: style)
        var children: [SVGElement] = [
            SVGElement("defs", children: [frameClip(id: clip, frame: frame)]),
            .group(id: "data", class: "data", [("clip-path", "url(#" + clip + ")")], children: data),
            axes.axis(id: "axis-x", side: .bottom, scale: xScale, ticks: xTicks, frame: frame, title: xTitle),
            axes.axis(id: "axis-y", side: .left, scale: yScale, ticks: yTicks, frame: frame, title: yTitle,
                      titleOffset: labelWidth + 8 + 14),
            frameRect(frame, strokeWidth: style.frameStrokeWidth),
        ]
        if !legend.entries.isEmpty { children.append(legend.element(frame: frame)) }
        if let box {
            let top = frame.top + LegendRenderer.inset + legend.size.height + (legend.entries.isEmpty ? 0 : 8)
            children.append(box.element(frame: frame, top: top))
        }
        if !title.isEmpty {
            let shift = yTicks.multiplierExponent == nil ? 0.0 : 70
            children.append(RichText(parsing: title).element(x: frame.left + shift, y: frame.top - 12,
                                                             fontSize: style.titleFontSize,
                                                             attributes: [("class", "title")]))
        }
        return SVGDocument.root(style: style, title: title.isEmpty ? "plot" : title, kind: "plot-1d",
                                children: children)
    }

    private func legendEntries() -> [LegendRenderer.Entry] {
        var entries: [LegendRenderer.Entry] = []
        for (index, series) in histograms.enumerated() {
            guard let label = series.label, !label.isEmpty else { continue }
            let color = color(ofHistogram: index)
            let sample: LegendRenderer.Sample
            switch series.style {
            case .step: sample = .line(color, dashed: false)
            case .filled: sample = .filled(color)
            case .errors: sample = .marker(color)
            }
            entries.append(.init(label: label, sample: sample))
        }
        for (index, series) in points.enumerated() {
            guard let label = series.label, !label.isEmpty else { continue }
            entries.append(.init(label: label, sample: .marker(color(ofPoints: index))))
        }
        for (index, curve) in curves.enumerated() {
            guard let label = curve.label, !label.isEmpty else { continue }
            entries.append(.init(label: label, sample: .line(color(ofCurve: index), dashed: curve.dashed)))
        }
        return entries
    }

    private func histogramElement(index: Int, x: AxisScale, y: AxisScale) -> SVGElement {
        let series = histograms[index]
        let color = color(ofHistogram: index).hexString
        let c = SVGNumber.coordinate
        var attributes: [(String, String)] = [("data-style", series.style.rawValue)]
        if let label = series.label { attributes.append(("data-label", RichText(parsing: label).plain)) }
        switch series.style {
        case .step, .filled:
            let baseline = y.kind == .log ? y.pixel(0) : y.pixel(max(y.lo, min(0, y.hi)))
            var path = "M" + c(x.pixel(series.edges[0])) + " " + c(baseline)
            for bin in series.values.indices {
                let top = y.pixel(series.values[bin].isFinite ? series.values[bin] : 0)
                path += " L" + c(x.pixel(series.edges[bin])) + " " + c(top)
                path += " L" + c(x.pixel(series.edges[bin + 1])) + " " + c(top)
            }
            path += " L" + c(x.pixel(series.edges[series.values.count])) + " " + c(baseline)
            var pathAttributes: [(String, String)] = [("class", "hist-outline"), ("d", path + (series.style == .filled ? " Z" : ""))]
            if series.style == .filled {
                pathAttributes += [("fill", color), ("fill-opacity", "0.5")]
            } else {
                pathAttributes.append(("fill", "none"))
            }
            pathAttributes += [("stroke", color), ("stroke-width", c(style.lineStrokeWidth)),
                               ("stroke-linejoin", "miter")]
            return .group(id: "series-\(index)", class: "series histogram " + series.style.rawValue, attributes,
                          children: [SVGElement("path", pathAttributes)])
        case .errors:
            let children = markersWithErrorBars(xs: series.centers, ys: series.values, errors: series.effectiveErrors,
                                                color: color, x: x, y: y)
            return .group(id: "series-\(index)", class: "series histogram errors", attributes, children: children)
        }
    }

    private func pointsElement(index: Int, x: AxisScale, y: AxisScale) -> SVGElement {
        let series = points[index]
        var attributes: [(String, String)] = []
        if let label = series.label { attributes.append(("data-label", RichText(parsing: label).plain)) }
        let children = markersWithErrorBars(xs: series.xs, ys: series.ys,
                                            errors: series.yErrors ?? Array(repeating: 0, count: series.xs.count),
                                            color: color(ofPoints: index).hexString, x: x, y: y, keepZeros: true)
        return .group(id: "points-\(index)", class: "series points", attributes, children: children)
    }

    /// Markers with vertical error bars. Histogram bins that are empty (0 ± 0) are skipped; graph points
    /// are all drawn (`keepZeros`). On a log axis non-positive values cannot be shown and are skipped.
    private func markersWithErrorBars(xs: [Double], ys: [Double], errors: [Double], color: String, x: AxisScale,
                                      y: AxisScale, keepZeros: Bool = false) -> [SVGElement] {
        let c = SVGNumber.coordinate
        var bars = ""
        var markers: [SVGElement] = []
        for index in xs.indices {
            let value = ys[index], error = errors[index]
            guard value.isFinite, xs[index].isFinite, keepZeros || !(value == 0 && error == 0),
                  y.kind == .linear || value > 0, x.kind == .linear || xs[index] > 0 else { continue }
            let px = c(x.pixel(xs[index]))
            if error > 0 {
                bars += (bars.isEmpty ? "" : " ") + "M" + px + " " + c(y.pixel(value - error))
                    + " L" + px + " " + c(y.pixel(value + error))
            }
            markers.append(SVGElement("circle", [("cx", px), ("cy", c(y.pixel(value))), ("r", c(style.markerRadius))]))
        }
        var children: [SVGElement] = []
        if !bars.isEmpty {
            children.append(SVGElement("path", [("class", "error-bars"), ("d", bars), ("fill", "none"), ("stroke", color),
                                                ("stroke-width", c(style.errorBarStrokeWidth))]))
        }
        children.append(.group(class: "markers", [("fill", color)], children: markers))
        return children
    }

    private func curveElement(index: Int, x: AxisScale, y: AxisScale) -> SVGElement {
        let curve = curves[index]
        let c = SVGNumber.coordinate
        var path = ""
        var penDown = false
        for (px, py) in zip(curve.xs, curve.ys) {
            // A gap in the curve where it is undefined (or not positive on a log axis).
            guard px.isFinite, py.isFinite, y.kind == .linear || py > 0, x.kind == .linear || px > 0 else {
                penDown = false
                continue
            }
            path += (path.isEmpty ? "" : " ") + (penDown ? "L" : "M") + c(x.pixel(px)) + " " + c(y.pixel(py))
            penDown = true
        }
        var attributes: [(String, String)] = [("class", "curve-line"), ("d", path), ("fill", "none"),
                                              ("stroke", color(ofCurve: index).hexString),
                                              ("stroke-width", c(style.lineStrokeWidth + 0.5)),
                                              ("stroke-linejoin", "round")]
        if curve.dashed { attributes.append(("stroke-dasharray", "8 5")) }
        var groupAttributes: [(String, String)] = []
        if let label = curve.label { groupAttributes.append(("data-label", RichText(parsing: label).plain)) }
        return .group(id: (curve.isFit ? "fit-curve-" : "curve-") + String(index),
                      class: curve.isFit ? "series curve fit-curve" : "series curve", groupAttributes,
                      children: [SVGElement("path", attributes)])
    }
}

/// Shared frame pieces.
func frameClip(id: String, frame: Frame) -> SVGElement {
    SVGElement("clipPath", [("id", id)], children: [
        SVGElement("rect", [("x", SVGNumber.coordinate(frame.left)), ("y", SVGNumber.coordinate(frame.top)),
                            ("width", SVGNumber.coordinate(frame.width)),
                            ("height", SVGNumber.coordinate(frame.height))]),
    ])
}

func frameRect(_ frame: Frame, strokeWidth: Double = 1.5) -> SVGElement {
    SVGElement("rect", [("class", "frame"), ("x", SVGNumber.coordinate(frame.left)),
                        ("y", SVGNumber.coordinate(frame.top)), ("width", SVGNumber.coordinate(frame.width)),
                        ("height", SVGNumber.coordinate(frame.height)), ("fill", "none"), ("stroke", "#000000"),
                        ("stroke-width", SVGNumber.coordinate(strokeWidth))])
}
