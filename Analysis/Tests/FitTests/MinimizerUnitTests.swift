import Foundation
import Testing
@testable import Fit

@Suite struct TransformTests {
    @Test func sineTransformRoundTripsAndClampsAtLimits() {
        let t = ParameterTransform(lower: -2, upper: 3)
        for x in [-1.9, -0.5, 0.0, 1.7, 2.99] {
            #expect(abs(t.toExternal(t.toInternal(x)) - x) < 1e-12)
        }
        // At (or beyond) a limit the internal value stops short of ±π/2 by 8·√eps2.
        let edge = Double.pi / 2 - 8 * MachinePrecision.eps2.squareRoot()
        #expect(t.toInternal(3) == edge)
        #expect(t.toInternal(-2) == -edge)
        // d ext / d int = (b − a)/2 · cos(int)
        #expect(abs(t.derivative(0.3) - 2.5 * cos(0.3)) < 1e-15)
    }

    @Test func squareRootTransformsForOneSidedLimits() {
        let low = ParameterTransform(lower: 1, upper: nil)
        let up = ParameterTransform(lower: nil, upper: 1)
        #expect(abs(low.toExternal(low.toInternal(4.5)) - 4.5) < 1e-12)
        #expect(abs(up.toExternal(up.toInternal(-4.5)) + 4.5) < 1e-12)
        #expect(low.toInternal(0.5) == 0)  // below the limit maps to the limit
        #expect(low.toExternal(0) == 1)
        #expect(up.toExternal(0) == 1)
        let v = 1.3
        #expect(abs(low.derivative(v) - v / (v * v + 1).squareRoot()) < 1e-15)
        #expect(abs(up.derivative(v) + v / (v * v + 1).squareRoot()) < 1e-15)
    }

    @Test func limitedParameterStaysInsideDuringFit() throws {
        // Minimum of (x − 5)² lies outside [0, 2]: the fit ends at the upper limit.
        let m = try Minuit(FunctionCost(parameters: ["x"]) { p in (p[0] - 5) * (p[0] - 5) }, start: [1])
        try m.setLimits("x", lower: 0, upper: 2)
        let r = m.migrad()
        #expect(abs(r.values[0] - 2) < 1e-3)
        #expect(r.hasParametersAtLimit)
    }
}

@Suite struct GradientAndHesseTests {
    static let quadratic: @Sendable ([Double]) -> Double = { p in
        // ½ (p − c)ᵀ A (p − c) with A = [[4, 1], [1, 2]]
        let d0 = p[0] - 1, d1 = p[1] + 2
        return 0.5 * (4 * d0 * d0 + 2 * d0 * d1 + 2 * d1 * d1)
    }

    @Test func numericalGradientMatchesAnalytic() {
        let params = [ParameterSettings(name: "a", value: 0.3), ParameterSettings(name: "b", value: 0.7)]
        let fcn = CountingFunction(function: Self.quadratic, transformation: Transformation(params), up: 1)
        let x = [0.3, 0.7]
        let g = NumericalGradient(fcn: fcn, strategy: Strategy(1))(x: x, fval: fcn(x))
        let d0 = x[0] - 1, d1 = x[1] + 2
        #expect(abs(g.grad[0] - (4 * d0 + d1)) < 1e-6)
        #expect(abs(g.grad[1] - (d0 + 2 * d1)) < 1e-6)
        #expect(abs(g.g2[0] - 4) < 1e-4)
        #expect(abs(g.g2[1] - 2) < 1e-4)
    }

