extension Plot1D: Figure {
    public func svgDocument() throws -> SVGElement { try svgElement() }

    public func jsonValue() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("kind", .string("plot1d")), ("title", .string(title)), ("xTitle", .string(xTitle)),
            ("yTitle", .string(yTitle)), ("xAxis", .string(xAxis.rawValue)), ("yAxis", .string(yAxis.rawValue)),
        ]
        members.append(("histograms", .array(histograms.map { series in
            .object([
                ("label", series.label.map(JSONValue.string) ?? .null), ("style", .string(series.style.rawValue)),
                ("edges", .numbers(series.edges)), ("values", .numbers(series.values)),
                ("errors", series.errors.map(JSONValue.numbers) ?? .null),
            ])
        })))
        members.append(("points", .array(points.map { series in
            .object([("label", series.label.map(JSONValue.string) ?? .null), ("x", .numbers(series.xs)),
                     ("y", .numbers(series.ys)), ("yErrors", series.yErrors.map(JSONValue.numbers) ?? .null)])
        })))
        members.append(("curves", .array(curves.map { curve in
            .object([("label", curve.label.map(JSONValue.string) ?? .null), ("fit", .bool(curve.isFit)),
                     ("x", .numbers(curve.xs)), ("y", .numbers(curve.ys))])
        })))
        if let fitBox {
            members.append(("fitBox", .array(fitBox.lines.map {
                .object([("name", .string(RichText(parsing: $0.name).plain)),
                         ("value", .string(RichText(parsing: $0.value).plain))])
            })))
        }
        return .object(members)
    }

    public func text() -> String {
        var lines = ["1D plot" + (title.isEmpty ? "" : " \"" + RichText(parsing: title).plain + "\"")]
        if let range = try? resolvedXRange() {
            lines.append("  x: \(RichText(parsing: xTitle).plain) [\(range.0), \(range.1)] \(xAxis.rawValue)")
        }
        lines.append("  y: \(RichText(parsing: yTitle).plain) \(yAxis.rawValue)")
        for series in histograms {
            let total = series.values.reduce(0, +)
            lines.append("  histogram \(series.label ?? "(unlabelled)"): \(series.values.count) bins "
                         + "[\(series.edges.first ?? 0), \(series.edges.last ?? 0)], sum \(total), \(series.style.rawValue)")
        }
        for series in points {
            lines.append("  points \(series.label ?? "(unlabelled)"): \(series.xs.count) points")
        }
        for curve in curves {
            lines.append("  \(curve.isFit ? "fit curve" : "curve") \(curve.label ?? "(unlabelled)"): \(curve.xs.count) points")
        }
        for line in fitBox?.lines ?? [] {
            lines.append("  " + RichText(parsing: line.name).plain + " = " + RichText(parsing: line.value).plain)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
