import Foundation

/// A model y = f(x; p).
public typealias ModelFunction = (Double, [Double]) -> Double

private let tinyFloat = Double.leastNormalMagnitude

/// 2·Σ n (ln n − ln μ) + μ − n: Poisson deviance (iminuit `poisson_chi2`), ln 0 taken as 0.
func poissonDeviance(_ n: [Double], _ mu: [Double]) -> Double {
    var s = 0.0
    for i in 0..<n.count {
        let ln = n[i] > 0 ? log(n[i]) : 0
        let lm = mu[i] > 0 ? log(mu[i]) : 0
        s += n[i] * (ln - lm) + mu[i] - n[i]
    }
    return 2 * s
}

/// 2·Σ n (ln n − ln μ): multinomial deviance (iminuit `multinomial_chi2`).
func multinomialDeviance(_ n: [Double], _ mu: [Double]) -> Double {
    var s = 0.0
    for i in 0..<n.count {
        let ln = n[i] > 0 ? log(n[i]) : 0
        let lm = mu[i] > 0 ? log(mu[i]) : 0
        s += n[i] * (ln - lm)
    }
    return 2 * s
}

/// −Σ ln(f + tiny), summed in ascending order for accuracy (as iminuit).
func unbinnedNegativeLogSum(_ f: [Double]) -> Double {
    -f.map { log($0 + tinyFloat) }.sorted().reduce(0, +)
}

private func validate(edges: [Double], counts: Int) throws {
    guard edges.count == counts + 1 else {
        throw FitError.invalidData("\(edges.count) bin edges for \(counts) bins (need bins + 1)")
    }
    for i in 1..<edges.count where !(edges[i] > edges[i - 1]) {
        throw FitError.invalidData("bin edges must increase (edge \(i): \(edges[i]) after \(edges[i - 1]))")
    }
}

/// χ² = Σ ((y − f(x))/σ)² (iminuit `LeastSquares`, linear loss).
public struct LeastSquares: CostFunction {
    public let x: [Double], y: [Double], yerror: [Double]
    public let parameterNames: [String]
    private let model: ModelFunction

    public init(x: [Double], y: [Double], yerror: [Double], parameters: [String], model: @escaping ModelFunction) throws {
        guard x.count == y.count, y.count == yerror.count else {
            throw FitError.invalidData("x, y and errors differ in length (\(x.count), \(y.count), \(yerror.count))")
        }
        if let bad = yerror.firstIndex(where: { !($0 > 0) }) {
            throw FitError.invalidData("error of point \(bad) is \(yerror[bad]); errors must be positive")
        }
        (self.x, self.y, self.yerror) = (x, y, yerror)
        parameterNames = parameters
        self.model = model
    }

    public var dataCount: Int? { x.count }
    public var isChi2Distributed: Bool { true }

    public func value(_ p: [Double]) -> Double {
        var s = 0.0
        for i in 0..<x.count {
            let z = (y[i] - model(x[i], p)) / yerror[i]
            s += z * z
        }
        return s
    }
}

extension LeastSquares {
    /// ROOT's default histogram χ² (TH1::Fit): model in counts per bin evaluated at the bin centre,
    /// errors √n unless given, empty bins skipped.
    public static func histogram(edges: [Double], counts: [Double], errors: [Double]? = nil, parameters: [String],
                                 model: @escaping ModelFunction) throws -> LeastSquares {
        try validate(edges: edges, counts: counts.count)
        var xs: [Double] = [], ys: [Double] = [], es: [Double] = []
        for i in 0..<counts.count {
            let e = errors?[i] ?? counts[i].squareRoot()
            if counts[i] == 0 && (errors == nil || e == 0) { continue }
            guard e > 0 else { continue }
            xs.append(0.5 * (edges[i] + edges[i + 1]))
            ys.append(counts[i])
            es.append(e)
        }
        return try LeastSquares(x: xs, y: ys, yerror: es, parameters: parameters, model: model)
    }
}

/// How a binned likelihood gets the expected count of a bin from a model.
public enum BinExpectation {
    /// A cumulative function: μ_i = F(x_{i+1}) − F(x_i) (iminuit's convention).
    case cumulative(ModelFunction)
    /// A function in counts per bin, evaluated at the bin centre (ROOT's default for TH1 fits).
    case countsAtCentre(ModelFunction)
    /// A density (per unit x), times the bin width at the centre.
    case densityTimesWidth(ModelFunction)
    /// A function in counts per bin, averaged over the bin (5-point Gauss–Legendre; ROOT's "I" option).
    case countsAveragedOverBin(ModelFunction)

