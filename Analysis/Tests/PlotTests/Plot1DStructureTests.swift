import Foundation
import Testing
@testable import Plot

@Suite("1D plot SVG structure")
struct Plot1DStructureTests {
    static func simplePlot(yAxis: AxisKind = .linear, title: String = "Test plot") throws -> Plot1D {
        let edges = (0...10).map { Double($0) * 10 }
        let values: [Double] = [0, 4, 16, 45, 90, 120, 88, 40, 10, 2]
        return Plot1D(
            title: title, xTitle: "p_{T} [GeV]", yTitle: "Events / 10 GeV", yAxis: yAxis,
            histograms: [try BinnedSeries(edges: edges, values: values, label: "Data", style: .errors),
                         try BinnedSeries(edges: edges, values: values.map { $0 * 0.9 }, label: "Simulation",
                                          style: .filled)],
            curves: [try CurveSeries(function: { 120 * exp(-0.5 * pow(($0 - 52) / 15, 2)) }, lo: 0, hi: 100,
                                     label: "Gaussian fit", isFit: true)],
            fitBox: FitBox(parameters: [("mean", 52.123, 0.456), ("sigma", 15.04, 0.31)], chi2: 7.91, ndf: 7))
    }

    @Test func hasAxesTicksDataLegendAndFitBox() throws {
        let svg = try Self.simplePlot().svg()
        let inspector = try SVGInspector(svg)
        #expect(inspector.root?.name == "svg")
        #expect(SVGInspector.attribute(inspector.root, "width") == "800")
        #expect(SVGInspector.attribute(inspector.root, "height") == "600")

        // x axis: 0…100 in steps of 10 (≈7 ticks wanted over 660 px gives step 20).
        #expect(inspector.majorTickLabels(axis: "axis-x") == ["0", "20", "40", "60", "80", "100"])
        #expect(inspector.minorTickCount(axis: "axis-x") > 10)
        // y axis starts at 0 with a 1-2-5 step.
        let yLabels = inspector.majorTickLabels(axis: "axis-y")
        #expect(yLabels.first == "0")
        let yValues = yLabels.compactMap(Double.init)
        try #require(yValues.count == yLabels.count && yValues.count >= 4)
        let step = yValues[1] - yValues[0]
        #expect([20.0, 25, 50].contains(step) || [1.0, 2, 5].contains(step / pow(10, log10(step).rounded(.down))))

        // Axis titles with sub/superscripts flattened in the text content.
        #expect(inspector.texts(in: inspector.element(id: "axis-x")).contains("pT [GeV]"))
        #expect(inspector.texts(in: inspector.element(id: "axis-y")).contains("Events / 10 GeV"))

        // Data: one group per series, the curve marked as a fit curve with a non-trivial path.
        let data = try #require(inspector.element(id: "data"))
        #expect(inspector.elements(class: "series histogram errors", in: data).count == 1)
        #expect(inspector.elements(class: "series histogram filled", in: data).count == 1)
        let fit = try #require(inspector.element(id: "fit-curve-0"))
        #expect(SVGInspector.attribute(fit, "class")?.contains("fit-curve") == true)
        let path = try #require(inspector.elements(class: "curve-line", in: fit).first)
        #expect((SVGInspector.attribute(path, "d")?.split(separator: "L").count ?? 0) > 100)
        // Error bars: one marker per non-empty bin (bin 0 is empty and has no error).
        #expect(inspector.elements(class: "markers", in: data).first?.children?.count == 9)

        // Legend lists every labelled series in order.
        #expect(inspector.texts(in: inspector.element(id: "legend")) == ["Data", "Simulation", "Gaussian fit"])

        // Fit box: χ²/ndf and parameters with value ± error rounded to the error's two digits.
        let boxTexts = inspector.texts(in: inspector.element(id: "fit-box"))
        #expect(boxTexts == ["χ2 / ndf", "7.91 / 7", "mean", "52.12 ± 0.46", "sigma", "15.04 ± 0.31"])
    }

