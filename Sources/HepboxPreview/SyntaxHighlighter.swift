import HepboxCore
/// Turns source text into escaped HTML with `<span class="tok-…">` around keywords, strings, comments, numbers and
/// preprocessor lines. Only the fixed class names below ever appear in the markup; everything from the file is
/// escaped text.
struct SyntaxHighlighter {
    enum Token: String {
        case keyword = "tok-kw", string = "tok-str", comment = "tok-com", number = "tok-num", meta = "tok-meta"
    }

    let rules: LexRules

    init(_ language: SourceLanguage) { rules = LexRules.rules(for: language) }

    /// The inside of a `<pre>`: escaped, highlighted text.
    func html(_ text: String) -> String {
        var lexer = Lexer(source: Array(text.utf8), rules: rules)
        return String(decoding: lexer.run(), as: UTF8.self)
    }
}

/// One pass over UTF-8 bytes (all syntax characters are ASCII, so multi-byte characters are never split).
private struct Lexer {
    let source: [UInt8]
    let rules: LexRules
    var position = 0
    var out: [UInt8] = []

    init(source: [UInt8], rules: LexRules) {
        self.source = source
        self.rules = rules
        out.reserveCapacity(source.count + source.count / 4)
    }

    mutating func run() -> [UInt8] {
        while position < source.count {
            if let end = commentEnd() {
                emit(.comment, upTo: end)
            } else if let end = directiveEnd() {
                emit(.meta, upTo: end)
            } else if let end = stringEnd() {
                emit(.string, upTo: end)
            } else if let end = numberEnd() {
                emit(.number, upTo: end)
            } else if isIdentifierStart(source[position]) {
                let end = scan(from: position, while: isIdentifierPart)
                let word = String(decoding: source[position..<end], as: UTF8.self)
                if rules.keywords.contains(word) { emit(.keyword, upTo: end) } else { emitPlain(upTo: end) }
            } else {
                emitPlain(upTo: position + 1)
            }
        }
        return out
    }

    // MARK: token ends (nil: no such token starts here)

    private func commentEnd() -> Int? {
        if let block = rules.blockComment, matches(block.open, at: position) {
            let bodyStart = position + block.open.utf8.count
            guard let close = find(block.close, from: bodyStart) else { return source.count }
            return close + block.close.utf8.count
        }
        for marker in rules.lineComments where matches(marker, at: position) {
            if rules.commentNeedsSpace && position > 0 && !isSpace(source[position - 1]) { continue }
            return lineEnd(from: position)
        }
        return nil
    }

    private func directiveEnd() -> Int? {
        guard rules.preprocessor, source[position] == UInt8(ascii: "#"), atLineStart(position) else { return nil }
        return lineEnd(from: position)
    }

    private func stringEnd() -> Int? {
        for delimiter in rules.longStrings where matches(delimiter, at: position) {
            let bodyStart = position + delimiter.utf8.count
            guard let close = find(delimiter, from: bodyStart) else { return source.count }
            return close + delimiter.utf8.count
        }
        let quote = source[position]
        guard rules.quotes.contains(quote) else { return nil }
        var index = position + 1
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == quote { return index + 1 }
            if byte == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return source.count
    }

    private func numberEnd() -> Int? {
        let byte = source[position]
        guard isDigit(byte), position == 0 || !isIdentifierPart(source[position - 1]) else { return nil }
        var index = position + 1
        while index < source.count {
            let current = source[index]
            if isIdentifierPart(current) {
                index += 1
            } else if current == UInt8(ascii: "."), index + 1 < source.count, isDigit(source[index + 1]) {
                index += 1
            } else if current == UInt8(ascii: "+") || current == UInt8(ascii: "-"),
                      source[index - 1] == UInt8(ascii: "e") || source[index - 1] == UInt8(ascii: "E") {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    // MARK: output

    private mutating func emit(_ token: SyntaxHighlighter.Token, upTo end: Int) {
        let stop = min(end, source.count)
        out += Array("<span class=\"\(token.rawValue)\">".utf8)
        HTMLText.appendEscaped(source[position..<stop], to: &out)
        out += Array("</span>".utf8)
        position = stop
    }

    private mutating func emitPlain(upTo end: Int) {
        let stop = min(end, source.count)
        HTMLText.appendEscaped(source[position..<stop], to: &out)
        position = stop
    }

    // MARK: scanning helpers

    private func matches(_ text: String, at index: Int) -> Bool {
        let bytes = text.utf8
        guard index + bytes.count <= source.count else { return false }
        return source[index..<(index + bytes.count)].elementsEqual(bytes)
    }

    private func find(_ text: String, from start: Int) -> Int? {
        var index = start
        while index < source.count {
            if matches(text, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func lineEnd(from start: Int) -> Int {
        source[start...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
    }

    private func atLineStart(_ index: Int) -> Bool {
        var back = index - 1
        while back >= 0, source[back] == UInt8(ascii: " ") || source[back] == UInt8(ascii: "\t") { back -= 1 }
        return back < 0 || source[back] == UInt8(ascii: "\n")
    }

    private func scan(from start: Int, while predicate: (UInt8) -> Bool) -> Int {
        var index = start
        while index < source.count, predicate(source[index]) { index += 1 }
        return index
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }
    private func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
}
