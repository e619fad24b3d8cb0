import Foundation

/// Parsed expression. Positions are 0-based character offsets into the source text.
public indirect enum QueryExpression: Sendable, Equatable {
    case number(Double)
    case name(String, position: Int)
    case unary(UnaryOperator, QueryExpression)
    case binary(BinaryOperator, QueryExpression, QueryExpression)
    case call(String, [QueryExpression], position: Int)
    case index(QueryExpression, QueryExpression, position: Int)
    case member(QueryExpression, String, position: Int)

    /// Names referenced (not functions or members), for dependency analysis.
    public var referencedNames: Set<String> {
        switch self {
        case .number: return []
        case .name(let n, _): return [n]
        case .unary(_, let e): return e.referencedNames
        case .binary(_, let a, let b): return a.referencedNames.union(b.referencedNames)
        case .call(_, let args, _): return args.reduce(into: Set<String>()) { $0.formUnion($1.referencedNames) }
        case .index(let a, let b, _): return a.referencedNames.union(b.referencedNames)
        case .member(let e, _, _): return e.referencedNames
        }
    }
}

public enum UnaryOperator: String, Sendable, Equatable { case negate = "-", not = "!" }

public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||"
}
