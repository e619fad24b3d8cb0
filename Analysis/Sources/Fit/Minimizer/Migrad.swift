/// The outcome of one minimisation (MINUIT's FunctionMinimum).
struct FunctionMinimum {
    var state: MinimumState
    var transformation: Transformation
    var up: Double
    var isAboveMaxEdm = false
    var hasReachedCallLimit = false
    var edmGoal: Double

    var isValid: Bool { state.error.isValid && !isAboveMaxEdm && !hasReachedCallLimit }
}

/// MIGRAD: variable-metric minimisation with Davidon/BFGS updates of the inverse Hessian
/// (MnSeedGenerator + VariableMetricBuilder), in internal coordinates.
struct Migrad {
    let strategy: Strategy

    /// Minimises from `start` (internal values); `initialCovariance` is an inverse Hessian to seed with.
    func minimize(_ fcn: CountingFunction, start: [Double], initialInvHessian: SymmetricMatrix?,
                  maxCalls: Int, tolerance: Double) -> FunctionMinimum {
        let n = start.count
        let maxfcn = maxCalls > 0 ? maxCalls : 200 + 100 * n + 5 * n * n
        var effectiveTolerance = tolerance * fcn.up
        if effectiveTolerance < MachinePrecision.eps2 { effectiveTolerance = MachinePrecision.eps2 }
        let edmval = effectiveTolerance * 0.002
        let seedState = seed(fcn, start: start, initialInvHessian: initialInvHessian)
        var minimum = FunctionMinimum(state: seedState, transformation: fcn.transformation, up: fcn.up,
                                      edmGoal: edmval)
        if n == 0 { return minimum }
        if fcn.calls >= maxfcn {
            minimum.hasReachedCallLimit = true
            return minimum
        }
        if seedState.edm < 0 {
            minimum.isAboveMaxEdm = true
            return minimum
        }

        var maxfcnEffective = maxfcn
        var ipass = 0
        var latest = seedState
        var edm = seedState.edm
        var iterate = false
        repeat {
            iterate = false
            let inner = iterations(fcn, from: latest, maxCalls: maxfcnEffective, edmval: edmval)
            latest = inner.state
            minimum.state = latest
            minimum.isAboveMaxEdm = inner.aboveMaxEdm
            minimum.hasReachedCallLimit = inner.callLimit
            if inner.callLimit { return minimum }
            if ipass > 0 && !minimum.isValid { return minimum }
            edm = latest.edm
            if strategy.level >= 2 || (strategy.level == 1 && latest.error.dcovar > 0.05) {
                let st = Hesse(strategy: strategy, forcePosDef: true)(fcn, state: latest, maxCalls: maxfcn)
                latest = st
                if !st.error.isValid {
                    break
                }
                edm = st.edm
                if edm > edmval {
                    let machineLimit = abs(MachinePrecision.eps2 * st.fval)
                    if edm >= machineLimit { iterate = true }
                }
            }
            if ipass == 0 { maxfcnEffective = Int(Double(maxfcn) * 1.3) }
            ipass += 1
        } while iterate

        if edm > 10 * edmval {
            minimum.state = latest
            minimum.isAboveMaxEdm = true
            minimum.hasReachedCallLimit = false
        } else if latest.error.status == .reachedCallLimit {
            minimum.state = latest
            minimum.isAboveMaxEdm = false
            minimum.hasReachedCallLimit = true
        } else if latest.error.isAvailable {
            minimum.state = latest
            minimum.isAboveMaxEdm = false
            minimum.hasReachedCallLimit = false
        }
        return minimum
    }

    /// MnSeedGenerator: value, numerical gradient, diagonal inverse Hessian; a line search on
    /// negative curvature; a full HESSE for strategy 2.
    func seed(_ fcn: CountingFunction, start x: [Double], initialInvHessian: SymmetricMatrix?) -> MinimumState {
        let n = x.count
        let fval = fcn(x)
        let gc = NumericalGradient(fcn: fcn, strategy: strategy)
        let grad = gc(x: x, fval: fval)
        var mat = SymmetricMatrix(size: n)
        var dcovar = 1.0
        if let v = initialInvHessian {
            mat = v
            dcovar = 0
        } else {
            for i in 0..<n { mat[i, i] = abs(grad.g2[i]) > MachinePrecision.eps2 ? 1 / grad.g2[i] : 1 }
        }
        let err = MinimumError(mat, dcovar: dcovar)
        var state = MinimumState(x: x, fval: fval, error: err, gradient: grad,
                                 edm: estimatedDistanceToMinimum(grad, err), nfcn: fcn.calls)
        if grad.g2.contains(where: { $0 <= 0 }) {
            state = negativeCurvatureSearch(fcn, state: state, gc: gc)
        }
        if strategy.level == 2 && initialInvHessian == nil {
            return Hesse(strategy: strategy)(fcn, state: state, maxCalls: 0)
        }
        return state
    }

