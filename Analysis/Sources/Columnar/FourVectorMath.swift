import Foundation

/// sinh, sin and cos for the (pt, eta, phi, mass) → (px, py, pz, E) conversion, without calls into
/// libm: straight-line code (no data-dependent branches) that the per-object loops can inline.
/// Accurate to a few units in the last place (relative error below 1e-15, checked against libm in
/// the tests); arguments outside the fast range (|x| ≥ 700 for sinh, |x| ≥ 1e5 for sin/cos, NaN,
/// infinities) go to libm. Deterministic: the same input always gives the same output, on any
/// thread count. Plain multiply-adds (no fused multiply-add), so results do not depend on the CPU.
enum FourVectorMath {
    /// The objects converted side by side: SSE2 registers hold two doubles (x86-64's baseline).
    typealias Lanes = SIMD2<Double>
    typealias LaneBits = SIMD2<UInt64>
    static var laneCount: Int { Lanes.scalarCount }

    /// Largest |x| for `sinhCore`.
    static let sinhLimit = 700.0
    /// Largest |x| for `sinCosCore` (keeps the quadrant number below 2^20, where the reduction is exact).
    static let sinCosLimit = 1e5

    /// sinh(x); one lane of `sinhCore` (so identical to the values of the per-object loops).
    @inline(__always)
    static func sinh(_ x: Double) -> Double {
        x.magnitude < sinhLimit ? sinhCore(Lanes(repeating: x))[0] : Foundation.sinh(x)
    }

