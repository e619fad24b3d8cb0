import Fit

// Plot inputs from `Fit` results. The result holds numbers only, so the fitted model is passed in as
// a function of x (for example the model evaluated at the result's values).

extension FitBox {
    /// χ²/ndf (for χ²-like costs) or the minimum of the cost, then every free parameter as value ± error
    /// (MINOS errors as +up/−down when they were computed).
    public init(result: FitResult, names: [String]? = nil) {
        self.init(parameters: [])
        if let ndf = result.ndf {
            lines.append(Line(name: "χ^{2} / ndf",
                              value: SVGNumber.fixed(result.fcn, decimals: result.fcn < 100 ? 2 : 1) + " / " + String(ndf)))
        } else {
            lines.append(Line(name: "min " + result.method, value: SVGNumber.fixed(result.fcn, decimals: 3)))
        }
        for (index, parameter) in result.parameters.enumerated() {
            let name = names.flatMap { index < $0.count ? $0[index] : nil } ?? parameter.name
            var value: String
            if parameter.isFixed {
                value = FitBox.valueWithError(parameter.value, 0) + " (fixed)"
            } else if let lower = parameter.minosLower, let upper = parameter.minosUpper {
                let symmetric = max(abs(lower), abs(upper))
                let decimals = FitBox.decimals(forError: symmetric)
                value = TickGenerator.label(parameter.value, decimals: decimals, exponent: nil)
                    + " ^{+" + TickGenerator.label(abs(upper), decimals: decimals, exponent: nil) + "}"
                    + "_{−" + TickGenerator.label(abs(lower), decimals: decimals, exponent: nil) + "}"
            } else {
                value = FitBox.valueWithError(parameter.value, parameter.error)
            }
            if parameter.isAtLimit { value += " (at limit)" }
            lines.append(Line(name: name, value: value))
        }
    }
}

extension CurveSeries {
    /// The fitted model over [lo, hi], marked as a fit curve.
    public init(fitted model: (Double) -> Double, lo: Double, hi: Double, label: String = "Fit", color: Color? = nil) throws {
        try self.init(function: model, lo: lo, hi: hi, count: 500, label: label, color: color ?? Color(hex: 0xD62728),
                      isFit: true)
    }
}

extension Plot1D {
    /// Data points with the fitted curve and the fit-result box.
    public init(data: BinnedSeries, result: FitResult, model: (Double) -> Double, title: String = "",
                xTitle: String = "", yTitle: String = "", parameterNames: [String]? = nil) throws {
        var points = data
        points.style = .errors
        if points.color == nil { points.color = .black }
        if points.label == nil { points.label = "Data" }
        let lo = data.edges.first ?? 0, hi = data.edges.last ?? 1
        self.init(title: title, xTitle: xTitle, yTitle: yTitle, histograms: [points],
                  curves: [try CurveSeries(fitted: model, lo: lo, hi: hi)],
                  fitBox: FitBox(result: result, names: parameterNames))
    }
}

extension Plot1D {
    /// Graph points (x, y, σy) with the fitted curve over their x range and the fit-result box.
    public init(graph: PointSeries, result: FitResult, model: (Double) -> Double, title: String = "",
                xTitle: String = "", yTitle: String = "", parameterNames: [String]? = nil) throws {
        var points = graph
        if points.color == nil { points.color = .black }
        if points.label == nil { points.label = "Data" }
        let finite = graph.xs.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo < hi else {
            throw PlotError.invalidInput("graph fit plot needs points at two or more distinct x values")
        }
        self.init(title: title, xTitle: xTitle, yTitle: yTitle, curves: [try CurveSeries(fitted: model, lo: lo, hi: hi)],
                  points: [points], fitBox: FitBox(result: result, names: parameterNames))
    }
}

/// A fit result shows itself as text (MINUIT's report), JSON, and as SVG/HTML
/// a table of the parameters (the curve needs the model; see `Plot1D(data:result:model:)`).
extension FitResult: RichRepresentable {
    /// MINUIT's report layout (from the Fit target).
    public func text() -> String { report() }

    /// The Fit target's JSON (`valid`, `fcn`, `edm`, `nfcn`, `parameters`, `covariance`, …).
    public func json() -> String { jsonString(pretty: false) }

    /// The fit-result box alone as an SVG image.
    public func svg() throws -> String { SVGDocument.render(fitBoxDocument()) }

    public func html() throws -> String {
        var rows = ""
        for line in FitBox(result: self).lines {
            rows += "<tr><th>" + XMLEscape.text(RichText(parsing: line.name).plain) + "</th><td>"
                + XMLEscape.text(RichText(parsing: line.value).plain) + "</td></tr>\n"
        }
        return "<table class=\"hepbox-fit-result\">\n<caption>" + XMLEscape.text(method) + (isValid ? "" : " (not valid)")
            + "</caption>\n" + rows + "</table>\n"
    }

    private func fitBoxDocument() -> SVGElement {
        let box = FitBoxRenderer(style: PlotStyle(), box: FitBox(result: self))
        let (width, height) = box.size
        var style = PlotStyle(width: (width + 2 * LegendRenderer.inset).rounded(.up),
                              height: (height + 2 * LegendRenderer.inset).rounded(.up))
        style.marginTop = 0
        let frame = Frame(left: 0, top: 0, right: style.width, bottom: style.height)
        return SVGDocument.root(style: style, title: method + " result", kind: "fit-result",
                                children: [box.element(frame: frame, top: LegendRenderer.inset)])
    }
}