    func expected(edges: [Double], _ p: [Double]) -> [Double] {
        let n = edges.count - 1
        switch self {
        case let .cumulative(cdf):
            let c = edges.map { cdf($0, p) }
            return (0..<n).map { max(c[$0 + 1] - c[$0], 0) }
        case let .countsAtCentre(f):
            return (0..<n).map { f(0.5 * (edges[$0] + edges[$0 + 1]), p) }
        case let .densityTimesWidth(f):
            return (0..<n).map { f(0.5 * (edges[$0] + edges[$0 + 1]), p) * (edges[$0 + 1] - edges[$0]) }
        case let .countsAveragedOverBin(f):
            let nodes = [0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640]
            let weights = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891,
                           0.2369268850561891]
            return (0..<n).map { i in
                let mid = 0.5 * (edges[i] + edges[i + 1]), half = 0.5 * (edges[i + 1] - edges[i])
                var s = 0.0
                for (t, w) in zip(nodes, weights) { s += w * f(mid + half * t, p) }
                return 0.5 * s
            }
        }
    }
}

/// Binned likelihood of the shape only: the model gives bin probabilities (a normalised CDF), scaled by
/// the total count (iminuit `BinnedNLL`, multinomial deviance; errordef 1).
public struct BinnedNLL: CostFunction {
    public let counts: [Double], edges: [Double]
    public let parameterNames: [String]
    private let expectation: BinExpectation

    public init(counts: [Double], edges: [Double], parameters: [String], expectation: BinExpectation) throws {
        try validate(edges: edges, counts: counts.count)
        (self.counts, self.edges) = (counts, edges)
        parameterNames = parameters
        self.expectation = expectation
    }

    public var dataCount: Int? { counts.count }
    public var isChi2Distributed: Bool { true }

    public func value(_ p: [Double]) -> Double {
        let total = counts.reduce(0, +)
        return multinomialDeviance(counts, expectation.expected(edges: edges, p).map { $0 * total })
    }
}

/// Extended binned Poisson likelihood: the model gives expected counts (iminuit `ExtendedBinnedNLL`).
public struct ExtendedBinnedNLL: CostFunction {
    public let counts: [Double], edges: [Double]
    public let parameterNames: [String]
    private let expectation: BinExpectation

    public init(counts: [Double], edges: [Double], parameters: [String], expectation: BinExpectation) throws {
        try validate(edges: edges, counts: counts.count)
        (self.counts, self.edges) = (counts, edges)
        parameterNames = parameters
        self.expectation = expectation
    }

    public var dataCount: Int? { counts.count }
    public var isChi2Distributed: Bool { true }

    public func value(_ p: [Double]) -> Double {
        poissonDeviance(counts, expectation.expected(edges: edges, p))
    }
}

/// Unbinned likelihood of a normalised density: 2·(−Σ ln f(x_i)) (iminuit `UnbinnedNLL`).
public struct UnbinnedNLL: CostFunction {
    public let data: [Double]
    public let parameterNames: [String]
    private let pdf: ModelFunction

    public init(data: [Double], parameters: [String], pdf: @escaping ModelFunction) {
        self.data = data
        parameterNames = parameters
        self.pdf = pdf
    }

    public var dataCount: Int? { data.count }

    public func value(_ p: [Double]) -> Double {
        2 * unbinnedNegativeLogSum(data.map { pdf($0, p) })
    }
}

/// Extended unbinned likelihood: the model returns the expected total and the density scaled by it,
/// 2·(N_exp − Σ ln f(x_i)) (iminuit `ExtendedUnbinnedNLL`).
public struct ExtendedUnbinnedNLL: CostFunction {
    public let data: [Double]
    public let parameterNames: [String]
    private let integral: ([Double]) -> Double
    private let scaledPdf: ModelFunction

    public init(data: [Double], parameters: [String], integral: @escaping ([Double]) -> Double,
                scaledPdf: @escaping ModelFunction) {
        self.data = data
        parameterNames = parameters
        self.integral = integral
        self.scaledPdf = scaledPdf
    }

    public var dataCount: Int? { data.count }

    public func value(_ p: [Double]) -> Double {
        2 * (integral(p) + unbinnedNegativeLogSum(data.map { scaledPdf($0, p) }))
    }
}