    @Test func hesseOnKnownQuadraticGivesInverseMatrix() throws {
        let m = try Minuit(FunctionCost(parameters: ["a", "b"], Self.quadratic), start: [0, 0])
        m.migrad()
        let r = m.hesse()
        // covariance = 2·up·A⁻¹ for F = ½ pᵀAp with up = 1: A⁻¹ = [[2, −1], [−1, 4]]/7
        let cov = try #require(r.covariance)
        let inverse: [[Double]] = [[2.0 / 7, -1.0 / 7], [-1.0 / 7, 4.0 / 7]]
        let expected = inverse.map { row in row.map { 2 * $0 } }
        for i in 0..<2 { for j in 0..<2 { #expect(abs(cov[i][j] - expected[i][j]) < 1e-6) } }
        #expect(abs(r.values[0] - 1) < 1e-5 && abs(r.values[1] + 2) < 1e-5)
        #expect(r.hasAccurateCovariance && r.isValid)
        let rho = r.correlation?[0][1] ?? 0
        let expectedRho = -1 / (2.0 * 4).squareRoot()
        #expect(abs(rho - expectedRho) < 1e-6)
    }

    @Test func errordefScalesErrors() throws {
        let cost = FunctionCost(parameters: ["a"], errordef: 0.5) { p in (p[0] - 3) * (p[0] - 3) }
        let m = try Minuit(cost, start: [0])
        let r = m.migrad()
        // F = (a−3)²: F − Fmin = 0.5 at a = 3 ± √0.5
        #expect(abs(r.errors[0] - 0.5.squareRoot()) < 1e-6)
    }
}

@Suite struct MinimizerBehaviourTests {
    @Test func callLimitIsReportedAndRespected() throws {
        let rosen = FunctionCost(parameters: ["x", "y"]) { p in pow(1 - p[0], 2) + 100 * pow(p[1] - p[0] * p[0], 2) }
        let m = try Minuit(rosen, start: [-1.2, 1])
        let r = m.migrad(ncall: 30)
        #expect(r.hasReachedCallLimit)
        #expect(!r.isValid)
        #expect(r.nfcn < 60)
        // Default limit 200 + 100n + 5n² is enough.
        let m2 = try Minuit(rosen, start: [-1.2, 1])
        #expect(m2.migrad().isValid)
    }

    @Test func fixedParameterKeepsItsValueAndHasNoError() throws {
        let cost = FunctionCost(parameters: ["a", "b", "c"]) { p in
            pow(p[0] - 1, 2) + pow(p[1] - 2, 2) + pow(p[2] - 3, 2) + p[0] * p[2]
        }
        let m = try Minuit(cost, start: [0, 0, 5])
        try m.fix("c")
        let r = m.migrad()
        #expect(r.values[2] == 5)
        #expect(r.errors[2] == 0)
        #expect(r.parameters[2].isFixed)
        // ∂/∂a: 2(a − 1) + c = 0 → a = 1 − c/2
        #expect(abs(r.values[0] - (1 - 2.5)) < 1e-4)
        let cov = try #require(r.covariance)
        #expect(cov[2] == [0, 0, 0])
        #expect(r.ndf == nil)
        #expect(throws: FitError.fixedParameter("c")) { try m.minos(["c"]) }
        try m.minos()
        #expect(m.minosErrors["c"] == nil && m.minosErrors["a"] != nil)
    }

    @Test func unknownParameterAndBadLimitsAreErrors() throws {
        let m = try Minuit(FunctionCost(parameters: ["a"]) { $0[0] * $0[0] }, start: [1])
        #expect(throws: FitError.unknownParameter("b", known: ["a"])) { try m.fix("b") }
        #expect(throws: FitError.invalidLimits(parameter: "a", lower: 2, upper: 1)) {
            try m.setLimits("a", lower: 2, upper: 1)
        }
        #expect(throws: FitError.wrongParameterCount(expected: 1, got: 2)) {
            _ = try Minuit(FunctionCost(parameters: ["a"]) { $0[0] }, start: [1, 2])
        }
    }

    @Test func simplexApproachesTheMinimumWithoutDerivatives() throws {
        let m = try Minuit(FunctionCost(parameters: ["a", "b"], GradientAndHesseTests.quadratic), start: [3, 3])
        let r = m.simplex()
        #expect(r.method == "Simplex")
        #expect(abs(r.values[0] - 1) < 0.2 && abs(r.values[1] + 2) < 0.2)
        #expect(r.covariance == nil && !r.hasCovariance)
        #expect(r.errors.allSatisfy { $0 > 0 })
        // MIGRAD from there converges; SIMPLEX's spread only seeds its steps.
        let after = m.migrad()
        #expect(after.isValid && abs(after.values[0] - 1) < 1e-4)
    }

    @Test func minosNeedsAValidMinimum() throws {
        let m = try Minuit(FunctionCost(parameters: ["a"]) { $0[0] * $0[0] }, start: [1])
        #expect(throws: FitError.self) { try m.minos() }
    }

    @Test func costSumSharesParametersByName() throws {
        let a = FunctionCost(parameters: ["mu", "s1"]) { p in pow(p[0] - 1, 2) + pow(p[1] - 2, 2) }
        let b = FunctionCost(parameters: ["mu", "s2"]) { p in pow(p[0] - 3, 2) + pow(p[1] + 1, 2) }
        let sum = a + b
        #expect(sum.parameterNames == ["mu", "s1", "s2"])
        #expect(sum.value([2, 2, -1]) == 2)
        let r = try Minuit(sum, start: [0, 0, 0]).migrad()
        #expect(abs(r.values[0] - 2) < 1e-4)
    }

    @Test func chiSquareProbability() {
        // dof 2: survival = exp(−χ²/2)
        for x in [0.5, 2.0, 7.3] { #expect(abs(chiSquareSurvival(x, dof: 2) - exp(-x / 2)) < 1e-12) }
        // Q(a, x) + P(a, x) = 1 and a reference value: P(χ² ≥ 95 | 95) ≈ 0.4807
        #expect(abs(regularizedGammaP(3.5, 2.0) + regularizedGammaQ(3.5, 2.0) - 1) < 1e-14)
        #expect(abs(chiSquareSurvival(95, dof: 95) - 0.48068) < 1e-4)
    }
}
