/// What can go wrong when setting up or running a fit.
public enum FitError: Error, CustomStringConvertible, Equatable {
    case unknownParameter(String, known: [String])
    case invalidLimits(parameter: String, lower: Double, upper: Double)
    case wrongParameterCount(expected: Int, got: Int)
    case noValidMinimum(String)
    case invalidData(String)
    case formula(String)
    case fixedParameter(String)

    public var description: String {
        switch self {
        case let .unknownParameter(name, known):
            return "unknown parameter '\(name)' (parameters are \(known.joined(separator: ", ")))"
        case let .invalidLimits(name, lo, up): return "limits of '\(name)' are empty or reversed: [\(lo), \(up)]"
        case let .wrongParameterCount(expected, got): return "expected \(expected) parameter values, got \(got)"
        case let .noValidMinimum(why): return "no valid minimum: \(why)"
        case let .invalidData(why): return "invalid fit data: \(why)"
        case let .formula(why): return "formula error: \(why)"
        case let .fixedParameter(name): return "parameter '\(name)' is fixed; MINOS scans free parameters only"
        }
    }
}

/// The iminuit-like front end: a cost function, its parameters, and MIGRAD / HESSE / MINOS on them.
public final class Minuit {
    public let cost: any CostFunction
    public private(set) var parameters: [ParameterSettings]
    /// 0, 1 (default) or 2, as MINUIT's STRATEGY.
    public var strategy: Int = 1
    /// EDM goal = 0.002 × tolerance × errordef (iminuit's default tolerance 0.1).
    public var tolerance: Double = 0.1
    /// Total cost-function calls so far (all steps).
    public private(set) var nfcn = 0
    public private(set) var minosErrors: [String: MinosError] = [:]

    private var lastMinimum: FunctionMinimum?
    private var seedInvHessian: SymmetricMatrix?
    private var lastMethod = "Migrad"

    public var errordef: Double { cost.errordef }
    public var names: [String] { parameters.map(\.name) }

    public init(_ cost: any CostFunction, start values: [Double]) throws {
        guard values.count == cost.parameterNames.count else {
            throw FitError.wrongParameterCount(expected: cost.parameterNames.count, got: values.count)
        }
        self.cost = cost
        parameters = zip(cost.parameterNames, values).map { ParameterSettings(name: $0, value: $1) }
    }

    public convenience init(_ cost: any CostFunction, start: [String: Double]) throws {
        for key in start.keys where !cost.parameterNames.contains(key) {
            throw FitError.unknownParameter(key, known: cost.parameterNames)
        }
        try self.init(cost, start: cost.parameterNames.map { start[$0] ?? 0 })
    }

    public func index(of name: String) throws -> Int {
        guard let i = parameters.firstIndex(where: { $0.name == name }) else {
            throw FitError.unknownParameter(name, known: names)
        }
        return i
    }

    public func setLimits(_ name: String, lower: Double?, upper: Double?) throws {
        let i = try index(of: name)
        if let lo = lower, let up = upper, !(lo < up) { throw FitError.invalidLimits(parameter: name, lower: lo, upper: up) }
        parameters[i].lower = lower
        parameters[i].upper = upper
        // Like MnUserParameterState::SetLimits: a start value outside moves inside by a tenth of a step.
        if let lo = lower, parameters[i].value <= lo { parameters[i].value = lo + 0.1 * parameters[i].step }
        if let up = upper, parameters[i].value >= up { parameters[i].value = up - 0.1 * parameters[i].step }
        invalidate()
    }

    public func setValue(_ name: String, _ value: Double) throws {
        parameters[try index(of: name)].value = value
        lastMinimum = nil
    }

    public func setStep(_ name: String, _ step: Double) throws {
        parameters[try index(of: name)].step = step
    }

    public func fix(_ name: String, _ fixed: Bool = true) throws {
        parameters[try index(of: name)].isFixed = fixed
        invalidate()
    }

    private func invalidate() {
        lastMinimum = nil
        seedInvHessian = nil
    }

    private func makeFunction(calls: Int = 0) -> CountingFunction {
        let cost = self.cost
        return CountingFunction(function: { cost.value($0) }, transformation: Transformation(parameters),
                                up: cost.errordef, calls: calls)
    }

    private func adopt(_ m: FunctionMinimum) {
        lastMinimum = m
        let state = UserState(minimum: m)
        parameters = state.parameters
        seedInvHessian = state.invHessian
    }

    /// Runs MIGRAD; like iminuit, an invalid minimum is retried (up to `iterate` runs) with strategy 2,
    /// each retry preceded by SIMPLEX when `useSimplex`.
    @discardableResult
    public func migrad(ncall: Int? = nil, iterate: Int = 5, useSimplex: Bool = true) -> FitResult {
        var strat = Strategy(strategy)
        var remaining = iterate
        var m = runMigrad(strat, ncall: ncall)
        if !m.isValid && !m.hasReachedCallLimit && remaining > 1 { strat = Strategy(2) }
        while !m.isValid && !m.hasReachedCallLimit && remaining > 1 {
            if useSimplex { _ = runSimplex(ncall: ncall) }
            m = runMigrad(strat, ncall: ncall)
            remaining -= 1
        }
        minosErrors = [:]
        lastMethod = "Migrad"
        return result
    }

    private func runMigrad(_ strat: Strategy, ncall: Int?) -> FunctionMinimum {
        let fcn = makeFunction()
        let m = Migrad(strategy: strat).minimize(fcn, start: fcn.transformation.internalValues(),
                                                 initialInvHessian: seedInvHessian, maxCalls: ncall ?? 0,
                                                 tolerance: tolerance)
        nfcn += fcn.calls
        adopt(m)
        return m
    }

