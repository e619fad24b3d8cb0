import Foundation
import Testing
@testable import Plot

/// Figures for docs/plots, built from deterministic samples. `make.sh` runs these tests and they also
/// run in CI, so the gallery always reflects the current renderer.
enum Gallery {
    static func gaussianOnExponential() throws -> (edges: [Double], counts: [Double]) {
        var generator = SampleGenerator(seed: 7)
        var samples: [Double] = []
        for _ in 0..<2000 { samples.append(generator.gaussian(mean: 91.2, sigma: 3.2)) }
        for _ in 0..<6000 { samples.append(60 + generator.exponential(slope: 0.04)) }
        return fillRegular(samples, bins: 60, lo: 60, hi: 120)
    }

    static func overlay() throws -> Plot1D {
        var generator = SampleGenerator(seed: 11)
        let signal = fillRegular((0..<5000).map { _ in generator.gaussian(mean: 125, sigma: 12) },
                                 bins: 40, lo: 50, hi: 250)
        let background = fillRegular((0..<20000).map { _ in 50 + generator.exponential(slope: 0.02) },
                                     bins: 40, lo: 50, hi: 250)
        let data = zip(signal.counts, background.counts).map { $0 + $1 }
        return Plot1D(
            title: "Overlay", xTitle: "m_{jj} [GeV]", yTitle: "Events / 5 GeV",
            histograms: [
                try BinnedSeries(edges: background.edges, values: background.counts, label: "Background",
                                 style: .filled),
                try BinnedSeries(edges: signal.edges, values: signal.counts, label: "Signal", style: .step),
                try BinnedSeries(edges: signal.edges, values: data, label: "Data", style: .errors, color: .black),
            ])
    }

    static func logY() throws -> Plot1D {
        var generator = SampleGenerator(seed: 5)
        let met = fillRegular((0..<50000).map { _ in generator.exponential(slope: 0.025) }, bins: 50, lo: 0, hi: 500)
        return Plot1D(title: "Log scale", xTitle: "E_{T}^{miss} [GeV]", yTitle: "Events / 10 GeV", yAxis: .log,
                      histograms: [try BinnedSeries(edges: met.edges, values: met.counts, label: "Simulation",
                                                    style: .step),
                                   try BinnedSeries(edges: met.edges, values: met.counts, label: "Data",
                                                    style: .errors, color: .black)])
    }
}

extension Gallery {
    /// A correlated 2D gaussian, 40×40 bins.
    static func correlatedGrid(bins: Int = 40, count: Int = 40000) throws -> Grid2D {
        var generator = SampleGenerator(seed: 3)
        var values = [Double](repeating: 0, count: bins * bins)
        for _ in 0..<count {
            let a = generator.gaussian(mean: 0, sigma: 1), b = generator.gaussian(mean: 0, sigma: 1)
            let x = a, y = 0.6 * a + 0.8 * b
            guard x >= -4, x < 4, y >= -4, y < 4 else { continue }
            values[Int((y + 4) / 8 * Double(bins)) * bins + Int((x + 4) / 8 * Double(bins))] += 1
        }
        let edges = (0...bins).map { -4 + 8 * Double($0) / Double(bins) }
        return try Grid2D(xEdges: edges, yEdges: edges, values: values)
    }

    static func colorMap(log: Bool = false) throws -> Plot2D {
        Plot2D(title: log ? "2D histogram, log z" : "2D histogram", xTitle: "x [cm]", yTitle: "y [cm]",
               zTitle: "Entries", grid: try correlatedGrid(), zAxis: log ? .log : .linear)
    }

    static func lego() throws -> Plot3D {
        Plot3D(title: "Lego", xTitle: "x [cm]", yTitle: "y [cm]", zTitle: "Entries",
               grid: try correlatedGrid(bins: 16, count: 20000), kind: .lego)
    }

    static func surface() throws -> Plot3D {
        let grid = try Grid2D(function: { x, y in
            Foundation.sin(x) * Foundation.cos(y) * Foundation.exp(-(x * x + y * y) / 18)
        }, x: -6...6, y: -6...6, nx: 48, ny: 48)
        return Plot3D(title: "Surface: sin x cos y e^{−r²/18}", xTitle: "x", yTitle: "y", zTitle: "f(x, y)",
                      grid: grid, kind: .surface)
    }
}

@Suite("docs/plots gallery")
struct GalleryTests {
    @Test func writesOverlayAndLogPlots() throws {
        let directory = TestPaths.docsPlots
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let figures: [(String, any Figure)] = [
            ("overlay", try Gallery.overlay()), ("log-y", try Gallery.logY()), ("colormap", try Gallery.colorMap()),
            ("colormap-logz", try Gallery.colorMap(log: true)), ("lego", try Gallery.lego()),
            ("surface", try Gallery.surface()),
        ]
        for (name, figure) in figures {
            try figure.write(to: directory.appendingPathComponent(name + ".svg").path)
            try figure.write(to: directory.appendingPathComponent(name + ".png").path)
            let png = try PNGImage(data: Array(try Data(contentsOf: directory.appendingPathComponent(name + ".png"))))
            #expect(png.width == 800 && png.height == 600)
        }
    }
}
