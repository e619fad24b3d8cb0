import Foundation

/// Maps a bounded external parameter onto an unbounded internal one, as MINUIT does:
/// sine for two limits, square root for one (SinParameterTransformation, SqrtLow/UpParameterTransformation).
public enum ParameterTransform: Sendable, Equatable {
    case none
    case sine(lower: Double, upper: Double)
    case sqrtLower(Double)
    case sqrtUpper(Double)

    public init(lower: Double?, upper: Double?) {
        switch (lower, upper) {
        case let (lo?, up?): self = .sine(lower: lo, upper: up)
        case let (lo?, nil): self = .sqrtLower(lo)
        case let (nil, up?): self = .sqrtUpper(up)
        case (nil, nil): self = .none
        }
    }

    public var hasLimits: Bool { self != .none }

    public func toExternal(_ v: Double) -> Double {
        switch self {
        case .none: return v
        case let .sine(lo, up): return lo + 0.5 * (up - lo) * (sin(v) + 1)
        case let .sqrtLower(lo): return lo - 1 + (v * v + 1).squareRoot()
        case let .sqrtUpper(up): return up + 1 - (v * v + 1).squareRoot()
        }
    }

    public func toInternal(_ x: Double) -> Double {
        switch self {
        case .none: return x
        case let .sine(lo, up):
            let piby2 = Double.pi / 2
            let distnn = 8 * MachinePrecision.eps2.squareRoot()
            let yy = 2 * (x - lo) / (up - lo) - 1
            if yy * yy > 1 - MachinePrecision.eps2 {
                return yy < 0 ? -piby2 + distnn : piby2 - distnn
            }
            return asin(yy)
        case let .sqrtLower(lo):
            let yy = x - lo + 1
            return yy * yy < 1 ? 0 : (yy * yy - 1).squareRoot()
        case let .sqrtUpper(up):
            let yy = up - x + 1
            return yy * yy < 1 ? 0 : (yy * yy - 1).squareRoot()
        }
    }

    /// d external / d internal
    public func derivative(_ v: Double) -> Double {
        switch self {
        case .none: return 1
        case let .sine(lo, up): return 0.5 * (up - lo) * cos(v)
        case .sqrtLower: return v / (v * v + 1).squareRoot()
        case .sqrtUpper: return -v / (v * v + 1).squareRoot()
        }
    }

    /// External error from an internal one: half the width of the image of [v−err, v+err].
    public func externalError(internalValue v: Double, internalError err: Double) -> Double {
        guard hasLimits else { return err }
        let u = toExternal(v)
        var du1 = toExternal(v + err) - u
        let du2 = toExternal(v - err) - u
        if case let .sine(lo, up) = self, err > 1 { du1 = up - lo }
        return 0.5 * (abs(du1) + abs(du2))
    }
}
