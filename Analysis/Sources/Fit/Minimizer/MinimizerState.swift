/// MINUIT's strategy levels: how hard the gradient and Hessian steps are iterated.
public struct Strategy: Sendable, Equatable {
    public let level: Int
    let gradientCycles: Int
    let gradientStepTolerance: Double
    let gradientTolerance: Double
    let hessianCycles: Int
    let hessianStepTolerance: Double
    let hessianG2Tolerance: Double
    let hessianGradientCycles: Int

    public init(_ level: Int) {
        self.level = max(0, min(level, 2))
        switch self.level {
        case 0:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (2, 0.5, 0.1)
            (hessianCycles, hessianStepTolerance, hessianG2Tolerance, hessianGradientCycles) = (3, 0.5, 0.1, 1)
        case 1:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (3, 0.3, 0.05)
            (hessianCycles, hessianStepTolerance, hessianG2Tolerance, hessianGradientCycles) = (5, 0.3, 0.05, 2)
        default:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (5, 0.1, 0.02)
            (hessianCycles, hessianStepTolerance, hessianG2Tolerance, hessianGradientCycles) = (7, 0.1, 0.02, 6)
        }
    }
}

/// First and (diagonal) second derivatives with the step sizes that produced them.
struct FunctionGradient: Sendable {
    var grad: [Double]
    var g2: [Double]
    var gstep: [Double]
}

/// The inverse Hessian estimate and how much it is trusted.
struct MinimumError: Sendable {
    enum Status: Sendable { case unset, posDef, madePosDef, notPosDef, hesseFailed, invertFailed, reachedCallLimit }
    var invHessian: SymmetricMatrix
    var dcovar: Double
    var status: Status

    init(_ m: SymmetricMatrix, dcovar: Double) { invHessian = m; self.dcovar = dcovar; status = .posDef }
    init(_ m: SymmetricMatrix, status: Status) { invHessian = m; dcovar = 1; self.status = status }

    var isAvailable: Bool { status != .unset }
    var isValid: Bool { isAvailable && (status == .posDef || status == .madePosDef) }
    var isAccurate: Bool { status == .posDef && dcovar < 0.1 }
}

/// A point of the minimisation: internal parameters, function value, error matrix, gradient, EDM.
struct MinimumState: Sendable {
    var x: [Double]
    var fval: Double
    var error: MinimumError
    var gradient: FunctionGradient
    var edm: Double
    var nfcn: Int
    /// Step sizes when there is no error matrix (SIMPLEX's spread); MINUIT reports them as errors.
    var dirin: [Double]? = nil
}

/// The objective in internal coordinates, counting calls.
final class CountingFunction {
    let function: ([Double]) -> Double
    let transformation: Transformation
    let up: Double
    private(set) var calls: Int

    init(function: @escaping ([Double]) -> Double, transformation: Transformation, up: Double, calls: Int = 0) {
        self.function = function
        self.transformation = transformation
        self.up = up
        self.calls = calls
    }

    func callAsFunction(_ x: [Double]) -> Double {
        calls += 1
        return function(transformation.externalValues(x))
    }
}

/// EDM = ½ gᵀ V g
func estimatedDistanceToMinimum(_ g: FunctionGradient, _ e: MinimumError) -> Double {
    0.5 * e.invHessian.similarity(g.grad)
}
