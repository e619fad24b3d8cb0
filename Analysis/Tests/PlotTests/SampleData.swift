import Foundation
@testable import Plot

/// Deterministic pseudo-random samples for plot tests and the docs/plots gallery (no test depends on
/// the platform's random generator).
struct SampleGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Uniform in (0, 1), from a 64-bit LCG's top 53 bits.
    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }

    mutating func gaussian(mean: Double, sigma: Double) -> Double {
        let u1 = uniform(), u2 = uniform()
        return mean + sigma * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    mutating func exponential(slope: Double) -> Double { -Foundation.log(uniform()) / slope }
}

/// Fills `count` regular bins on [lo, hi].
func fillRegular(_ samples: [Double], bins: Int, lo: Double, hi: Double) -> (edges: [Double], counts: [Double]) {
    let edges = (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
    var counts = [Double](repeating: 0, count: bins)
    for x in samples where x >= lo && x < hi {
        counts[min(bins - 1, Int((x - lo) / (hi - lo) * Double(bins)))] += 1
    }
    return (edges, counts)
}

/// Paths the tests use: the repository root, from this file's location.
enum TestPaths {
    static func repositoryRoot(file: String = #filePath) -> URL {
        // <repo>/Analysis/Tests/PlotTests/<file>
        URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var docsPlots: URL { repositoryRoot().appendingPathComponent("docs/plots") }

    static var python: String {
        ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"]
            ?? repositoryRoot().appendingPathComponent(".venv/bin/python3").path
    }
}