    @Test func sameInputGivesSameBytesAndDifferentInputDifferentIDs() throws {
        let first = try Self.simplePlot().svg()
        let second = try Self.simplePlot().svg()
        #expect(first == second)
        let other = try Self.simplePlot(title: "Another").svg()
        #expect(first != other)
        // Clip ids are derived from the content, so two plots inlined into one page do not clash.
        let clipID = { (svg: String) -> String? in
            try? SVGInspector(svg).elements().first { $0.name == "clipPath" }.flatMap { SVGInspector.attribute($0, "id") }
        }
        #expect(clipID(first) != nil && clipID(first) != clipID(other))
        #expect(first.contains("clip-path=\"url(#" + (clipID(first) ?? "?") + ")\""))
    }

    @Test func escapesMarkupCharactersInText() throws {
        var plot = try Self.simplePlot(title: "a<b & c>d \"quoted\"")
        plot.xTitle = "x < 5 & y > 3"
        plot.histograms[0].label = "<script>alert('x')</script>"
        let svg = try plot.svg()
        #expect(!svg.contains("<script>"))
        let inspector = try SVGInspector(svg)
        #expect(inspector.texts(in: inspector.root).contains("a<b & c>d \"quoted\""))
        #expect(inspector.texts(in: inspector.element(id: "axis-x")).contains("x < 5 & y > 3"))
        #expect(inspector.texts(in: inspector.element(id: "legend")).first == "<script>alert('x')</script>")
        #expect(inspector.elements().first { $0.name == "title" }?.stringValue == "a<b & c>d \"quoted\"")
    }

    @Test func stepHistogramOutlineFollowsTheBins() throws {
        let plot = Plot1D(xTitle: "x", yTitle: "y", yRange: 0...10,
                          histograms: [try BinnedSeries(edges: [0, 1, 2], values: [5, 10], style: .step)],
                          style: PlotStyle())
        let inspector = try SVGInspector(try plot.svg())
        let outline = try #require(inspector.elements(class: "hist-outline").first)
        let d = try #require(SVGInspector.attribute(outline, "d"))
        let numbers = d.split(whereSeparator: { $0 == " " || $0 == "M" || $0 == "L" }).compactMap { Double($0) }
        // Baseline → up the first edge → across → step up → across → down: 6 points.
        #expect(numbers.count == 12)
        let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
        let frameBottom = 600 - PlotStyle().marginBottom, frameTop = PlotStyle().marginTop
        #expect(ys[0] == frameBottom && ys[5] == frameBottom)
        #expect(abs(ys[1] - (frameBottom + frameTop) / 2) < 0.01)  // 5 of 10
        #expect(abs(ys[3] - frameTop) < 0.01)  // 10 of 10
        #expect(SVGInspector.attribute(outline, "fill") == "none")
    }

    @Test func htmlFragmentEmbedsTheSVG() throws {
        let html = try Self.simplePlot().html()
        #expect(html.hasPrefix("<figure class=\"hepbox-plot\">\n<svg "))
        #expect(!html.contains("<?xml"))
        #expect(html.hasSuffix("</svg>\n</figure>\n"))
        #expect(try SVGInspector(html).root?.name == "figure")
    }

    @Test func textAndJSONDescribeThePlot() throws {
        let plot = try Self.simplePlot()
        let text = plot.text()
        #expect(text.contains("1D plot \"Test plot\""))
        #expect(text.contains("histogram Data: 10 bins [0.0, 100.0], sum 415.0"))
        #expect(text.contains("mean = 52.12 ± 0.46"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plot.json().utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "plot1d")
        let histograms = try #require(json["histograms"] as? [[String: Any]])
        #expect((histograms.first?["values"] as? [Double])?.reduce(0, +) == 415)
        #expect((json["fitBox"] as? [[String: String]])?.first?["name"] == "χ2 / ndf")
    }

    @Test func rejectsInconsistentInput() {
        #expect(throws: PlotError.self) { try BinnedSeries(edges: [0, 1], values: [1, 2]) }
        #expect(throws: PlotError.self) { try BinnedSeries(edges: [0, 2, 1], values: [1, 2]) }
        #expect(throws: PlotError.self) { try BinnedSeries(edges: [0, 1, 2], values: [1, 2], errors: [1]) }
        #expect(throws: PlotError.self) { try CurveSeries(xs: [0, 1], ys: [1]) }
        #expect(throws: PlotError.self) { try Plot1D().svg() }
    }
}
