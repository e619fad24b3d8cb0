import Foundation

/// Regularised lower incomplete gamma P(a, x) (series below a+1, continued fraction above).
public func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
    guard x > 0, a > 0 else { return 0 }
    if x < a + 1 {
        var sum = 1 / a, term = 1 / a, ap = a
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }
    return 1 - regularizedGammaQ(a, x)
}

/// Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x).
public func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
    guard x > 0, a > 0 else { return 1 }
    if x < a + 1 { return 1 - regularizedGammaP(a, x) }
    // Lentz's continued fraction.
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16 { break }
    }
    return exp(-x + a * log(x) - lgamma(a)) * h
}

/// P(χ² ≥ value) for `dof` degrees of freedom (the fit p-value).
public func chiSquareSurvival(_ value: Double, dof: Double) -> Double {
    regularizedGammaQ(0.5 * dof, 0.5 * value)
}
