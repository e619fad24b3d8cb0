/// MINUIT's HESSE (MnHesse): the full second-derivative matrix by finite differences, inverted.
struct Hesse {
    let strategy: Strategy
    var forcePosDef = true

    func callAsFunction(_ fcn: CountingFunction, state st: MinimumState, maxCalls: Int) -> MinimumState {
        let trafo = fcn.transformation
        let eps2 = MachinePrecision.eps2
        let amin = fcn(st.x)
        let aimsag = eps2.squareRoot() * (abs(amin) + fcn.up)
        let n = st.x.count
        let maxcalls = maxCalls > 0 ? maxCalls : 200 + 100 * n + 5 * n * n
        var vhmat = SymmetricMatrix(size: n)
        var g2 = st.gradient.g2, gst = st.gradient.gstep, grd = st.gradient.grad
        var dirin = st.gradient.gstep
        var yy = [Double](repeating: 0, count: n)
        var x = st.x

        func diagonalFallback(_ status: MinimumError.Status) -> MinimumState {
            var m = SymmetricMatrix(size: n)
            for j in 0..<n {
                let t = g2[j] < eps2 ? 1 : 1 / g2[j]
                m[j, j] = t < eps2 ? 1 : t
            }
            return MinimumState(x: st.x, fval: st.fval, error: MinimumError(m, status: status),
                                gradient: st.gradient, edm: st.edm, nfcn: fcn.calls)
        }

        for i in 0..<n {
            let xtf = x[i]
            let dmin = 8 * eps2 * (abs(xtf) + eps2)
            var d = max(abs(gst[i]), dmin)
            let limited = trafo.hasLimits(internal: i)
            for _ in 0..<strategy.hessianCycles {
                var sag = 0.0, fs1 = 0.0, fs2 = 0.0
                var found = false
                for _ in 0..<5 {
                    x[i] = xtf + d
                    fs1 = fcn(x)
                    x[i] = xtf - d
                    fs2 = fcn(x)
                    x[i] = xtf
                    sag = 0.5 * (fs1 + fs2 - 2 * amin)
                    if sag != 0 { found = true; break }
                    if limited {
                        if d > 0.5 { break }
                        d *= 10
                        if d > 0.5 { d = 0.51 }
                        continue
                    }
                    d *= 10
                }
                if !found { return diagonalFallback(.hesseFailed) }
                let g2bfor = g2[i]
                g2[i] = 2 * sag / (d * d)
                grd[i] = (fs1 - fs2) / (2 * d)
                gst[i] = d
                dirin[i] = d
                yy[i] = fs1
                let dlast = d
                d = (2 * aimsag / abs(g2[i])).squareRoot()
                if limited { d = min(0.5, d) }
                if d < dmin { d = dmin }
                if abs((d - dlast) / d) < strategy.hessianStepTolerance { break }
                if abs((g2[i] - g2bfor) / g2[i]) < strategy.hessianG2Tolerance { break }
                d = min(d, 10 * dlast)
                d = max(d, 0.1 * dlast)
            }
            vhmat[i, i] = g2[i]
            if fcn.calls > maxcalls { return diagonalFallback(.reachedCallLimit) }
        }

        if strategy.level > 0 {
            let refined = NumericalGradient(fcn: fcn, strategy: strategy)
                .refinedForHessian(x: st.x, fval: st.fval, gradient: FunctionGradient(grad: grd, g2: g2, gstep: gst))
            grd = refined.grad
            gst = refined.gstep
        }

        // Off-diagonal elements from one extra call each.
        for i in 0..<n {
            x[i] += dirin[i]
            for j in (i + 1)..<max(n, i + 1) {
                x[j] += dirin[j]
                let fs1 = fcn(x)
                vhmat[i, j] = (fs1 + amin - yy[i] - yy[j]) / (dirin[i] * dirin[j])
                x[j] -= dirin[j]
            }
            x[i] -= dirin[i]
        }

        let posdef = makePositiveDefinite(MinimumError(vhmat, dcovar: 1))
        if forcePosDef { vhmat = posdef.invHessian }
        guard let inverse = vhmat.inverted() else { return diagonalFallback(.invertFailed) }
        let gradient = FunctionGradient(grad: grd, g2: g2, gstep: gst)
        let error = posdef.status == .madePosDef
            ? MinimumError(inverse, status: forcePosDef ? .madePosDef : .notPosDef)
            : MinimumError(inverse, dcovar: 0)
        return MinimumState(x: st.x, fval: st.fval, error: error, gradient: gradient,
                            edm: estimatedDistanceToMinimum(gradient, error), nfcn: fcn.calls)
    }
}
