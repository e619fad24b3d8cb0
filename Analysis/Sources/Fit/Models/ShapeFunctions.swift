import Foundation

/// Line shapes with ROOT's definitions (TMath / ROOT::Math), used by the built-in models.
public enum Shapes {
    /// Landau density (CERNLIB G110 DENLAN rational approximations, as TMath::Landau with norm = false):
    /// the standard density at (x − mpv)/sigma, not divided by sigma.
    public static func landau(_ x: Double, mpv: Double, sigma: Double) -> Double {
        guard sigma > 0 else { return 0 }
        let v = (x - mpv) / sigma
        func ratio(_ p: [Double], _ q: [Double], _ t: Double) -> Double {
            (p[0] + (p[1] + (p[2] + (p[3] + p[4] * t) * t) * t) * t)
                / (q[0] + (q[1] + (q[2] + (q[3] + q[4] * t) * t) * t) * t)
        }
        switch v {
        case ..<(-5.5):
            let u = exp(v + 1)
            if u < 1e-10 { return 0 }
            let ue = exp(-1 / u), us = u.squareRoot()
            return 0.3989422803 * (ue / us) * (1 + (0.04166666667 + (-0.01996527778 + 0.02709538966 * u) * u) * u)
        case ..<(-1):
            let u = exp(-v - 1)
            return exp(-u) * u.squareRoot() * ratio(LandauTable.p1, LandauTable.q1, v)
        case ..<1: return ratio(LandauTable.p2, LandauTable.q2, v)
        case ..<5: return ratio(LandauTable.p3, LandauTable.q3, v)
        case ..<12:
            let u = 1 / v
            return u * u * ratio(LandauTable.p4, LandauTable.q4, u)
        case ..<50:
            let u = 1 / v
            return u * u * ratio(LandauTable.p5, LandauTable.q5, u)
        case ..<300:
            let u = 1 / v
            return u * u * ratio(LandauTable.p6, LandauTable.q6, u)
        default:
            let u = 1 / (v - v * log(v) / (v + 1))
            return u * u * (1 + (-1.845568670 + -4.284640743 * u) * u)
        }
    }

    /// Crystal Ball shape as ROOT::Math::crystalball_function (peak value 1 at the mean).
    public static func crystalBall(_ x: Double, mean: Double, sigma: Double, alpha: Double, n: Double) -> Double {
        guard sigma != 0 else { return 0 }
        var z = (x - mean) / sigma
        if alpha < 0 { z = -z }
        let a = abs(alpha)
        if z > -a { return exp(-0.5 * z * z) }
        let nOverA = n / a
        let aa = exp(-0.5 * a * a)
        let b = nOverA - a
        return aa * pow(nOverA / (b - z), n)
    }

    /// Breit–Wigner density (TMath::BreitWigner): (Γ/2π) / ((x − m)² + Γ²/4).
    public static func breitWigner(_ x: Double, mean: Double, gamma: Double) -> Double {
        let half = gamma / 2
        return half / (Double.pi * ((x - mean) * (x - mean) + half * half))
    }

    /// Voigt density (TMath::Voigt): a gaussian of width sigma convolved with a Breit–Wigner of full
    /// width lg, from the Faddeeva function: Re w(z) / (σ√(2π)), z = (x + i·lg/2)/(σ√2).
    public static func voigt(_ x: Double, sigma: Double, lg: Double) -> Double {
        let s = abs(sigma), g = abs(lg)
        if s == 0 { return breitWigner(x, mean: 0, gamma: g) }
        if g == 0 { return exp(-0.5 * x * x / (s * s)) / (s * (2 * Double.pi).squareRoot()) }
        let scale = 1 / (s * 2.0.squareRoot())
        let w = Faddeeva.w(re: x * scale, im: 0.5 * g * scale)
        return w.re / (s * (2 * Double.pi).squareRoot())
    }
}

