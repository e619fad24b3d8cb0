import Foundation

/// A model y = f(x; p) from a ROOT-style formula or a sum of built-in shapes, with parameters
/// numbered like ROOT (`gaus+expo` has p0…p4) or named (`[mean]`).
///
/// Convention for histograms: a model gives counts per bin at the bin centre (ROOT's default for
/// TH1::Fit, for χ² and likelihood alike); densities for unbinned fits are normalised by the user.
public struct FitModel: Sendable {
    public let formula: String
    public let parameterNames: [String]
    let node: FormulaNode

    public init(_ formula: String) throws {
        let trimmed = formula.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FitError.formula("empty model") }
        self.formula = trimmed
        (node, parameterNames) = try FormulaParser.parse(trimmed)
    }

    public func callAsFunction(_ x: Double, _ p: [Double]) -> Double { node.evaluate(x, p) }

    /// The model as a closure for cost functions.
    public var function: ModelFunction {
        let node = self.node
        return { x, p in node.evaluate(x, p) }
    }

    /// The built-in shapes that make up a plain sum (`gaus+expo`, `gaus(0)+pol1(3)`), if it is one.
    var builtinTerms: [(shape: BuiltinShape, offset: Int)]? {
        var terms: [(BuiltinShape, Int)] = []
        func walk(_ n: FormulaNode) -> Bool {
            switch n {
            case let .builtin(s, o): terms.append((s, o)); return true
            case let .binary("+", a, b): return walk(a) && walk(b)
            default: return false
            }
        }
        return walk(node) ? terms : nil
    }
}
