import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plot

@Suite("2D colour maps and 3D views")
struct Plot2DAnd3DTests {
    static func grid() throws -> Grid2D {
        // 4×3 bins, value = 1 + ix + 10·iy, one empty bin.
        var values: [Double] = []
        for index in 0..<12 { values.append(Double(1 + index % 4 + 10 * (index / 4))) }
        values[5] = 0
        return try Grid2D(xEdges: [0, 1, 2, 3, 4], yEdges: [0, 10, 20, 30], values: values)
    }

    @Test func colourMapPaintsBinsWithTheMapAndHasAColourBar() throws {
        let plot = Plot2D(xTitle: "x", yTitle: "y", zTitle: "Entries", grid: try Self.grid())
        let inspector = try SVGInspector(try plot.svg())
        let data = try #require(inspector.element(id: "data"))
        let cells = data.children?.compactMap { $0 as? XMLElement } ?? []
        #expect(cells.count == 11)  // the empty bin is not painted
        // The largest value (24) gets the top of the map, the first bin (1) the colour at 1/24 (z from 0).
        let fills = cells.compactMap { SVGInspector.attribute($0, "fill") }
        #expect(fills.last == Colormap.viridis.color(at: 1).hexString)
        #expect(fills.first == Colormap.viridis.color(at: 1.0 / 24).hexString)

        let bar = try #require(inspector.element(id: "colorbar"))
        #expect(inspector.elements(class: "colorbar-gradient", in: bar).count == 1)
        #expect(inspector.majorTickLabels(axis: "axis-z") == ["0", "5", "10", "15", "20"])
        #expect(inspector.texts(in: inspector.element(id: "axis-z")).contains("Entries"))
        let stops = inspector.elements().filter { $0.name == "stop" }
        #expect(stops.count == 11)
        #expect(SVGInspector.attribute(stops.first, "stop-color") == "#440154")
        #expect(SVGInspector.attribute(stops.last, "stop-color") == "#fde725")
    }

    @Test func logZColourBarUsesDecades() throws {
        let values = (0..<100).map { pow(10, Double($0 % 10) / 3) }
        let grid = try Grid2D(xEdges: (0...10).map(Double.init), yEdges: (0...10).map(Double.init), values: values)
        let inspector = try SVGInspector(try Plot2D(grid: grid, zAxis: .log).svg())
        #expect(inspector.majorTickLabels(axis: "axis-z") == ["10^{0}", "10^{1}", "10^{2}", "10^{3}"])
    }

    @Test func viridisEndsAndMiddleMatchThePublishedMap() {
        #expect(Colormap.viridis.color(at: 0).hexString == "#440154")
        #expect(Colormap.viridis.color(at: 0.5).hexString == "#21918c")
        #expect(Colormap.viridis.color(at: 1).hexString == "#fde725")
        #expect(Colormap.viridis.color(at: 7).hexString == "#fde725")
    }

    @Test func legoDrawsBarsFarToNear() throws {
        let plot = Plot3D(xTitle: "x", yTitle: "y", zTitle: "z", grid: try Self.grid(), kind: .lego)
        let inspector = try SVGInspector(try plot.svg())
        let bars = inspector.elements(class: "bar")
        #expect(bars.count == 11)
        // Painter's order: ix − iy never decreases along the document.
        let keys = bars.compactMap { SVGInspector.attribute($0, "data-bin") }.map { text -> Int in
            let parts = text.split(separator: ",").compactMap { Int($0) }
            return parts[0] - parts[1]
        }
        #expect(keys == keys.sorted())
        // Each bar: two side faces and a lid, the lid brightest.
        for bar in bars {
            let faces = bar.children?.compactMap { $0 as? XMLElement } ?? []
            #expect(faces.count == 3 && faces.allSatisfy { $0.name == "polygon" })
        }
        #expect(inspector.element(id: "axis-x") != nil && inspector.element(id: "axis-z") != nil)
        #expect(inspector.majorTickLabels(axis: "axis-z").first == "0")
    }

    @Test func surfaceOfAFunctionIsAMeshOfShadedQuads() throws {
        let grid = try Grid2D(function: { x, y in x * x - y * y }, x: -1...1, y: -1...1, nx: 10, ny: 8)
        #expect(grid.nx == 10 && grid.ny == 8)
        #expect(abs(grid.value(0, 0) - (0.81 - 0.765625)) < 1e-12)
        let inspector = try SVGInspector(try Plot3D(grid: grid, kind: .surface).svg())
        let quads = inspector.element(id: "data")?.children?.compactMap { $0 as? XMLElement } ?? []
        #expect(quads.count == 9 * 7)
        #expect(Set(quads.compactMap { SVGInspector.attribute($0, "fill") }).count > 10)
        #expect(throws: PlotError.self) {
            try Plot3D(grid: try Grid2D(xEdges: [0, 1], yEdges: [0, 1, 2], values: [1, 2]), kind: .surface).svg()
        }
    }
}
