import Foundation

/// A parsed model expression in x and parameters.
indirect enum FormulaNode: Sendable {
    case number(Double)
    case variable
    case parameter(Int)
    case unary(String, FormulaNode)
    case binary(Character, FormulaNode, FormulaNode)
    case function(String, [FormulaNode])
    /// A built-in shape using parameters from `offset` on.
    case builtin(BuiltinShape, offset: Int)

    func evaluate(_ x: Double, _ p: [Double]) -> Double {
        switch self {
        case let .number(v): return v
        case .variable: return x
        case let .parameter(i): return p[i]
        case let .unary(_, a): return -a.evaluate(x, p)
        case let .binary(op, a, b):
            let l = a.evaluate(x, p), r = b.evaluate(x, p)
            switch op {
            case "+": return l + r
            case "-": return l - r
            case "*": return l * r
            case "/": return l / r
            default: return pow(l, r)
            }
        case let .function(name, args):
            let v = args.map { $0.evaluate(x, p) }
            return FormulaFunctions.apply(name, v)
        case let .builtin(shape, offset):
            return shape.evaluate(x, Array(p[offset..<(offset + shape.parameterCount)]))
        }
    }
}

/// Functions a formula may call, with their argument counts.
enum FormulaFunctions {
    static let arity: [String: Int] = [
        "exp": 1, "log": 1, "log10": 1, "sqrt": 1, "sin": 1, "cos": 1, "tan": 1, "abs": 1, "fabs": 1,
        "atan": 1, "asin": 1, "acos": 1, "sinh": 1, "cosh": 1, "tanh": 1, "erf": 1, "erfc": 1, "pow": 2,
        "atan2": 2, "min": 2, "max": 2,
    ]

    static func apply(_ name: String, _ v: [Double]) -> Double {
        switch name {
        case "exp": return exp(v[0])
        case "log": return log(v[0])
        case "log10": return log10(v[0])
        case "sqrt": return v[0].squareRoot()
        case "sin": return sin(v[0])
        case "cos": return cos(v[0])
        case "tan": return tan(v[0])
        case "abs", "fabs": return abs(v[0])
        case "atan": return atan(v[0])
        case "asin": return asin(v[0])
        case "acos": return acos(v[0])
        case "sinh": return sinh(v[0])
        case "cosh": return cosh(v[0])
        case "tanh": return tanh(v[0])
        case "erf": return erf(v[0])
        case "erfc": return erfc(v[0])
        case "pow": return pow(v[0], v[1])
        case "atan2": return atan2(v[0], v[1])
        case "min": return min(v[0], v[1])
        default: return max(v[0], v[1])
        }
    }
}

/// Recursive-descent parser for ROOT-style formulas: `[0]*exp(-0.5*((x-[1])/[2])^2) + [3]`,
/// named parameters `[mean]`, built-in shapes `gaus`, `expo`, `polN`, `landau`, `crystalball`,
/// `breitwigner`, `voigt` (optionally with a parameter offset, `gaus(0)+expo(3)`).
struct FormulaParser {
    private let chars: [Character]
    private var pos = 0
    /// Names of named parameters in order of appearance.
    private(set) var namedParameters: [String] = []
    /// Numbered parameter indices seen (explicit `[i]` or built-ins).
    private(set) var highestIndex = -1
    private var namedNodes: [(name: String, placeholder: Int)] = []

    init(_ text: String) { chars = Array(text) }

    static func parse(_ text: String) throws -> (node: FormulaNode, names: [String]) {
        var parser = FormulaParser(text)
        let raw = try parser.parseExpression()
        parser.skipSpaces()
        if parser.pos < parser.chars.count {
            throw parser.error("unexpected '\(parser.chars[parser.pos])'")
        }
        // Named parameters come after the numbered ones.
        let base = parser.highestIndex + 1
        var names = (0..<base).map { "p\($0)" }
        names += parser.namedParameters
        let node = raw.resolvingNames(base: base)
        if names.isEmpty { throw FitError.formula("'\(text)' has no parameters") }
        return (node, names)
    }

    private func error(_ message: String) -> FitError {
        FitError.formula("\(message) at position \(pos + 1) of '\(String(chars))'")
    }

    private mutating func skipSpaces() { while pos < chars.count, chars[pos] == " " { pos += 1 } }

    private mutating func peek() -> Character? {
        skipSpaces()
        return pos < chars.count ? chars[pos] : nil
    }

    mutating func parseExpression() throws -> FormulaNode {
        var node = try parseTerm()
        while let c = peek(), c == "+" || c == "-" {
            pos += 1
            node = .binary(c, node, try parseTerm())
        }
        return node
    }

    private mutating func parseTerm() throws -> FormulaNode {
        var node = try parseUnary()
        while let c = peek(), c == "*" || c == "/" {
            pos += 1
            node = .binary(c, node, try parseUnary())
        }
        return node
    }

