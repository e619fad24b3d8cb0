import Foundation

/// A histogram to fit: bin edges, counts and optional per-bin errors (√n otherwise).
public struct BinnedData: Sendable {
    public var edges: [Double]
    public var counts: [Double]
    public var errors: [Double]?

    public init(edges: [Double], counts: [Double], errors: [Double]? = nil) throws {
        guard edges.count == counts.count + 1 else {
            throw FitError.invalidData("\(edges.count) bin edges for \(counts.count) bins (need bins + 1)")
        }
        if let e = errors, e.count != counts.count {
            throw FitError.invalidData("\(e.count) errors for \(counts.count) bins")
        }
        self.edges = edges
        self.counts = counts
        self.errors = errors
    }

    public var centres: [Double] { (0..<counts.count).map { 0.5 * (edges[$0] + edges[$0 + 1]) } }
}

/// Points with errors to fit (a graph).
public struct PointData: Sendable {
    public var x: [Double], y: [Double], yerror: [Double]
    public init(x: [Double], y: [Double], yerror: [Double]) { (self.x, self.y, self.yerror) = (x, y, yerror) }
}

/// Which cost a histogram fit minimises.
public enum HistogramCost: String, Sendable, CaseIterable {
    /// ROOT's default χ²: model at the bin centre, errors √n, empty bins skipped.
    case chi2
    /// Poisson likelihood with the model at the bin centre (ROOT's "L"), as a deviance (errordef 1).
    case nll
    /// Extended Poisson likelihood with the model averaged over each bin (ROOT's "L" + "I").
    case enll
}

/// What to fit and how: the model, start values, limits, fixed parameters, MINOS.
public struct FitRequest: Sendable {
    public var model: FitModel
    public var initial: [String: Double] = [:]
    public var limits: [String: (lower: Double?, upper: Double?)] = [:]
    public var fixed: Set<String> = []
    public var minos = false
    public var strategy = 1

    public init(model: FitModel) { self.model = model }
}

/// Fits models to histograms and graphs with MIGRAD (+ HESSE, optional MINOS).
public enum ModelFitter {
    public static func fit(_ data: BinnedData, _ request: FitRequest, cost kind: HistogramCost = .chi2) throws -> FitResult {
        let names = request.model.parameterNames
        let f = request.model.function
        let cost: any CostFunction
        switch kind {
        case .chi2:
            cost = try LeastSquares.histogram(edges: data.edges, counts: data.counts, errors: data.errors,
                                              parameters: names, model: f)
        case .nll:
            cost = try ExtendedBinnedNLL(counts: data.counts, edges: data.edges, parameters: names,
                                         expectation: .countsAtCentre(f))
        case .enll:
            cost = try ExtendedBinnedNLL(counts: data.counts, edges: data.edges, parameters: names,
                                         expectation: .countsAveragedOverBin(f))
        }
        let guess = request.model.initialValues(centres: data.centres, counts: data.counts)
        return try run(cost, request, guess: guess)
    }

    public static func fit(_ data: PointData, _ request: FitRequest) throws -> FitResult {
        let cost = try LeastSquares(x: data.x, y: data.y, yerror: data.yerror,
                                    parameters: request.model.parameterNames, model: request.model.function)
        let guess = request.model.initialValues(centres: data.x, counts: data.y)
        return try run(cost, request, guess: guess)
    }

    static func run(_ cost: any CostFunction, _ request: FitRequest, guess: [Double]?) throws -> FitResult {
        let names = cost.parameterNames
        for key in request.initial.keys where !names.contains(key) {
            throw FitError.unknownParameter(key, known: names)
        }
        let start = names.enumerated().map { i, n in request.initial[n] ?? guess?[i] ?? 1 }
        let m = try Minuit(cost, start: start)
        m.strategy = request.strategy
        for (name, lim) in request.limits { try m.setLimits(name, lower: lim.lower, upper: lim.upper) }
        for name in request.fixed { try m.fix(name) }
        m.migrad()
        m.hesse()
        if request.minos && m.result.isValid { try m.minos() }
        return m.result
    }
}

extension ModelFitter {
    /// Unbinned fit of `data` inside `range`. Extended: the model is the event density (events per unit
    /// x) and the expected total is its integral over the range (iminuit `ExtendedUnbinnedNLL`).
    /// Not extended: the model is normalised numerically over the range (iminuit `UnbinnedNLL`), so an
    /// overall amplitude cancels and should be fixed.
    public static func fitUnbinned(_ data: [Double], _ request: FitRequest, range: ClosedRange<Double>,
                                   extended: Bool) throws -> FitResult {
        let inside = data.filter { range.contains($0) }
        guard !inside.isEmpty else { throw FitError.invalidData("no data inside [\(range.lowerBound), \(range.upperBound)]") }
        let f = request.model.function
        let names = request.model.parameterNames
        let integral: ([Double]) -> Double = { p in integrate(range) { f($0, p) } }
        let cost: any CostFunction = extended
            ? ExtendedUnbinnedNLL(data: inside, parameters: names, integral: integral, scaledPdf: f)
            : UnbinnedNLL(data: inside, parameters: names, pdf: { x, p in f(x, p) / integral(p) })
        return try run(cost, request, guess: nil)
    }

    /// ∫ f over the range: composite 5-point Gauss–Legendre on 200 panels.
    static func integrate(_ range: ClosedRange<Double>, _ f: (Double) -> Double) -> Double {
        let nodes = [0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640]
        let weights = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891,
                       0.2369268850561891]
        let panels = 200
        let h = (range.upperBound - range.lowerBound) / Double(panels)
        var total = 0.0
        for k in 0..<panels {
            let mid = range.lowerBound + (Double(k) + 0.5) * h
            var s = 0.0
            for (t, w) in zip(nodes, weights) { s += w * f(mid + 0.5 * h * t) }
            total += 0.5 * h * s
        }
        return total
    }
}
