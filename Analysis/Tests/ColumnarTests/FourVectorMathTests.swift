import Foundation
import Testing
@testable import Columnar

/// The inlined sinh / sin / cos of the four-vector conversion against libm.
@Suite struct FourVectorMathTests {
    /// Distance in units in the last place of `reference`.
    static func ulps(_ value: Double, _ reference: Double) -> Double {
        value == reference ? 0 : abs(value - reference) / reference.ulp
    }

    /// Deterministic inputs (a fixed LCG) uniform in [lower, upper].
    static func inputs(_ count: Int, _ lower: Double, _ upper: Double, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return lower + (upper - lower) * Double(state >> 11) / Double(1 << 53)
        }
    }

    @Test func sinhWithinTwoUlpsOfLibm() {
        // Both branches (|x| < 0.5 series, exponential above), the switch between them, and float32 etas.
        let xs = Self.inputs(200_000, -30, 30, seed: 1) + Self.inputs(200_000, -0.6, 0.6, seed: 2)
            + Self.inputs(50_000, -1e-6, 1e-6, seed: 3) + Self.inputs(50_000, -699, 699, seed: 4)
            + Self.inputs(100_000, -5, 5, seed: 5).map { Double(Float($0)) }
        var worst = 0.0
        for x in xs { worst = max(worst, Self.ulps(FourVectorMath.sinh(x), Foundation.sinh(x))) }
        #expect(worst <= 2, "sinh: \(worst) ulps")
    }

    @Test func sinhSpecialValues() {
        for x in [0.0, -0.0, 0.5, -0.5, 0.5.nextDown, 1e-300, -Double.leastNonzeroMagnitude, 699.9, 700, -701, 710.4, 711,
                  .infinity, -.infinity] {
            let ours = FourVectorMath.sinh(x), ref = Foundation.sinh(x)
            #expect(Self.ulps(ours, ref) <= 2 && ours.sign == ref.sign, "sinh(\(x)) = \(ours), libm \(ref)")
        }
        #expect(FourVectorMath.sinh(.nan).isNaN)
    }

    @Test func sinCosWithinTwoUlpsOfLibm() {
        // |x| up to 7 (phi, and a few turns around): relative to the value; far out (up to the
        // 1e5 limit of the fast reduction) and beyond it (libm): absolute.
        var worstSin = 0.0, worstCos = 0.0
        for x in Self.inputs(300_000, -7, 7, seed: 6) + Self.inputs(100_000, -3.2, 3.2, seed: 7).map({ Double(Float($0)) }) {
            let (s, c) = FourVectorMath.sinCos(x)
            worstSin = max(worstSin, Self.ulps(s, sin(x)))
            worstCos = max(worstCos, Self.ulps(c, cos(x)))
        }
        #expect(worstSin <= 2 && worstCos <= 2, "sin \(worstSin), cos \(worstCos) ulps")
        var worstAbsolute = 0.0
        for x in Self.inputs(100_000, -2e5, 2e5, seed: 8) {
            let (s, c) = FourVectorMath.sinCos(x)
            worstAbsolute = max(worstAbsolute, abs(s - sin(x)), abs(c - cos(x)))
        }
        #expect(worstAbsolute <= 4e-16, "sin/cos absolute error \(worstAbsolute)")
        for x in [0.0, -0.0, Double.pi / 4, -Double.pi, Double.pi, 1e-300] {
            let (s, c) = FourVectorMath.sinCos(x)
            #expect(Self.ulps(s, sin(x)) <= 2 && Self.ulps(c, cos(x)) <= 2 && s.sign == sin(x).sign, "sincos(\(x))")
        }
        for x in [Double.infinity, -.infinity, .nan] {
            let (s, c) = FourVectorMath.sinCos(x)
            #expect(s.isNaN && c.isNaN)
        }
    }

    /// Objects whose eta or phi are outside the fast range (or NaN) are converted with libm, and
    /// the others of the same partition are unaffected.
    @Test func outOfRangeObjectsInCombinations() throws {
        let pt: [Float] = [10, 20, 30, 40, 50]
        let eta: [Float] = [0.1, 800, -1.2, .nan, 2.0]
        let phi: [Float] = [0.3, 1.0, 2e6, -2.5, .infinity]
        let mass: [Float] = [0.1, 0.1, 0.1, 0.1, 0.1]
        let offsets: [Int64] = [0, 2, 5]
        let data = Dataset(source: try InMemoryColumnSource([
            ("nMu", ColumnBuffer(.int32([2, 3]))),
            ("Mu_pt", ColumnBuffer(.float32(pt), offsets: offsets)), ("Mu_eta", ColumnBuffer(.float32(eta), offsets: offsets)),
            ("Mu_phi", ColumnBuffer(.float32(phi), offsets: offsets)), ("Mu_mass", ColumnBuffer(.float32(mass), offsets: offsets)),
        ]))
        let masses = try data.evaluate("invmass(combinations(Mu, 2))", threads: 1).values
        func p4(_ i: Int) -> [Double] {
            let p = Double(pt[i]), e = Double(eta[i]), f = Double(phi[i]), m = Double(mass[i])
            let pz = p * Foundation.sinh(e)
            return [p * cos(f), p * sin(f), pz, (p * p + pz * pz + m * m).squareRoot()]
        }
        func m(_ a: Int, _ b: Int) -> Double {
            let s = zip(p4(a), p4(b)).map { $0 + $1 }
            return Swift.max(s[3] * s[3] - (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]), 0).squareRoot()
        }
        let expected = [m(0, 1), m(2, 3), m(2, 4), m(3, 4)]
        #expect(masses.count == 4)
        for (x, y) in zip(masses, expected) {
            #expect((x.isNaN && y.isNaN) || abs(x - y) <= 1e-12 * Swift.max(1, abs(y)), "\(masses) vs \(expected)")
        }
    }
}
