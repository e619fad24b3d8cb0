import Foundation

struct Token: Equatable {
    enum Kind: Equatable { case number(Double), identifier(String), symbol(String), end }
    let kind: Kind
    let position: Int
    let text: String
}

/// Splits expression text into numbers, identifiers and operator symbols.
enum Lexer {
    static let symbols = ["**", "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "^", "<", ">", "!",
                          "(", ")", "[", "]", ",", ".", "="]

    static func tokenize(_ text: String) throws -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c.isNumber && c.isASCII {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                // a fraction only when a digit follows the dot, so `pairs.0.pt` stays member access
                if i + 1 < chars.count, chars[i] == ".", chars[i + 1].isASCII, chars[i + 1].isNumber {
                    i += 1
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                        i = j
                        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                    }
                }
                let s = String(chars[start..<i])
                guard let v = Double(s) else {
                    throw ColumnarError.parse(message: "malformed number", position: start, token: s)
                }
                tokens.append(Token(kind: .number(v), position: start, text: s))
                continue
            }
            if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                let s = String(chars[start..<i])
                tokens.append(Token(kind: .identifier(s), position: start, text: s))
                continue
            }
            if let sym = symbols.first(where: { sym in
                let sc = Array(sym)
                return i + sc.count <= chars.count && Array(chars[i..<(i + sc.count)]) == sc
            }) {
                i += sym.count
                tokens.append(Token(kind: .symbol(sym), position: start, text: sym))
                continue
            }
            throw ColumnarError.parse(message: "unexpected character", position: start, token: String(c))
        }
        tokens.append(Token(kind: .end, position: chars.count, text: "end of input"))
        return tokens
    }
}
