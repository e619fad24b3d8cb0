import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plot

@Suite("Log axes")
struct LogAxisTests {
    @Test func logYLabelsDecadesAndKeepsEmptyBinsOnTheAxis() throws {
        let edges = (0...6).map(Double.init)
        let values: [Double] = [5000, 800, 0, 30, 2, 0]
        let plot = Plot1D(xTitle: "x", yTitle: "Events", yAxis: .log,
                          histograms: [try BinnedSeries(edges: edges, values: values, style: .step),
                                       try BinnedSeries(edges: edges, values: values, style: .errors)])
        let inspector = try SVGInspector(try plot.svg())
        let labels = inspector.majorTickLabels(axis: "axis-y")
        // Smallest positive value 2 → axis from 1 (2/2); 10^0 … 10^3 at least, every label a power of ten.
        #expect(labels.prefix(4) == ["10^{0}", "10^{1}", "10^{2}", "10^{3}"])
        #expect(labels.allSatisfy { $0.hasPrefix("10^{") })
        #expect(inspector.minorTickCount(axis: "axis-y") >= 8 * 3)
        // The label is drawn as 10 with a raised exponent.
        let tick = try #require(inspector.elements(class: "tick major", in: inspector.element(id: "axis-y")).first)
        let text = try #require(inspector.elements().first { $0.name == "text" && ($0.parent as? XMLElement) === tick })
        #expect(text.children?.count == 2 && text.stringValue == "100")
        let raised = try #require(text.children?.last as? XMLElement)
        #expect(SVGInspector.attribute(raised, "dy").flatMap(Double.init).map { $0 < 0 } == true)

        // Empty bins: the outline still runs (down below the frame, clipped), error markers skip them.
        let outline = try #require(inspector.elements(class: "hist-outline").first)
        #expect(SVGInspector.attribute(outline, "d")?.contains("nan") == false)
        let markers = try #require(inspector.elements(class: "markers").first)
        #expect(markers.children?.count == 4)
    }

    @Test func logXDropsNonPositiveEdgesFromTheRange() throws {
        let plot = Plot1D(xTitle: "E [GeV]", yTitle: "Events", xAxis: .log,
                          histograms: [try BinnedSeries(edges: [0, 1, 10, 100, 1000], values: [1, 2, 3, 4])])
        let inspector = try SVGInspector(try plot.svg())
        #expect(inspector.majorTickLabels(axis: "axis-x") == ["10^{0}", "10^{1}", "10^{2}", "10^{3}"])
    }

    @Test func logAxisWithoutPositiveValuesIsAnError() throws {
        let plot = Plot1D(yAxis: .log, histograms: [try BinnedSeries(edges: [0, 1, 2], values: [0, 0])])
        #expect(throws: PlotError.logAxisWithoutPositiveValues(axis: "y")) { try plot.svg() }
        let negativeX = Plot1D(xAxis: .log, histograms: [try BinnedSeries(edges: [-2, -1, 0], values: [1, 1])])
        #expect(throws: PlotError.logAxisWithoutPositiveValues(axis: "x")) { try negativeX.svg() }
        let fixed = Plot1D(yAxis: .log, yRange: 0...10, histograms: [try BinnedSeries(edges: [0, 1], values: [1])])
        #expect(throws: PlotError.logAxisWithoutPositiveValues(axis: "y")) { try fixed.svg() }
    }

    @Test func pixelMappingIsLogarithmic() {
        let scale = AxisScale(kind: .log, lo: 1, hi: 1000, pixelLo: 500, pixelHi: 200)
        #expect(abs(scale.pixel(1) - 500) < 1e-9)
        #expect(abs(scale.pixel(10) - 400) < 1e-9)
        #expect(abs(scale.pixel(1000) - 200) < 1e-9)
        // Zero lands just beyond the low end, not at -infinity.
        #expect(scale.pixel(0) > 500 && scale.pixel(0) < 520)
    }
}
