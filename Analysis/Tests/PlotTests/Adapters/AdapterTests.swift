import Fit
import Foundation
import Histogram
import Testing
@testable import Plot

@Suite("Plots from Histogram and Fit results")
struct AdapterTests {
    @Test func binnedSeriesTakesInRangeBinsAndPoissonErrors() throws {
        var histogram = try Histogram(bins: 4, lower: 0, upper: 8, name: "met", axisTitle: "MET [GeV]")
        try histogram.fill([-1, 0.5, 1, 3, 3, 3, 7.9, 8, 100])
        let series = try BinnedSeries(histogram: histogram)
        #expect(series.edges == [0, 2, 4, 6, 8])
        #expect(series.values == [2, 3, 0, 1])
        #expect(series.errors == [sqrt(2.0), sqrt(3.0), 0, 1])
        #expect(series.label == "met")

        let plot = try Plot1D(histogram: histogram)
        #expect(plot.xTitle == "MET [GeV]")
        #expect(plot.yTitle == "Entries / 2 GeV")
        #expect(Plot1D.defaultYTitle(try .regular(100, 0, 50, title: "x")) == "Entries / 0.5")
        #expect(Plot1D.defaultYTitle(try .variable([0, 1, 3])) == "Entries / bin")
    }

    @Test func gridTakesTwoDimensionalBinsXFastest() throws {
        var histogram = try Histogram(axes: [.regular(3, 0, 3), .regular(2, 0, 2)], name: "xy")
        try histogram.fill(columns: [[0.5, 2.5, 2.5, 1.5, 9], [0.5, 0.5, 1.5, 1.5, 0.5]])
        let grid = try Grid2D(histogram: histogram)
        #expect(grid.nx == 3 && grid.ny == 2)
        #expect(grid.values == [1, 0, 1, 0, 1, 1])
        #expect(grid.value(2, 1) == 1 && grid.value(1, 0) == 0)
        #expect(throws: PlotError.self) { try BinnedSeries(histogram: histogram) }
        let inspector = try SVGInspector(try Plot2D(histogram: histogram).svg())
        #expect(inspector.element(id: "colorbar") != nil)
    }

    @Test func histogramRendersItselfInEveryForm() throws {
        var histogram = try Histogram(bins: 2, lower: 0, upper: 2, name: "h", title: "A & B")
        try histogram.fill([0.5, 1.5, 1.5])
        #expect(histogram.text().contains("[0.0, 1.0)  1.0 ± 1.0"))
        let json = try JSONSerialization.jsonObject(with: Data(histogram.json().utf8)) as? [String: Any]
        #expect(json?["name"] as? String == "h")
        let inspector = try SVGInspector(try histogram.svg())
        #expect(inspector.texts(in: inspector.root).contains("A & B"))
        #expect(try histogram.html().hasPrefix("<figure"))
    }

    @Test func fitPlotShowsCurveAndResultBox() throws {
        let (data, result) = try FitGallery.fit()
        #expect(result.isValid)
        let plot = try FitGallery.plot()
        let inspector = try SVGInspector(try plot.svg())
        let curve = try #require(inspector.element(id: "fit-curve-0"))
        #expect(SVGInspector.attribute(curve, "data-label") == "Fit")
        let box = inspector.texts(in: inspector.element(id: "fit-box"))
        let ndf = try #require(result.ndf)
        #expect(box.first == "χ2 / ndf")
        #expect(box[1] == SVGNumber.fixed(result.fcn, decimals: 2) + " / " + String(ndf))
        // ndf = non-empty bins − 5 free parameters.
        #expect(ndf == data.values.filter { $0 > 0 }.count - 5)
        for (index, name) in FitGallery.names.enumerated() {
            let position = try #require(box.firstIndex(of: name))
            let parameter = result.parameters[index]
            #expect(box[position + 1] == RichText(parsing: FitBox.valueWithError(parameter.value, parameter.error)).plain)
        }
        // The curve passes through the model: its highest point is near the fitted peak height.
        let peak = FitGallery.gaussPlusExpo(result.values[1], result.values)
        #expect(plot.curves[0].ys.max().map { abs($0 - peak) / peak < 0.01 } == true)
        #expect(plot.legendLabels == ["Data", "Fit"])
    }

    @Test func graphFitPlotDrawsPointsCurveAndBox() throws {
        let xs: [Double] = [0, 1, 2, 3, 4, 5], ys: [Double] = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0]
        let errors = [Double](repeating: 0.2, count: 6)
        let cost = try LeastSquares(x: xs, y: ys, yerror: errors, parameters: ["a", "b"]) { x, p in p[0] + p[1] * x }
        let result = try Minuit(cost, start: [0, 1]).migrad()
        let plot = try Plot1D(graph: try PointSeries(xs: xs, ys: ys, yErrors: errors), result: result,
                              model: { result.values[0] + result.values[1] * $0 }, xTitle: "x", yTitle: "y")
        let inspector = try SVGInspector(try plot.svg())
        #expect(inspector.element(id: "points-0") != nil && inspector.element(id: "fit-curve-0") != nil)
        let box = inspector.texts(in: inspector.element(id: "fit-box"))
        #expect(box.prefix(2) == ["χ2 / ndf", SVGNumber.fixed(result.fcn, decimals: 2) + " / 4"])
        #expect(box.contains("b"))
    }

    @Test func fitResultRendersItself() throws {
        let (_, result) = try FitGallery.fit()
        #expect(result.text() == result.report())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.json().utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == true)
        #expect(((json["parameters"] as? [String: Any])?["p1"] as? [String: Any])?["value"] as? Double == result.values[1])
        #expect(try result.html().contains("<th>p1</th>"))
        let inspector = try SVGInspector(try result.svg())
        #expect(inspector.element(id: "fit-box") != nil)
    }
}

extension Plot1D {
    var legendLabels: [String] {
        histograms.compactMap(\.label) + curves.compactMap(\.label)
    }
}