    private mutating func parseUnary() throws -> FormulaNode {
        if let c = peek(), c == "-" || c == "+" {
            pos += 1
            let operand = try parseUnary()
            return c == "-" ? .unary("-", operand) : operand
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> FormulaNode {
        let base = try parsePrimary()
        if let c = peek(), c == "^" {
            pos += 1
            return .binary("^", base, try parseUnary())
        }
        if peek() == "*", pos + 1 < chars.count, chars[pos + 1] == "*" {
            pos += 2
            return .binary("^", base, try parseUnary())
        }
        return base
    }

    private mutating func parsePrimary() throws -> FormulaNode {
        guard let c = peek() else { throw error("expression ends early") }
        if c == "(" {
            pos += 1
            let inner = try parseExpression()
            guard peek() == ")" else { throw error("missing ')'") }
            pos += 1
            return inner
        }
        if c == "[" { return try parseParameter() }
        if c.isNumber || c == "." { return try parseNumber() }
        if c.isLetter || c == "_" { return try parseName() }
        throw error("unexpected '\(c)'")
    }

    private mutating func parseParameter() throws -> FormulaNode {
        pos += 1
        let start = pos
        while pos < chars.count, chars[pos] != "]" { pos += 1 }
        guard pos < chars.count else { throw error("missing ']'") }
        let text = String(chars[start..<pos]).trimmingCharacters(in: .whitespaces)
        pos += 1
        if let i = Int(text), i >= 0 {
            highestIndex = max(highestIndex, i)
            return .parameter(i)
        }
        guard let first = text.first, first.isLetter || first == "_",
              text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { throw error("bad parameter name '[\(text)]'") }
        if !namedParameters.contains(text) { namedParameters.append(text) }
        // Placeholder index, resolved once the numbered parameters are known.
        return .function("$param:" + text, [])
    }

    private mutating func parseNumber() throws -> FormulaNode {
        let start = pos
        while pos < chars.count, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
        if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
            var look = pos + 1
            if look < chars.count, chars[look] == "+" || chars[look] == "-" { look += 1 }
            if look < chars.count, chars[look].isNumber {
                pos = look
                while pos < chars.count, chars[pos].isNumber { pos += 1 }
            }
        }
        let text = String(chars[start..<pos])
        guard let v = Double(text) else { throw error("bad number '\(text)'") }
        return .number(v)
    }

    private mutating func parseName() throws -> FormulaNode {
        let start = pos
        while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
        let name = String(chars[start..<pos])
        switch name {
        case "x": return .variable
        case "pi": return .number(Double.pi)
        case "e" where peek() != "(": return .number(M_E)
        default: break
        }
        if let shape = BuiltinShape(name: name) {
            var offset = highestIndex + 1
            if peek() == "(" {
                let save = pos
                pos += 1
                skipSpaces()
                let digitsStart = pos
                while pos < chars.count, chars[pos].isNumber { pos += 1 }
                if let o = Int(String(chars[digitsStart..<pos])), peek() == ")" {
                    pos += 1
                    offset = o
                } else {
                    pos = save
                    throw error("\(name)(…) takes a parameter offset like \(name)(0)")
                }
            }
            highestIndex = max(highestIndex, offset + shape.parameterCount - 1)
            return .builtin(shape, offset: offset)
        }
        guard let arity = FormulaFunctions.arity[name] else {
            throw error("unknown name '\(name)' (use x, [0]…, [name], functions like exp/sqrt/log or gaus/expo/polN)")
        }
        guard peek() == "(" else { throw error("\(name) needs arguments in parentheses") }
        pos += 1
        var args: [FormulaNode] = []
        if peek() != ")" {
            args.append(try parseExpression())
            while peek() == "," {
                pos += 1
                args.append(try parseExpression())
            }
        }
        guard peek() == ")" else { throw error("missing ')' after arguments of \(name)") }
        pos += 1
        guard args.count == arity else {
            throw error("\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(args.count)")
        }
        return .function(name, args)
    }
}

extension FormulaNode {
    /// Replaces named-parameter placeholders by indices after the numbered ones.
    func resolvingNames(base: Int) -> FormulaNode {
        resolving(base: base, order: collectNames())
    }

    private func collectNames() -> [String] {
        var out: [String] = []
        func walk(_ n: FormulaNode) {
            switch n {
            case let .function(name, args):
                if name.hasPrefix("$param:") {
                    let s = String(name.dropFirst(7))
                    if !out.contains(s) { out.append(s) }
                }
                args.forEach(walk)
            case let .unary(_, a): walk(a)
            case let .binary(_, a, b): walk(a); walk(b)
            default: break
            }
        }
        walk(self)
        return out
    }

    private func resolving(base: Int, order: [String]) -> FormulaNode {
        switch self {
        case let .function(name, args):
            if name.hasPrefix("$param:"), let i = order.firstIndex(of: String(name.dropFirst(7))) {
                return .parameter(base + i)
            }
            return .function(name, args.map { $0.resolving(base: base, order: order) })
        case let .unary(op, a): return .unary(op, a.resolving(base: base, order: order))
        case let .binary(op, a, b):
            return .binary(op, a.resolving(base: base, order: order), b.resolving(base: base, order: order))
        default: return self
        }
    }
}
