import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plot

@Suite("Graphs (x, y, σy)")
struct PointSeriesTests {
    @Test func pointsDrawMarkersAndErrorBarsWithALegendEntry() throws {
        let graph = try PointSeries(xs: [1, 2, 3, 4], ys: [2, 0, 6, 8], yErrors: [0.5, 0.5, 0, 1], label: "Measured")
        let line = try CurveSeries(xs: [1, 4], ys: [2, 8], label: "Line")
        let plot = Plot1D(xTitle: "t [s]", yTitle: "d [m]", curves: [line], points: [graph])
        let inspector = try SVGInspector(try plot.svg())
        let group = try #require(inspector.element(id: "points-0"))
        // Every point gets a marker (zeros included); three have error bars.
        #expect(inspector.elements(class: "markers", in: group).first?.children?.count == 4)
        let bars = try #require(inspector.elements(class: "error-bars", in: group).first)
        #expect(SVGInspector.attribute(bars, "d")?.split(separator: "M").count == 3)
        #expect(inspector.texts(in: inspector.element(id: "legend")) == ["Measured", "Line"])
        // x range pads the outermost points away from the frame: ticks (step 0.5) include 1 and 4.
        let labels = inspector.majorTickLabels(axis: "axis-x")
        #expect(labels.contains("1.0") && labels.contains("4.0") && labels.count == 7)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plot.json().utf8)) as? [String: Any])
        #expect(((json["points"] as? [[String: Any]])?.first?["y"] as? [Double]) == [2, 0, 6, 8])
    }

    @Test func rejectsMismatchedGraphs() {
        #expect(throws: PlotError.self) { try PointSeries(xs: [1, 2], ys: [1]) }
        #expect(throws: PlotError.self) { try PointSeries(xs: [1, 2], ys: [1, 2], yErrors: [1]) }
        #expect(throws: PlotError.self) { try PointSeries(xs: [], ys: []) }
    }
}
