/// A function to minimise over named parameters, with MINUIT's `errordef` (the change of the
/// cost that defines one standard deviation).
///
/// Conventions follow iminuit's `cost` module: every likelihood cost returns 2·(−ln L) (up to a
/// constant), so all built-in costs use errordef 1, and a sum of costs adds values divided by
/// their errordef.
public protocol CostFunction {
    var parameterNames: [String] { get }
    var errordef: Double { get }
    /// Number of data points or bins (for ndf); nil when it does not apply.
    var dataCount: Int? { get }
    /// Whether the minimum value is χ²-distributed (so χ²/ndf and a p-value make sense).
    var isChi2Distributed: Bool { get }
    func value(_ parameters: [Double]) -> Double
}

extension CostFunction {
    public var errordef: Double { 1 }
    public var dataCount: Int? { nil }
    public var isChi2Distributed: Bool { false }
}

/// A cost from a plain closure (for test functions like Rosenbrock).
public struct FunctionCost: CostFunction {
    public let parameterNames: [String]
    public let errordef: Double
    private let body: ([Double]) -> Double

    public init(parameters: [String], errordef: Double = 1, _ body: @escaping ([Double]) -> Double) {
        parameterNames = parameters
        self.errordef = errordef
        self.body = body
    }

    public func value(_ parameters: [Double]) -> Double { body(parameters) }
}

/// A sum of costs whose parameters are matched by name (the union, in order of first appearance).
public struct CostSum: CostFunction {
    public let parts: [any CostFunction]
    public let parameterNames: [String]
    private let maps: [[Int]]

    public init(_ parts: [any CostFunction]) {
        var flat: [any CostFunction] = []
        for p in parts {
            if let s = p as? CostSum { flat += s.parts } else { flat.append(p) }
        }
        self.parts = flat
        var names: [String] = []
        for p in flat { for n in p.parameterNames where !names.contains(n) { names.append(n) } }
        parameterNames = names
        maps = flat.map { p in p.parameterNames.map { n in names.firstIndex(of: n) ?? 0 } }
    }

    public var dataCount: Int? {
        let counts = parts.compactMap(\.dataCount)
        return counts.isEmpty ? nil : counts.reduce(0, +)
    }

    public var isChi2Distributed: Bool { parts.allSatisfy(\.isChi2Distributed) }

    public func value(_ parameters: [Double]) -> Double {
        var total = 0.0
        for (part, map) in zip(parts, maps) { total += part.value(map.map { parameters[$0] }) / part.errordef }
        return total
    }
}

public func + (lhs: any CostFunction, rhs: any CostFunction) -> CostSum { CostSum([lhs, rhs]) }
