/// How one value of a branch is stored on disk.
enum ValueEncoding: Sendable, Equatable {
    /// Big-endian value of the output kind.
    case plain(NumericKind)
    /// Double32_t without a range: a big-endian float widened to double.
    case floatAsDouble
    /// Double32_t/Float16_t with a range: a u32 integer scaled to [low, high) with `bits` bits.
    case ranged(low: Double, high: Double, bits: Int, output: NumericKind)
    /// Double32_t/Float16_t with range [0, 0]: an 8-bit exponent and a 16-bit mantissa (3 bytes).
    case truncated(bits: Int, output: NumericKind)

    var diskWidth: Int {
        switch self {
        case .plain(let kind): return kind.byteWidth
        case .floatAsDouble, .ranged: return 4
        case .truncated: return 3
        }
    }

    var output: NumericKind {
        switch self {
        case .plain(let kind): return kind
        case .floatAsDouble: return .float64
        case .ranged(_, _, _, let output), .truncated(_, let output): return output
        }
    }

    /// Parses the range of a Double32_t/Float16_t from a title such as "d[-2.71,10,32]" or
    /// "[0, 2*pi, 12]" (numbers, `pi`, + - * / and parentheses), as ROOT interprets it.
    static func packed(title: String, isFloat16: Bool) -> ValueEncoding {
        let output: NumericKind = isFloat16 ? .float32 : .float64
        guard let open = title.firstIndex(of: "["), let close = title[open...].firstIndex(of: "]") else {
            return isFloat16 ? .truncated(bits: 12, output: output) : .floatAsDouble
        }
        let parts = title[title.index(after: open)..<close].split(separator: ",").map { RangeExpression.evaluate(String($0)) }
        guard parts.count == 2 || parts.count == 3, let low = parts[0], let high = parts[1] else {
            return isFloat16 ? .truncated(bits: 12, output: output) : .floatAsDouble
        }
        var bits = 32
        if parts.count == 3 {
            guard let b = parts[2], b == b.rounded() else {
                return isFloat16 ? .truncated(bits: 12, output: output) : .floatAsDouble
            }
            bits = (2...32).contains(Int(b)) ? Int(b) : 32
        }
        if low == 0 && high == 0 { return .truncated(bits: bits, output: output) }
        return .ranged(low: low, high: high, bits: bits, output: output)
    }
}

/// A tiny arithmetic evaluator for the range expressions in Double32_t comments.
enum RangeExpression {
    static func evaluate(_ text: String) -> Double? {
        var parser = Parser(characters: Array(text.filter { !$0.isWhitespace }))
        guard let value = parser.sum(), parser.index == parser.characters.count else { return nil }
        return value
    }

    struct Parser {
        let characters: [Character]
        var index = 0

        mutating func sum() -> Double? {
            guard var value = product() else { return nil }
            while index < characters.count, characters[index] == "+" || characters[index] == "-" {
                let op = characters[index]; index += 1
                guard let rhs = product() else { return nil }
                value = op == "+" ? value + rhs : value - rhs
            }
            return value
        }

        mutating func product() -> Double? {
            guard var value = unary() else { return nil }
            while index < characters.count, characters[index] == "*" || characters[index] == "/" {
                let op = characters[index]; index += 1
                guard let rhs = unary() else { return nil }
                value = op == "*" ? value * rhs : value / rhs
            }
            return value
        }

        mutating func unary() -> Double? {
            if index < characters.count, characters[index] == "-" { index += 1; return unary().map { -$0 } }
            if index < characters.count, characters[index] == "+" { index += 1; return unary() }
            return atom()
        }

        mutating func atom() -> Double? {
            guard index < characters.count else { return nil }
            if characters[index] == "(" {
                index += 1
                let value = sum()
                guard index < characters.count, characters[index] == ")" else { return nil }
                index += 1
                return value
            }
            let start = index
            while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "." || characters[index] == "_" || characters[index] == ":" {
                // allow exponents such as 1e-3
                if (characters[index] == "e" || characters[index] == "E"), index + 1 < characters.count,
                   characters[start].isNumber, characters[index + 1] == "-" || characters[index + 1] == "+" {
                    index += 2
                    continue
                }
                index += 1
            }
            let token = String(characters[start..<index]).lowercased()
            if token == "pi" || token == "tmath::pi()" { return Double.pi }
            if token == "tmath::pi" {
                if index + 1 < characters.count, characters[index] == "(", characters[index + 1] == ")" { index += 2 }
                return Double.pi
            }
            return Double(token)
        }
    }
}
