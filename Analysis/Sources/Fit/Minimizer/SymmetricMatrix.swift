import Foundation

/// A dense symmetric matrix stored in full (row-major); small (n ≲ 50) so clarity beats packing.
struct SymmetricMatrix: Sendable, Equatable {
    private(set) var size: Int
    private(set) var storage: [Double]

    init(size: Int) {
        self.size = size
        storage = Array(repeating: 0, count: size * size)
    }

    init(diagonal: [Double]) {
        self.init(size: diagonal.count)
        for i in 0..<size { self[i, i] = diagonal[i] }
    }

    subscript(i: Int, j: Int) -> Double {
        get { storage[i * size + j] }
        set {
            storage[i * size + j] = newValue
            storage[j * size + i] = newValue
        }
    }

    func times(_ v: [Double]) -> [Double] {
        var out = Array(repeating: 0.0, count: size)
        for i in 0..<size {
            var s = 0.0
            for j in 0..<size { s += storage[i * size + j] * v[j] }
            out[i] = s
        }
        return out
    }

    /// vᵀ M v
    func similarity(_ v: [Double]) -> Double {
        let mv = times(v)
        return zip(v, mv).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Sum of |elements| of the upper triangle (what Minuit's packed `dasum` sees).
    var absoluteSumOfUpperTriangle: Double {
        var s = 0.0
        for i in 0..<size { for j in i..<size { s += abs(self[i, j]) } }
        return s
    }

    static func outer(_ v: [Double]) -> SymmetricMatrix {
        var m = SymmetricMatrix(size: v.count)
        for i in 0..<v.count { for j in i..<v.count { m[i, j] = v[i] * v[j] } }
        return m
    }

    static func + (a: SymmetricMatrix, b: SymmetricMatrix) -> SymmetricMatrix {
        var m = a
        for k in 0..<m.storage.count { m.storage[k] += b.storage[k] }
        return m
    }

    static func * (s: Double, a: SymmetricMatrix) -> SymmetricMatrix {
        var m = a
        for k in 0..<m.storage.count { m.storage[k] *= s }
        return m
    }

    /// Inverse by Gauss–Jordan elimination on the diagonally scaled matrix (as Minuit's `mnvert`):
    /// nil when a diagonal element is not positive or a pivot vanishes.
    func inverted() -> SymmetricMatrix? {
        let n = size
        if n == 0 { return self }
        var scale = Array(repeating: 0.0, count: n)
        for i in 0..<n {
            let d = self[i, i]
            if !(d > 0) { return nil }
            scale[i] = 1 / d.squareRoot()
        }
        var a = Array(repeating: 0.0, count: n * n)
        for i in 0..<n { for j in 0..<n { a[i * n + j] = self[i, j] * scale[i] * scale[j] } }
        // In-place Gauss–Jordan without pivoting (the scaled matrix has a unit diagonal).
        for k in 0..<n {
            let pivot = a[k * n + k]
            if pivot == 0 || !pivot.isFinite { return nil }
            let inv = 1 / pivot
            a[k * n + k] = 1
            for j in 0..<n { a[k * n + j] *= inv }
            for i in 0..<n where i != k {
                let f = a[i * n + k]
                if f == 0 { continue }
                a[i * n + k] = 0
                for j in 0..<n { a[i * n + j] -= f * a[k * n + j] }
            }
        }
        var out = SymmetricMatrix(size: n)
        for i in 0..<n {
            for j in i..<n {
                let v = 0.5 * (a[i * n + j] + a[j * n + i]) * scale[i] * scale[j]
                if !v.isFinite { return nil }
                out[i, j] = v
            }
        }
        return out
    }

    /// Eigenvalues in ascending order (cyclic Jacobi rotations).
    func eigenvalues() -> [Double] {
        let n = size
        var a = storage
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }.sorted()
    }

    /// The matrix without row and column `index` (of its inverse, then inverted back), as
    /// Minuit's covariance squeeze does when a parameter gets fixed.
    func squeezed(removing index: Int) -> SymmetricMatrix {
        let n = size
        func drop(_ m: SymmetricMatrix) -> SymmetricMatrix {
            var out = SymmetricMatrix(size: n - 1)
            var ii = 0
            for i in 0..<n where i != index {
                var jj = 0
                for j in 0..<n where j != index {
                    out.storage[ii * (n - 1) + jj] = m[i, j]
                    jj += 1
                }
                ii += 1
            }
            return out
        }
        if let hessian = inverted(), let back = drop(hessian).inverted() { return back }
        var diag = SymmetricMatrix(size: n - 1)
        let reduced = drop(self)
        for i in 0..<(n - 1) { diag[i, i] = reduced[i, i] }
        return diag
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}
