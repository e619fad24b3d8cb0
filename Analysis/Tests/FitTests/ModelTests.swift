import Foundation
import Testing
@testable import Fit

@Suite struct FormulaTests {
    @Test func userFormulaEvaluatesLikeTheExpression() throws {
        let m = try FitModel("[0]*exp(-0.5*((x-[1])/[2])^2) + [3]")
        #expect(m.parameterNames == ["p0", "p1", "p2", "p3"])
        let p = [2.0, 1.0, 0.5, 0.25]
        let x = 1.3
        #expect(abs(m(x, p) - (2 * exp(-0.5 * pow((x - 1) / 0.5, 2)) + 0.25)) < 1e-15)
    }

    @Test func namedParametersAndFunctions() throws {
        let m = try FitModel("[norm]*exp(-0.5*((x-[mean])/[sigma])**2) + sqrt(abs([0])) + pow(x, 2)*log(2) - sin(pi*x)")
        #expect(m.parameterNames == ["p0", "norm", "mean", "sigma"])
        let v = m(0.5, [4, 3, 0.2, 1.5])
        let expected = 3 * exp(-0.5 * pow((0.5 - 0.2) / 1.5, 2)) + 2 + 0.25 * log(2.0) - sin(Double.pi * 0.5)
        #expect(abs(v - expected) < 1e-14)
        // Precedence: unary minus, power binds tighter than * and is right-associative.
        let q = try FitModel("-[0]^2 + 2^3^2*[0] - 1e-1*x")
        #expect(abs(q(2, [3]) - (-9 + 512 * 3 - 0.2)) < 1e-12)
    }

    @Test func builtinSumsNumberParametersLikeROOT() throws {
        let m = try FitModel("gaus+expo")
        #expect(m.parameterNames == ["p0", "p1", "p2", "p3", "p4"])
        let p = [10.0, 5.0, 0.5, 1.0, -0.3]
        let x = 4.2
        #expect(abs(m(x, p) - (10 * exp(-0.5 * pow((x - 5) / 0.5, 2)) + exp(1 - 0.3 * x))) < 1e-12)
        let explicit = try FitModel("gaus(0)+pol2(3)")
        #expect(explicit.parameterNames.count == 6)
        #expect(abs(explicit(2, [0, 0, 1, 1, 2, 3]) - (1 + 4 + 12)) < 1e-12)
        let mixed = try FitModel("landau+pol1+[5]*x")
        #expect(mixed.parameterNames.count == 6)
    }

    @Test(arguments: [
        ("[0]*exp(x", "missing ')'"), ("[0]+", "ends early"), ("foo(x)*[0]", "unknown name 'foo'"),
        ("[0]*pow(x)", "pow takes 2 arguments"), ("[0]]", "unexpected ']'"), ("x*2", "no parameters"),
        ("[0", "missing ']'"), ("[a b]*x", "bad parameter name"), ("", "empty model"),
    ])
    func formulaErrorsSayWhatIsWrong(_ text: String, _ message: String) {
        do {
            _ = try FitModel(text)
            Issue.record("'\(text)' parsed but should fail")
        } catch {
            #expect("\(error)".contains(message), "error for '\(text)' was: \(error)")
        }
    }
}

@Suite struct ShapeTests {
    /// Simpson integral of f on [a, b] with n (even) intervals.
    static func integrate(_ a: Double, _ b: Double, _ n: Int = 20000, _ f: (Double) -> Double) -> Double {
        let h = (b - a) / Double(n)
        var s = f(a) + f(b)
        for i in 1..<n { s += f(a + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return s * h / 3
    }

    @Test func faddeevaOnImaginaryAxisIsScaledErfc() {
        // w(iy) = exp(y²) erfc(y)
        for y in [0.05, 0.3, 1.0, 2.5, 6.0] {
            let w = Faddeeva.w(re: 0, im: y)
            let expected = exp(y * y) * erfc(y)
            #expect(abs(w.re - expected) / expected < 1e-10, "w(i·\(y)) = \(w.re), expected \(expected)")
            #expect(abs(w.im) < 1e-12)
        }
    }

    @Test func voigtIsNormalisedAndReducesToItsLimits() {
        let norm = Self.integrate(-400, 400, 200_000) { Shapes.voigt($0, sigma: 0.7, lg: 0.4) }
        #expect(abs(norm - 1) < 2e-3)  // Lorentzian tails beyond ±400 hold ~3e-4
        // Voigt at the centre equals the numerical convolution of gauss and Breit–Wigner.
        let conv = Self.integrate(-60, 60, 120_000) { t in
            exp(-0.5 * t * t / 0.49) / (0.7 * (2 * Double.pi).squareRoot()) * Shapes.breitWigner(-t, mean: 0, gamma: 0.4)
        }
        #expect(abs(Shapes.voigt(0, sigma: 0.7, lg: 0.4) - conv) < 5e-5)
        #expect(abs(Shapes.voigt(0.3, sigma: 0.7, lg: 0) - exp(-0.5 * 0.09 / 0.49) / (0.7 * (2 * Double.pi).squareRoot())) < 1e-14)
    }

    @Test func landauMatchesItsDefiningIntegral() {
        // φ(λ) = (1/π) ∫₀^∞ exp(−t ln t − λ t) sin(π t) dt
        for lambda in [-2.0, -0.22278, 0.0, 1.5, 4.0, 10.0] {
            let exact = Self.integrate(1e-12, 60, 120_000) { t in exp(-t * log(t) - lambda * t) * sin(Double.pi * t) } / Double.pi
            let approx = Shapes.landau(lambda, mpv: 0, sigma: 1)
            #expect(abs(approx - exact) < 2e-6 * max(1, 1 / exact) * exact + 1e-7, "λ=\(lambda): \(approx) vs \(exact)")
        }
        #expect(Shapes.landau(1, mpv: 0, sigma: 0) == 0)
    }

    @Test func crystalBallIsContinuousAtTheJunction() {
        let (mean, sigma, alpha, n) = (1.0, 0.5, 1.2, 3.0)
        let junction = mean - alpha * sigma
        let left = Shapes.crystalBall(junction - 1e-9, mean: mean, sigma: sigma, alpha: alpha, n: n)
        let right = Shapes.crystalBall(junction + 1e-9, mean: mean, sigma: sigma, alpha: alpha, n: n)
        #expect(abs(left - right) < 1e-7)
        #expect(Shapes.crystalBall(mean, mean: mean, sigma: sigma, alpha: alpha, n: n) == 1)
        // Power-law tail: (n/α)^n e^{−α²/2} (n/α − α − z)^{−n}
        let z = -3.0
        let tail = pow(n / alpha, n) * exp(-0.5 * alpha * alpha) * pow(n / alpha - alpha - z, -n)
        #expect(abs(Shapes.crystalBall(mean + z * sigma, mean: mean, sigma: sigma, alpha: alpha, n: n) - tail) < 1e-14)
    }

    @Test func breitWignerIsNormalisedCauchy() {
        #expect(abs(Shapes.breitWigner(2, mean: 2, gamma: 0.5) - 2 / (Double.pi * 0.5)) < 1e-14)
    }
}