/// CERNLIB G110 (DENLAN) coefficients, as published and used by ROOT and GSL.
enum LandauTable {
    static let p1 = [0.4259894875, -0.1249762550, 0.03984243700, -0.006298287635, 0.001511162253]
    static let q1 = [1.0, -0.3388260629, 0.09594393323, -0.01608042283, 0.003778942063]
    static let p2 = [0.1788541609, 0.1173957403, 0.01488850518, -0.001394989411, 0.0001283617211]
    static let q2 = [1.0, 0.7428795082, 0.3153932961, 0.06694219548, 0.008790609714]
    static let p3 = [0.1788544503, 0.09359161662, 0.006325387654, 0.00006611667319, -0.000002031049101]
    static let q3 = [1.0, 0.6097809921, 0.2560616665, 0.04746722384, 0.006957301675]
    static let p4 = [0.9874054407, 118.6723273, 849.2794360, -743.7792444, 427.0262186]
    static let q4 = [1.0, 106.8615961, 337.6496214, 2016.712389, 1597.063511]
    static let p5 = [1.003675074, 167.5702434, 4789.711289, 21217.86767, -22324.94910]
    static let q5 = [1.0, 156.9424537, 3745.310488, 9834.698876, 66924.28357]
    static let p6 = [1.000827619, 664.9143136, 62972.92665, 475554.6998, -5743609.109]
    static let q6 = [1.0, 651.4101098, 56974.73333, 165917.4725, -2815759.939]
}

/// The Faddeeva function w(z) = e^{−z²} erfc(−iz) in the upper half plane by Weideman's rational
/// approximation (SIAM J. Numer. Anal. 31 (1994) 1497) with N = 32 terms (≈1e-13 relative).
enum Faddeeva {
    static let n = 32
    static let l = (Double(n) / 2.0.squareRoot()).squareRoot()
    /// Polynomial coefficients a_1…a_N from the discrete Fourier transform of Weideman's sampled function.
    static let coefficients: [Double] = {
        let m = 2 * n, m2 = 2 * m
        // f_k for k = −M+1 … M−1, preceded by a zero: length 2M = M2.
        var f = [0.0]
        for k in (-m + 1)...(m - 1) {
            let theta = Double(k) * Double.pi / Double(m)
            let t = l * tan(theta / 2)
            f.append(exp(-t * t) * (l * l + t * t))
        }
        // fftshift then real part of the DFT, divided by M2.
        let shifted = Array(f[(m2 / 2)...] + f[..<(m2 / 2)])
        var a = [Double](repeating: 0, count: m2)
        for j in 0..<m2 {
            var re = 0.0
            for k in 0..<m2 { re += shifted[k] * cos(2 * Double.pi * Double(j * k) / Double(m2)) }
            a[j] = re / Double(m2)
        }
        return Array(a[1...n])  // a_1 … a_N (lowest order first)
    }()

    static func w(re x: Double, im y: Double) -> (re: Double, im: Double) {
        // Z = (L + iz)/(L − iz) with z = x + iy: iz = −y + ix.
        let denRe = l + y, denIm = -x          // L − iz
        let numRe = l - y, numIm = x           // L + iz
        let d2 = denRe * denRe + denIm * denIm
        let zRe = (numRe * denRe + numIm * denIm) / d2
        let zIm = (numIm * denRe - numRe * denIm) / d2
        // p(Z) = Σ a_k Z^{k−1}, Horner from the highest coefficient.
        var pRe = 0.0, pIm = 0.0
        for c in coefficients.reversed() {
            let r = pRe * zRe - pIm * zIm + c
            pIm = pRe * zIm + pIm * zRe
            pRe = r
        }
        // 1/(L − iz) and its square.
        let invRe = denRe / d2, invIm = -denIm / d2
        let inv2Re = invRe * invRe - invIm * invIm, inv2Im = 2 * invRe * invIm
        let sqrtPi = Double.pi.squareRoot()
        let wRe = 2 * (pRe * inv2Re - pIm * inv2Im) + invRe / sqrtPi
        let wIm = 2 * (pRe * inv2Im + pIm * inv2Re) + invIm / sqrtPi
        return (wRe, wIm)
    }
}
