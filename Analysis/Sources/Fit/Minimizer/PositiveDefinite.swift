/// Forces an error matrix positive-definite as MnPosDef does (diagonal shift, then eigenvalue check).
func makePositiveDefinite(_ e: MinimumError) -> MinimumError {
    let eps = MachinePrecision.eps, eps2 = MachinePrecision.eps2
    var err = e.invHessian
    let n = err.size
    if n == 1 {
        if err[0, 0] < eps {
            err[0, 0] = 1
            return MinimumError(err, status: .madePosDef)
        }
        return e
    }
    let epspdf = max(1e-6, eps2)
    var dgmin = err[0, 0]
    for i in 0..<n where err[i, i] < dgmin { dgmin = err[i, i] }
    var dg = 0.0
    if dgmin <= 0 { dg = 0.5 + epspdf - dgmin }
    var p = SymmetricMatrix(size: n)
    var s = [Double](repeating: 0, count: n)
    for i in 0..<n {
        err[i, i] += dg
        if err[i, i] < 0 { err[i, i] = 1 }
        s[i] = 1 / err[i, i].squareRoot()
        for j in 0...i { p[i, j] = err[i, j] * s[i] * s[j] }
    }
    let eval = p.eigenvalues()
    let pmin = eval[0]
    let pmax = max(abs(eval[n - 1]), 1)
    if pmin > epspdf * pmax { return MinimumError(err, dcovar: e.dcovar) }
    let padd = 0.001 * pmax - pmin
    for i in 0..<n { err[i, i] *= (1 + padd) }
    return MinimumError(err, status: .madePosDef)
}
