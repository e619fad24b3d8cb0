import Foundation
import Testing
@testable import Plot

@Suite("docs/plots gallery: fit")
struct GalleryFitTests {
    @Test func writesFitPlot() throws {
        let directory = TestPaths.docsPlots
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let plot = try FitGallery.plot()
        try plot.write(to: directory.appendingPathComponent("fit.svg").path)
        try plot.write(to: directory.appendingPathComponent("fit.png").path)
        let (_, result) = try FitGallery.fit()
        try Data(result.report().utf8).write(to: directory.appendingPathComponent("fit-result.txt"))
        let png = try PNGImage(data: Array(try Data(contentsOf: directory.appendingPathComponent("fit.png"))))
        #expect(png.width == 800 && png.height == 600)
    }
}