    /// sin(x) and cos(x); one lane of `sinCosCore`.
    @inline(__always)
    static func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
        guard x.magnitude < sinCosLimit else { return (Foundation.sin(x), Foundation.cos(x)) }
        let (s, c) = sinCosCore(Lanes(repeating: x))
        return (s[0], c[0])
    }

    @inline(__always) static func bits(_ v: Lanes) -> LaneBits { unsafeBitCast(v, to: LaneBits.self) }
    @inline(__always) static func lanes(_ b: LaneBits) -> Lanes { unsafeBitCast(b, to: Lanes.self) }

    /// sinh(x) for |x| < `sinhLimit`: the Taylor series below |x| = 0.5, (eˣ − e⁻ˣ)/2 above, both
    /// computed and one selected (a branch would be mispredicted on real data).
    @inline(__always)
    static func sinhCore(_ x: Lanes) -> Lanes {
        let sign = bits(x) & 0x8000_0000_0000_0000
        let a = lanes(bits(x) & 0x7FFF_FFFF_FFFF_FFFF)
        // Series: a (1 + a²/3! + … + a¹⁴/15!); the first term left out is below 5e-20 relative.
        // The polynomial in z = a² by Estrin's scheme (pairs, then powers of z): a short chain of
        // dependent operations, so that the loop's objects overlap in the pipeline.
        let z = a * a
        let z2 = z * z, z4 = z2 * z2
        let s01 = 0.16666666666666666 + z * 0.008333333333333333  // 1/3!, 1/5!
        let s23 = 0.0001984126984126984 + z * 2.7557319223985893e-06  // 1/7!, 1/9!
        let s45 = 2.505210838544172e-08 + z * 1.6059043836821613e-10  // 1/11!, 1/13!
        let s6 = Lanes(repeating: 7.647163731819816e-13)  // 1/15!
        let s = (s01 + z2 * s23) + z4 * (s45 + z2 * s6)
        let series = a + a * (z * s)
        let e = expCore(a)
        let big = 0.5 * (e - 1 / e)  // a ≥ 0.5: the subtraction costs at most coth(0.5) ≈ 2.2 ulp
        let magnitude = big.replacing(with: series, where: a .< 0.5)
        return lanes(bits(magnitude) | sign)
    }

    /// eᵃ for 0 ≤ a < `sinhLimit`: a = k ln 2 + r with |r| ≤ ln 2 / 2, eʳ by its Taylor series
    /// to r¹³ (the rest is below 5e-18 relative), times 2ᵏ.
    @inline(__always)
    static func expCore(_ a: Lanes) -> Lanes {
        // k = a / ln 2 rounded to the nearest integer by adding and removing 1.5 · 2^52; the low
        // bits of the sum's significand are then k.
        let shifter = 6755399441055744.0
        let t = a * 1.4426950408889634 + shifter
        let kd = t - shifter
        // ln 2 in two parts; kd · ln2Hi is exact (ln2Hi has 32 significant bits, k < 2^11).
        let r = (a - kd * 0.6931471803691238) - kd * 1.9082149292705877e-10
        // eʳ = 1 + (r + r² P(r)), P = 1/2! + r/3! + … + r¹¹/13! by Estrin's scheme.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let p0 = 0.5 + r * 0.16666666666666666  // 1/2!, 1/3!
        let p1 = 0.041666666666666664 + r * 0.008333333333333333  // 1/4!, 1/5!
        let p2 = 0.001388888888888889 + r * 0.0001984126984126984  // 1/6!, 1/7!
        let p3 = 2.48015873015873e-05 + r * 2.7557319223985893e-06  // 1/8!, 1/9!
        let p4 = 2.755731922398589e-07 + r * 2.505210838544172e-08  // 1/10!, 1/11!
        let p5 = 2.08767569878681e-09 + r * 1.6059043836821613e-10  // 1/12!, 1/13!
        let p = ((p0 + r2 * p1) + r4 * (p2 + r2 * p3)) + r8 * (p4 + r2 * p5)
        let er = 1 + (r + r2 * p)
        // 2^k: k + 1023 (below 2^11) in the exponent field; the bits above it are shifted out.
        return er * lanes((bits(t) &+ 1023) &<< 52)
    }

    /// sin(x) and cos(x) for |x| < `sinCosLimit`: x = k π/2 + r with |r| ≤ π/4 (π/2 in three parts,
    /// the first two of 33 bits so that k times them is exact), the Taylor series of sin r to r¹⁷
    /// and of cos r to r¹⁸ (the rest is below 1e-19), then the quadrant k mod 4 by selects and sign flips.
    @inline(__always)
    static func sinCosCore(_ x: Lanes) -> (sin: Lanes, cos: Lanes) {
        // k = x · 2/π rounded to nearest as in expCore; its low two bits give the quadrant.
        let shifter = 6755399441055744.0
        let t = x * 0.6366197723675814 + shifter
        let kd = t - shifter
        let q = bits(t) & 3
        let r = ((x - kd * 1.5707963267341256) - kd * 6.077100506303966e-11) - kd * 2.0222662487959506e-21
        let z = r * r
        let z2 = z * z, z4 = z2 * z2
        // sin r = r + r z S(z), cos r = 1 − z/2 + z² C(z); S and C by Estrin's scheme.
        let s01 = -0.16666666666666666 + z * 0.008333333333333333  // −1/3!, 1/5!
        let s23 = -0.0001984126984126984 + z * 2.7557319223985893e-06  // −1/7!, 1/9!
        let s45 = -2.505210838544172e-08 + z * 1.6059043836821613e-10  // −1/11!, 1/13!
        let s67 = -7.647163731819816e-13 + z * 2.8114572543455206e-15  // −1/15!, 1/17!
        let s = (s01 + z2 * s23) + z4 * (s45 + z2 * s67)
        let c01 = 0.041666666666666664 + z * -0.001388888888888889  // 1/4!, −1/6!
        let c23 = 2.48015873015873e-05 + z * -2.755731922398589e-07  // 1/8!, −1/10!
        let c45 = 2.08767569878681e-09 + z * -1.1470745597729725e-11  // 1/12!, −1/14!
        let c67 = 4.779477332387385e-14 + z * -1.5619206968586225e-16  // 1/16!, −1/18!
        let c = (c01 + z2 * c23) + z4 * (c45 + z2 * c67)
        // sin r has the sign of r; copied, so that sin(−0) is −0 (the sum would give +0).
        let sine = lanes(bits(r + r * (z * s)) & 0x7FFF_FFFF_FFFF_FFFF | bits(r) & 0x8000_0000_0000_0000)
        let cosine = (1 - 0.5 * z) + z2 * c
        // Quadrant q: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
        let odd = (q & 1) .== 1
        let sinMagnitude = sine.replacing(with: cosine, where: odd)
        let cosMagnitude = cosine.replacing(with: sine, where: odd)
        let sinFlip = (q & 2) &<< 62
        let cosFlip = ((q &+ 1) & 2) &<< 62
        return (lanes(bits(sinMagnitude) ^ sinFlip), lanes(bits(cosMagnitude) ^ cosFlip))
    }
}