    /// NegativeG2LineSearch: steps along parameters with negative second derivative.
    private func negativeCurvatureSearch(_ fcn: CountingFunction, state st: MinimumState,
                                         gc: NumericalGradient) -> MinimumState {
        let n = st.x.count
        var dgrad = st.gradient
        var x = st.x
        var fval = st.fval
        var iterate = false
        var iter = 0
        repeat {
            iterate = false
            for i in 0..<n where dgrad.g2[i] <= 0 {
                if abs(dgrad.grad[i]) < MachinePrecision.eps && abs(dgrad.g2[i]) < MachinePrecision.eps { continue }
                var step = [Double](repeating: 0, count: n)
                step[i] = dgrad.grad[i] < 0 ? dgrad.gstep[i] : -dgrad.gstep[i]
                let gdel = step[i] * dgrad.grad[i]
                let pp = lineSearch(fcn, x: x, fval: fval, step: step, gdel: gdel)
                x[i] += pp.lambda * step[i]
                fval = pp.fval
                dgrad = gc.compute(x: x, fval: fval, previous: dgrad)
                iterate = true
                break
            }
            iter += 1
        } while iter <= 2 * n && iterate
        var mat = SymmetricMatrix(size: n)
        for i in 0..<n { mat[i, i] = abs(dgrad.g2[i]) > MachinePrecision.eps2 ? 1 / dgrad.g2[i] : 1 }
        let err = MinimumError(mat, dcovar: 1)
        return MinimumState(x: x, fval: fval, error: err, gradient: dgrad,
                            edm: estimatedDistanceToMinimum(dgrad, err), nfcn: fcn.calls)
    }

    /// The variable-metric loop until EDM·(1+3·dcovar) < goal or the call limit.
    private func iterations(_ fcn: CountingFunction, from initial: MinimumState, maxCalls: Int, edmval: Double)
        -> (state: MinimumState, aboveMaxEdm: Bool, callLimit: Bool)
    {
        let gc = NumericalGradient(fcn: fcn, strategy: strategy)
        var s0 = initial
        var edm = initial.edm * (1 + 3 * initial.error.dcovar)
        repeat {
            var step = s0.error.invHessian.times(s0.gradient.grad).map { -$0 }
            if dot(s0.gradient.grad, s0.gradient.grad) <= 0 { break }
            var gdel = dot(step, s0.gradient.grad)
            if gdel > 0 {
                s0.error = makePositiveDefinite(s0.error)
                step = s0.error.invHessian.times(s0.gradient.grad).map { -$0 }
                gdel = dot(step, s0.gradient.grad)
                if gdel > 0 { return (s0, false, false) }
            }
            let pp = lineSearch(fcn, x: s0.x, fval: s0.fval, step: step, gdel: gdel)
            if abs(pp.fval - s0.fval) <= abs(s0.fval) * MachinePrecision.eps { break }
            let x = zip(s0.x, step).map { $0 + pp.lambda * $1 }
            let g = gc.compute(x: x, fval: pp.fval, previous: s0.gradient)
            var newEdm = estimatedDistanceToMinimum(g, s0.error)
            if newEdm.isNaN { return (s0, false, false) }
            if newEdm < 0 {
                s0.error = makePositiveDefinite(s0.error)
                newEdm = estimatedDistanceToMinimum(g, s0.error)
                if newEdm < 0 { return (s0, false, false) }
            }
            let e = davidonUpdate(s0, x: x, g: g)
            s0 = MinimumState(x: x, fval: pp.fval, error: e, gradient: g, edm: newEdm, nfcn: fcn.calls)
            edm = newEdm * (1 + 3 * e.dcovar)
        } while edm > edmval && fcn.calls < maxCalls

        if fcn.calls >= maxCalls { return (s0, false, true) }
        if edm > edmval {
            if edm < 10 * edmval { return (s0, false, false) }
            if edm < abs(MachinePrecision.eps2 * s0.fval) { return (s0, false, false) }
            return (s0, true, false)
        }
        return (s0, false, false)
    }

    /// Davidon's rank-two update, with the rank-one term that makes it BFGS when δ > γ.
    private func davidonUpdate(_ s0: MinimumState, x: [Double], g: FunctionGradient) -> MinimumError {
        let v0 = s0.error.invHessian
        let dx = zip(x, s0.x).map { $0 - $1 }
        let dg = zip(g.grad, s0.gradient.grad).map { $0 - $1 }
        let delgam = dot(dx, dg)
        let gvg = v0.similarity(dg)
        if delgam == 0 || gvg <= 0 { return s0.error }
        let vg = v0.times(dg)
        var vUpd = (1 / delgam) * SymmetricMatrix.outer(dx) + (-1 / gvg) * SymmetricMatrix.outer(vg)
        if delgam > gvg {
            let u = zip(dx, vg).map { $0 / delgam - $1 / gvg }
            vUpd = vUpd + gvg * SymmetricMatrix.outer(u)
        }
        let sumUpd = vUpd.absoluteSumOfUpperTriangle
        vUpd = vUpd + v0
        let dcov = 0.5 * (s0.error.dcovar + sumUpd / vUpd.absoluteSumOfUpperTriangle)
        return MinimumError(vUpd, dcovar: dcov)
    }
}

