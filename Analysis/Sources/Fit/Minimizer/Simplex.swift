/// MINUIT's SIMPLEX (Nelder–Mead as in Minuit2's SimplexBuilder): no derivatives; iminuit runs it
/// between MIGRAD attempts when a minimum is not valid.
struct Simplex {
    func minimize(_ fcn: CountingFunction, start: [Double], maxCalls: Int, tolerance: Double) -> FunctionMinimum {
        let n = start.count
        let maxfcn = maxCalls > 0 ? maxCalls : 200 + 100 * n + 5 * n * n
        var minedm = tolerance * fcn.up
        if minedm < MachinePrecision.eps2 { minedm = MachinePrecision.eps2 }
        // Seed: one call and the initial (call-free) gradient for the step sizes.
        let fval = fcn(start)
        let seedGradient = NumericalGradient(fcn: fcn, strategy: Strategy(1)).initial(at: start)
        var seedMatrix = SymmetricMatrix(size: n)
        for i in 0..<n { seedMatrix[i, i] = abs(seedGradient.g2[i]) > MachinePrecision.eps2 ? 1 / seedGradient.g2[i] : 1 }
        let seedError = MinimumError(seedMatrix, dcovar: 1)
        let seedState = MinimumState(x: start, fval: fval, error: seedError, gradient: seedGradient,
                                     edm: estimatedDistanceToMinimum(seedGradient, seedError), nfcn: fcn.calls)
        var minimum = FunctionMinimum(state: seedState, transformation: fcn.transformation, up: fcn.up, edmGoal: minedm)
        if n == 0 { return minimum }
        if fcn.calls >= maxfcn {
            minimum.hasReachedCallLimit = true
            return minimum
        }

        let alpha = 1.0, beta = 0.5, gamma = 2.0, rhomin = 4.0, rhomax = 8.0
        let rho1 = 1 + alpha, rho2 = 1 + alpha * gamma
        let wg = 1 / Double(n)
        var x = start
        let step = seedGradient.gstep.map { 10 * $0 }
        var simplex = SimplexPoints(points: [(fval, x)])
        for i in 0..<n {
            let dmin = 8 * MachinePrecision.eps2 * (abs(x[i]) + MachinePrecision.eps2)
            let s = max(step[i], dmin)
            x[i] += s
            simplex.points.append((fcn(x), x))
            x[i] -= s
        }
        simplex.findExtremes()

        func combine(_ a: Double, _ p: [Double], _ b: Double, _ q: [Double]) -> [Double] {
            zip(p, q).map { a * $0 + b * $1 }
        }
        var edmPrev = simplex.edm
        repeat {
            let jl = simplex.jl, jh = simplex.jh
            let amin = simplex.points[jl].f
            edmPrev = simplex.edm
            var pbar = [Double](repeating: 0, count: n)
            for i in 0...n where i != jh { for k in 0..<n { pbar[k] += wg * simplex.points[i].x[k] } }
            let pstar = combine(1 + alpha, pbar, -alpha, simplex.points[jh].x)
            let ystar = fcn(pstar)
            if ystar > amin {
                if ystar < simplex.points[jh].f {
                    simplex.update(ystar, pstar)
                    if jh != simplex.jh { continue }
                }
                let pstst = combine(beta, simplex.points[jh].x, 1 - beta, pbar)
                let ystst = fcn(pstst)
                if ystst > simplex.points[jh].f { break }
                simplex.update(ystst, pstst)
                continue
            }
            var pstst = combine(gamma, pstar, 1 - gamma, pbar)
            var ystst = fcn(pstst)
            let y1 = (ystar - simplex.points[jh].f) * rho2
            let y2 = (ystst - simplex.points[jh].f) * rho1
            var rho = 0.5 * (rho2 * y1 - rho1 * y2) / (y1 - y2)
            if rho < rhomin {
                if ystst < simplex.points[simplex.jl].f { simplex.update(ystst, pstst) } else { simplex.update(ystar, pstar) }
                continue
            }
            if rho > rhomax { rho = rhomax }
            let prho = combine(rho, pbar, 1 - rho, simplex.points[jh].x)
            let yrho = fcn(prho)
            if yrho < simplex.points[simplex.jl].f && yrho < ystst {
                simplex.update(yrho, prho)
                continue
            }
            if ystst < simplex.points[simplex.jl].f {
                simplex.update(ystst, pstst)
                continue
            }
            if yrho > simplex.points[simplex.jl].f {
                if ystst < simplex.points[simplex.jl].f { simplex.update(ystst, pstst) } else { simplex.update(ystar, pstar) }
                continue
            }
            if ystar > simplex.points[jh].f {
                pstst = combine(beta, simplex.points[jh].x, 1 - beta, pbar)
                ystst = fcn(pstst)
                if ystst > simplex.points[jh].f { break }
                simplex.update(ystst, pstst)
            }
        } while (simplex.edm > minedm || edmPrev > minedm) && fcn.calls < maxfcn

        let jh = simplex.jh
        var pbar = [Double](repeating: 0, count: n)
        for i in 0...n where i != jh { for k in 0..<n { pbar[k] += wg * simplex.points[i].x[k] } }
        var ybar = fcn(pbar)
        if ybar < simplex.points[simplex.jl].f {
            simplex.update(ybar, pbar)
        } else {
            pbar = simplex.points[simplex.jl].x
            ybar = simplex.points[simplex.jl].f
        }
        let scale = (fcn.up / simplex.edm).squareRoot()
        let dirin = simplex.spread().map { $0 * scale }
        minimum.state = MinimumState(x: pbar, fval: ybar, error: MinimumError(SymmetricMatrix(size: n), status: .unset),
                                     gradient: seedGradient, edm: simplex.edm, nfcn: fcn.calls, dirin: dirin)
        if fcn.calls > maxfcn {
            minimum.hasReachedCallLimit = true
        } else if simplex.edm > minedm {
            minimum.isAboveMaxEdm = true
        }
        return minimum
    }
}

/// The n + 1 points of a simplex with the indices of the lowest and highest function values.
private struct SimplexPoints {
    var points: [(f: Double, x: [Double])]
    var jl = 0, jh = 0

    var edm: Double { points[jh].f - points[jl].f }

    mutating func findExtremes() {
        jl = 0; jh = 0
        for i in 1..<points.count {
            if points[i].f < points[jl].f { jl = i }
            if points[i].f > points[jh].f { jh = i }
        }
    }

    /// Replaces the highest point (SimplexParameters::Update).
    mutating func update(_ y: Double, _ p: [Double]) {
        points[jh] = (y, p)
        if y < points[jl].f { jl = jh }
        var h = 0
        for i in 1..<points.count where points[i].f > points[h].f { h = i }
        jh = h
    }

    /// Per-coordinate extent of the simplex.
    func spread() -> [Double] {
        (0..<(points.count - 1)).map { k in
            let values = points.map { $0.x[k] }
            return (values.max() ?? 0) - (values.min() ?? 0)
        }
    }
}