    /// Runs SIMPLEX (no derivatives, no error matrix; errors are the simplex spread).
    @discardableResult
    public func simplex(ncall: Int? = nil) -> FitResult {
        runSimplex(ncall: ncall)
        minosErrors = [:]
        lastMethod = "Simplex"
        return result
    }

    @discardableResult
    private func runSimplex(ncall: Int?) -> FunctionMinimum {
        let fcn = makeFunction()
        let m = Simplex().minimize(fcn, start: fcn.transformation.internalValues(), maxCalls: ncall ?? 0,
                                   tolerance: tolerance)
        nfcn += fcn.calls
        adopt(m)
        return m
    }

    /// Runs HESSE at the last minimum (or at the current values if there is none).
    @discardableResult
    public func hesse(ncall: Int? = nil) -> FitResult {
        let strat = Strategy(strategy)
        if var m = lastMinimum {
            let fcn = makeFunction(calls: m.state.nfcn)
            let start = fcn.calls
            let st = Hesse(strategy: strat)(fcn, state: m.state, maxCalls: ncall ?? 0)
            nfcn += fcn.calls - start
            m.state = st
            m.isAboveMaxEdm = false
            m.hasReachedCallLimit = st.error.status == .reachedCallLimit
            adopt(m)
        } else {
            lastMethod = "Hesse"
            let fcn = makeFunction()
            let x = fcn.transformation.internalValues()
            let fval = fcn(x)
            let grad = NumericalGradient(fcn: fcn, strategy: strat)(x: x, fval: fval)
            let start = MinimumState(x: x, fval: fval, error: MinimumError(SymmetricMatrix(size: x.count), status: .unset),
                                     gradient: grad, edm: 0, nfcn: fcn.calls)
            let st = Hesse(strategy: strat)(fcn, state: start, maxCalls: ncall ?? 0)
            nfcn += fcn.calls
            let goal = 0.002 * max(tolerance * cost.errordef, MachinePrecision.eps2)
            adopt(FunctionMinimum(state: st, transformation: fcn.transformation, up: cost.errordef,
                                  hasReachedCallLimit: st.error.status == .reachedCallLimit, edmGoal: goal))
        }
        return result
    }

    /// Runs MINOS for the named parameters (all free ones when empty) at a valid minimum.
    @discardableResult
    public func minos(_ names: [String] = [], ncall: Int? = nil) throws -> FitResult {
        guard let m = lastMinimum, m.isValid else {
            throw FitError.noValidMinimum("run migrad() to a valid minimum before minos()")
        }
        let chosen = try (names.isEmpty ? parameters.filter { !$0.isFixed }.map(\.name) : names).map { try index(of: $0) }
        let cost = self.cost
        let function: ([Double]) -> Double = { cost.value($0) }
        let base = UserState(minimum: m)
        let trafo = m.transformation
        let nvar = trafo.freeCount
        let maxCalls = ncall ?? 2 * (nvar + 1) * (200 + 100 * nvar + 5 * nvar * nvar)
        let cross = FunctionCross(cost: function, up: m.up, fmin: m.state.fval, strategy: Strategy(strategy))
        for e in chosen {
            guard let ind = trafo.externalOfInternal.firstIndex(of: e) else {
                throw FitError.fixedParameter(parameters[e].name)
            }
            var sides: [(Double, MinosOutcome, Int)] = []
            for direction in [-1.0, 1.0] {
                var upar = base
                let p = upar.parameters[e]
                var val = p.value + direction * p.step
                if direction > 0, let up = p.upper { val = min(val, up) }
                if direction < 0, let lo = p.lower { val = max(val, lo) }
                let err = val - p.value
                let v = m.state.error.invHessian
                let xunit = (m.up / (2 * v[ind, ind])).squareRoot()
                for i in 0..<nvar where i != ind {
                    let xnew = m.state.x[i] + direction * xunit * 2 * v[ind, i]
                    let ext = trafo.externalOfInternal[i]
                    var unew = trafo.toExternal(internal: i, xnew)
                    if let up = upar.parameters[ext].upper { unew = min(unew, up) }
                    if let lo = upar.parameters[ext].lower { unew = max(unew, lo) }
                    upar.parameters[ext].value = unew
                }
                upar.fix(e)
                let c = cross(state: upar, par: e, pmid: val, pdir: err, tolerance: tolerance, maxCalls: maxCalls)
                nfcn += c.nfcn
                // MinosError: the crossing's distance from the minimum; the limit itself when the scan ends
                // there; the HESSE error when the search failed.
                let delta: Double
                switch c.outcome {
                case .valid: delta = err * (1 + c.aopt)
                case .atLimit: delta = ((direction < 0 ? p.lower : p.upper) ?? (val + c.aopt * err)) - p.value
                default: delta = direction * p.step
                }
                sides.append((delta, c.outcome, c.nfcn))
            }
            minosErrors[parameters[e].name] = MinosError(lower: sides[0].0, upper: sides[1].0,
                                                         lowerOutcome: sides[0].1, upperOutcome: sides[1].1,
                                                         nfcn: sides[0].2 + sides[1].2)
        }
        return result
    }

    /// The current state as a result (values, errors, covariance, flags).
    public var result: FitResult {
        FitResult(minuit: self, minimum: lastMinimum, method: lastMethod)
    }

    var currentMinimum: FunctionMinimum? { lastMinimum }
}
