import Foundation

extension FitModel {
    /// Start values guessed from a histogram (bin centres and counts), as ROOT does for its
    /// predefined functions: backgrounds (expo, polN) from the outer fifths of the range, then each
    /// peak from the largest remaining excess (height, position, width at half maximum).
    /// Nil for models that are not sums of built-in shapes.
    public func initialValues(centres x: [Double], counts y: [Double]) -> [Double]? {
        guard let terms = builtinTerms, !x.isEmpty, x.count == y.count else { return nil }
        var p = [Double](repeating: 0, count: parameterNames.count)
        let hasPeaks = terms.contains { !$0.shape.isBackground }
        let n = x.count
        var side = Array(0..<n)
        if hasPeaks && n >= 10 {
            let k = max(2, n / 5)
            side = Array(0..<k) + Array((n - k)..<n)
        }
        var backgroundDone = false
        for term in terms where term.shape.isBackground {
            let o = term.offset
            if backgroundDone { continue }  // further background terms start at zero
            backgroundDone = true
            switch term.shape {
            case .expo:
                let pts = side.filter { y[$0] > 0 }
                if let (a, b) = Self.weightedLine(pts.map { x[$0] }, pts.map { log(y[$0]) }, pts.map { y[$0] }) {
                    p[o] = a
                    p[o + 1] = b
                }
            case let .pol(deg):
                let coeffs = Self.polynomialFit(side.map { x[$0] }, side.map { y[$0] }, degree: deg)
                for (i, c) in coeffs.enumerated() { p[o + i] = c }
            default: break
            }
        }
        var residual = (0..<n).map { i -> Double in
            var b = 0.0
            for term in terms where term.shape.isBackground {
                b += term.shape.evaluate(x[i], Array(p[term.offset..<(term.offset + term.shape.parameterCount)]))
            }
            return max(y[i] - b, 0)
        }
        let width = n > 1 ? abs(x[1] - x[0]) : 1
        for term in terms where !term.shape.isBackground {
            guard let peak = residual.indices.max(by: { residual[$0] < residual[$1] }), residual[peak] > 0 else { continue }
            let height = residual[peak]
            var lo = peak, hi = peak
            while lo > 0, residual[lo - 1] > height / 2 { lo -= 1 }
            while hi < n - 1, residual[hi + 1] > height / 2 { hi += 1 }
            let fwhm = max(x[hi] - x[lo] + width, width)
            let mean = x[peak]
            let o = term.offset
            var values: [Double]
            switch term.shape {
            case .gaus: values = [height, mean, fwhm / 2.3548]
            case .landau: values = [height / 0.1806, mean, fwhm / 4.02]
            case .crystalBall: values = [height, mean, fwhm / 2.3548, 1.5, 3]
            case .breitWigner: values = [height * Double.pi * fwhm / 2, mean, fwhm]
            case .voigt:
                let s = fwhm / 4, g = fwhm / 2
                values = [height / Shapes.voigt(0, sigma: s, lg: g), mean, s, g]
            default: values = []
            }
            for (i, v) in values.enumerated() { p[o + i] = v }
            for i in 0..<n {
                let v = term.shape.evaluate(x[i], values)
                residual[i] = max(residual[i] - v, 0)
            }
        }
        return p
    }

    /// Weighted least-squares line y = a + b x.
    static func weightedLine(_ x: [Double], _ y: [Double], _ w: [Double]) -> (Double, Double)? {
        guard x.count >= 2 else { return nil }
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for i in 0..<x.count {
            sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]
            sxx += w[i] * x[i] * x[i]; sxy += w[i] * x[i] * y[i]
        }
        let det = sw * sxx - sx * sx
        guard det != 0 else { return nil }
        let b = (sw * sxy - sx * sy) / det
        return ((sy - b * sx) / sw, b)
    }

    /// Least-squares polynomial coefficients (lowest order first) via the normal equations.
    static func polynomialFit(_ x: [Double], _ y: [Double], degree: Int) -> [Double] {
        let m = degree + 1
        guard x.count >= m else { return [y.reduce(0, +) / Double(max(y.count, 1))] + Array(repeating: 0, count: degree) }
        var a = SymmetricMatrix(size: m)
        var b = [Double](repeating: 0, count: m)
        for (xi, yi) in zip(x, y) {
            var powers = [Double](repeating: 1, count: 2 * m)
            for k in 1..<(2 * m) { powers[k] = powers[k - 1] * xi }
            for r in 0..<m {
                b[r] += powers[r] * yi
                for c in r..<m { a[r, c] = a[r, c] + powers[r + c] }
            }
        }
        guard let inv = a.inverted() else { return Array(repeating: 0, count: m) }
        return inv.times(b)
    }
}
