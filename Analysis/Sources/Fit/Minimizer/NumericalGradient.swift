/// Numerical first and second derivatives in internal coordinates, with MINUIT's step-size
/// iteration (InitialGradientCalculator, Numerical2PGradientCalculator, HessianGradientCalculator).
struct NumericalGradient {
    let fcn: CountingFunction
    let strategy: Strategy

    /// Rough first estimate from the user's step sizes (no function calls).
    func initial(at x: [Double]) -> FunctionGradient {
        let trafo = fcn.transformation
        let eps2 = MachinePrecision.eps2
        var gr = [Double](), g2 = [Double](), gs = [Double]()
        for i in 0..<x.count {
            let e = trafo.externalOfInternal[i]
            let p = trafo.parameters[e]
            let v = x[i]
            let werr = p.step
            let sav = trafo.toExternal(internal: i, v)
            var sav2 = sav + werr
            if let up = p.upper, sav2 > up { sav2 = up }
            let vplu = trafo.toInternal(external: e, sav2) - v
            sav2 = sav - werr
            if let lo = p.lower, sav2 < lo { sav2 = lo }
            let vmin = trafo.toInternal(external: e, sav2) - v
            let gsmin = 8 * eps2 * (abs(v) + eps2)
            let dirin = max(0.5 * (abs(vplu) + abs(vmin)), gsmin)
            let second = 2 * fcn.up / (dirin * dirin)
            var step = max(gsmin, 0.1 * dirin)
            if p.transform.hasLimits, step > 0.5 { step = 0.5 }
            gr.append(second * dirin)
            g2.append(second)
            gs.append(step)
        }
        return FunctionGradient(grad: gr, g2: g2, gstep: gs)
    }

    func callAsFunction(x: [Double], fval: Double) -> FunctionGradient {
        compute(x: x, fval: fval, previous: initial(at: x))
    }

    /// Two-point central differences, iterating each step towards the optimal size.
    func compute(x xIn: [Double], fval: Double, previous: FunctionGradient) -> FunctionGradient {
        let eps2 = MachinePrecision.eps2, eps = MachinePrecision.eps
        let dfmin = 8 * eps2 * (abs(fval) + fcn.up)
        let vrysml = 8 * eps * eps
        var grd = previous.grad, g2 = previous.g2, gstep = previous.gstep
        var x = xIn
        for i in 0..<x.count {
            let xtf = x[i]
            let epspri = eps2 + abs(grd[i] * eps2)
            var stepb4 = 0.0
            let limited = fcn.transformation.hasLimits(internal: i)
            for _ in 0..<strategy.gradientCycles {
                let optstp = (dfmin / (abs(g2[i]) + epspri)).squareRoot()
                var step = max(optstp, abs(0.1 * gstep[i]))
                if limited, step > 0.5 { step = 0.5 }
                let stpmax = 10 * abs(gstep[i])
                if step > stpmax { step = stpmax }
                let stpmin = max(vrysml, 8 * abs(eps2 * x[i]))
                if step < stpmin { step = stpmin }
                if abs((step - stepb4) / step) < strategy.gradientStepTolerance { break }
                gstep[i] = step
                stepb4 = step
                x[i] = xtf + step
                let fs1 = fcn(x)
                x[i] = xtf - step
                let fs2 = fcn(x)
                x[i] = xtf
                let grdb4 = grd[i]
                grd[i] = 0.5 * (fs1 - fs2) / step
                g2[i] = (fs1 + fs2 - 2 * fval) / step / step
                if abs(grdb4 - grd[i]) / (abs(grd[i]) + dfmin / step) < strategy.gradientTolerance { break }
            }
        }
        return FunctionGradient(grad: grd, g2: g2, gstep: gstep)
    }

    /// Refines first derivatives with shrinking steps (used by HESSE for strategy ≥ 1).
    func refinedForHessian(x xIn: [Double], fval: Double, gradient: FunctionGradient) -> FunctionGradient {
        let eps2 = MachinePrecision.eps2, eps = MachinePrecision.eps
        var x = xIn
        var grd = gradient.grad
        var gstep = gradient.gstep
        let g2 = gradient.g2
        let dfmin = 4 * eps2 * (abs(fval) + fcn.up)
        for i in 0..<x.count {
            let xtf = x[i]
            let dmin = 4 * eps2 * (xtf + eps2)
            let epspri = eps2 + abs(grd[i] * eps2)
            let optstp = (dfmin / (abs(g2[i]) + epspri)).squareRoot()
            var d = 0.2 * abs(gstep[i])
            if d > optstp { d = optstp }
            if d < dmin { d = dmin }
            var chgold = 10000.0
            for j in 0..<strategy.hessianGradientCycles {
                x[i] = xtf + d
                let fs1 = fcn(x)
                x[i] = xtf - d
                let fs2 = fcn(x)
                x[i] = xtf
                let grdold = grd[i]
                let grdnew = (fs1 - fs2) / (2 * d)
                let dgmin = eps * (abs(fs1) + abs(fs2)) / d
                if grdnew == 0 { break }
                let change = abs((grdold - grdnew) / grdnew)
                if change > chgold && j > 1 { break }
                chgold = change
                grd[i] = grdnew
                gstep[i] = d
                if change < 0.05 { break }
                if abs(grdold - grdnew) < dgmin { break }
                if d < dmin { break }
                d *= 0.2
            }
        }
        return FunctionGradient(grad: grd, g2: g2, gstep: gstep)
    }
}
