import Foundation

/// Recursive-descent parser for the expression language.
///
/// Precedence, lowest first:
///   `||` `or`  ·  `&&` `and`  ·  `not`  ·  comparisons `== != < <= > >=` (not chained)  ·
///   `+ -`  ·  `* / %`  ·  unary `- + !`  ·  `**` `^` (right-assoc.)  ·  postfix `x[i]` `x.f` `x.0`  ·
///   literals, names, `f(args)`, `( … )`. `true`/`false` are 1/0 and `pi` is π.
public struct ExpressionParser {
    private var tokens: [Token]
    private var position = 0

    public static func parse(_ text: String) throws -> QueryExpression {
        var p = try ExpressionParser(tokens: Lexer.tokenize(text))
        let e = try p.parseExpression()
        guard case .end = p.current.kind else {
            throw ColumnarError.parse(message: "unexpected token after a complete expression", position: p.current.position, token: p.current.text)
        }
        return e
    }

    /// Parses the longest expression at the start of `tokens` and returns the index of the first
    /// token after it (used by the query script to find `bins`, `range`, `weight`).
    static func parsePrefix(_ tokens: [Token]) throws -> (QueryExpression, Int) {
        var p = ExpressionParser(tokens: tokens)
        let e = try p.parseExpression()
        return (e, p.position)
    }

    init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private func isSymbol(_ s: String) -> Bool { if case .symbol(s) = current.kind { return true } else { return false } }
    private func isWord(_ s: String) -> Bool { if case .identifier(s) = current.kind { return true } else { return false } }

    private mutating func expect(_ s: String) throws {
        guard isSymbol(s) else { throw ColumnarError.parse(message: "expected '\(s)'", position: current.position, token: current.text) }
        position += 1
    }

    mutating func parseExpression() throws -> QueryExpression { try parseOr() }

    private mutating func parseOr() throws -> QueryExpression {
        var e = try parseAnd()
        while isSymbol("||") || isWord("or") {
            position += 1
            e = .binary(.or, e, try parseAnd())
        }
        return e
    }

    private mutating func parseAnd() throws -> QueryExpression {
        var e = try parseNot()
        while isSymbol("&&") || isWord("and") {
            position += 1
            e = .binary(.and, e, try parseNot())
        }
        return e
    }

    private mutating func parseNot() throws -> QueryExpression {
        if isWord("not") {
            position += 1
            return .unary(.not, try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> QueryExpression {
        let e = try parseAdditive()
        let ops: [String: BinaryOperator] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual]
        if case .symbol(let s) = current.kind, let op = ops[s] {
            position += 1
            let rhs = try parseAdditive()
            if case .symbol(let s2) = current.kind, ops[s2] != nil {
                throw ColumnarError.parse(message: "comparisons cannot be chained; combine them with &&", position: current.position, token: s2)
            }
            return .binary(op, e, rhs)
        }
        return e
    }

    private mutating func parseAdditive() throws -> QueryExpression {
        var e = try parseMultiplicative()
        while true {
            if isSymbol("+") { position += 1; e = .binary(.add, e, try parseMultiplicative()) }
            else if isSymbol("-") { position += 1; e = .binary(.subtract, e, try parseMultiplicative()) }
            else { return e }
        }
    }

    private mutating func parseMultiplicative() throws -> QueryExpression {
        var e = try parseUnary()
        while true {
            if isSymbol("*") { position += 1; e = .binary(.multiply, e, try parseUnary()) }
            else if isSymbol("/") { position += 1; e = .binary(.divide, e, try parseUnary()) }
            else if isSymbol("%") { position += 1; e = .binary(.modulo, e, try parseUnary()) }
            else { return e }
        }
    }

    private mutating func parseUnary() throws -> QueryExpression {
        if isSymbol("-") { position += 1; return .unary(.negate, try parseUnary()) }
        if isSymbol("+") { position += 1; return try parseUnary() }
        if isSymbol("!") { position += 1; return .unary(.not, try parseUnary()) }
        return try parsePower()
    }

    private mutating func parsePower() throws -> QueryExpression {
        let base = try parsePostfix()
        if isSymbol("**") || isSymbol("^") {
            position += 1
            return .binary(.power, base, try parseUnary())
        }
        return base
    }

    private mutating func parsePostfix() throws -> QueryExpression {
        var e = try parsePrimary()
        while true {
            if isSymbol("[") {
                let at = current.position
                position += 1
                let inner = try parseExpression()
                try expect("]")
                e = .index(e, inner, position: at)
            } else if isSymbol(".") {
                position += 1
                let at = current.position
                switch current.kind {
                case .identifier(let field): position += 1; e = .member(e, field, position: at)
                case .number(let v) where v >= 0 && v == v.rounded() && current.text.allSatisfy(\.isNumber):
                    let text = current.text
                    position += 1
                    e = .member(e, text, position: at)
                default:
                    throw ColumnarError.parse(message: "expected a field name or member number after '.'", position: current.position, token: current.text)
                }
            } else {
                return e
            }
        }
    }

    private mutating func parsePrimary() throws -> QueryExpression {
        let token = current
        switch token.kind {
        case .number(let v):
            position += 1
            return .number(v)
        case .identifier(let name):
            if ["and", "or", "not"].contains(name) {
                throw ColumnarError.parse(message: "expected a value, found the keyword '\(name)'", position: token.position, token: name)
            }
            position += 1
            if isSymbol("(") {
                position += 1
                var args: [QueryExpression] = []
                if !isSymbol(")") {
                    args.append(try parseExpression())
                    while isSymbol(",") {
                        position += 1
                        args.append(try parseExpression())
                    }
                }
                try expect(")")
                return .call(name, args, position: token.position)
            }
            switch name {
            case "true": return .number(1)
            case "false": return .number(0)
            case "pi": return .number(Double.pi)
            default: return .name(name, position: token.position)
            }
        case .symbol("("):
            position += 1
            let e = try parseExpression()
            try expect(")")
            return e
        case .end:
            throw ColumnarError.parse(message: "unexpected end of input, expected a value", position: token.position, token: token.text)
        case .symbol:
            throw ColumnarError.parse(message: "expected a value", position: token.position, token: token.text)
        }
    }
}
