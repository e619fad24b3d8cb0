import Foundation

/// ROOT's predefined formulas, with their parameters in ROOT's order.
public enum BuiltinShape: Sendable, Equatable {
    /// [0]·exp(−½((x−[1])/[2])²)
    case gaus
    /// exp([0] + [1]·x)
    case expo
    /// [0] + [1]x + … + [N]x^N
    case pol(Int)
    /// [0]·TMath::Landau(x, [1], [2])
    case landau
    /// [0]·crystalball(x; mean [1], sigma [2], alpha [3], n [4])
    case crystalBall
    /// [0]·TMath::BreitWigner(x, [1], [2])
    case breitWigner
    /// [0]·TMath::Voigt(x − [1], [2], [3])
    case voigt

    init?(name: String) {
        switch name {
        case "gaus": self = .gaus
        case "expo": self = .expo
        case "landau": self = .landau
        case "crystalball": self = .crystalBall
        case "breitwigner": self = .breitWigner
        case "voigt": self = .voigt
        default:
            guard name.hasPrefix("pol"), let n = Int(name.dropFirst(3)), n >= 0, n <= 20 else { return nil }
            self = .pol(n)
        }
    }

    public var parameterCount: Int {
        switch self {
        case .gaus, .landau, .breitWigner: return 3
        case .expo: return 2
        case let .pol(n): return n + 1
        case .crystalBall: return 5
        case .voigt: return 4
        }
    }

    public func evaluate(_ x: Double, _ p: [Double]) -> Double {
        switch self {
        case .gaus:
            let z = (x - p[1]) / p[2]
            return p[0] * exp(-0.5 * z * z)
        case .expo: return exp(p[0] + p[1] * x)
        case .pol:
            var s = 0.0
            for c in p.reversed() { s = s * x + c }
            return s
        case .landau: return p[0] * Shapes.landau(x, mpv: p[1], sigma: p[2])
        case .crystalBall: return p[0] * Shapes.crystalBall(x, mean: p[1], sigma: p[2], alpha: p[3], n: p[4])
        case .breitWigner: return p[0] * Shapes.breitWigner(x, mean: p[1], gamma: p[2])
        case .voigt: return p[0] * Shapes.voigt(x - p[1], sigma: p[2], lg: p[3])
        }
    }

    /// Whether the shape is a smooth background (estimated first, from the whole range) or a peak.
    var isBackground: Bool {
        switch self {
        case .expo, .pol: return true
        default: return false
        }
    }
}
