import Fit
import Foundation
@testable import Plot

/// The gaus + expo χ² fit shown in docs/plots/fit.svg, fitted with the Fit target's MIGRAD.
enum FitGallery {
    static let names = ["constant", "mean", "sigma", "exp constant", "slope"]

    static func gaussPlusExpo(_ x: Double, _ p: [Double]) -> Double {
        p[0] * exp(-0.5 * pow((x - p[1]) / p[2], 2)) + exp(p[3] + p[4] * x)
    }

    static func fit() throws -> (data: BinnedSeries, result: FitResult) {
        let (edges, counts) = try Gallery.gaussianOnExponential()
        let cost = try LeastSquares.histogram(edges: edges, counts: counts, parameters: ["p0", "p1", "p2", "p3", "p4"],
                                              model: gaussPlusExpo)
        let minuit = try Minuit(cost, start: [200, 90, 4, 6, -0.04])
        let result = minuit.migrad()
        return (try BinnedSeries(edges: edges, values: counts, label: "Data", style: .errors), result)
    }

    static func plot() throws -> Plot1D {
        let (data, result) = try fit()
        return try Plot1D(data: data, result: result, model: { gaussPlusExpo($0, result.values) },
                          title: "Gaussian + exponential χ^{2} fit", xTitle: "m_{μμ} [GeV]", yTitle: "Events / 1 GeV",
                          parameterNames: names)
    }
}
