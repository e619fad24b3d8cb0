import HepboxCore

/// The RFC 4918 `If:` header: lists of conditions on lock tokens and etags, optionally tagged with a resource.
struct IfHeader: Equatable {
    struct Condition: Equatable {
        enum Kind: Equatable { case token(String), etag(String) }
        var negated: Bool
        var kind: Kind
    }

    struct TaggedList: Equatable {
        /// The resource the list applies to (a URL or path), nil for the request URI.
        var resource: String?
        var conditions: [Condition]
    }

    var lists: [TaggedList]

    /// Every lock token the client named (not negated): these are the tokens it "submits".
    var submittedTokens: Set<String> {
        var out = Set<String>()
        for list in lists {
            for condition in list.conditions where !condition.negated {
                if case .token(let token) = condition.kind { out.insert(token) }
            }
        }
        return out
    }

    /// Parses the header; 400 on malformed syntax.
    init(parsing text: String) throws {
        var scanner = Scanner(Array(text.unicodeScalars))
        var lists: [TaggedList] = []
        var currentTag: String?
        while true {
            scanner.skipSpaces()
            guard let ch = scanner.peek() else { break }
            if ch == "<" {
                currentTag = try scanner.readDelimited(open: "<", close: ">")
            } else if ch == "(" {
                scanner.advance()
                var conditions: [Condition] = []
                while true {
                    scanner.skipSpaces()
                    guard let c = scanner.peek() else { throw HepboxError.badRequest("If header: unterminated list") }
                    if c == ")" { scanner.advance(); break }
                    var negated = false
                    if scanner.consumeWord("Not") { negated = true; scanner.skipSpaces() }
                    guard let next = scanner.peek() else { throw HepboxError.badRequest("If header: unterminated list") }
                    if next == "<" {
                        conditions.append(Condition(negated: negated, kind: .token(try scanner.readDelimited(open: "<", close: ">"))))
                    } else if next == "[" {
                        let raw = try scanner.readDelimited(open: "[", close: "]").trimmingCharacters(in: .whitespaces)
                        conditions.append(Condition(negated: negated, kind: .etag(raw)))
                    } else {
                        throw HepboxError.badRequest("If header: unexpected '\(next)'")
                    }
                }
                if conditions.isEmpty { throw HepboxError.badRequest("If header: empty list") }
                lists.append(TaggedList(resource: currentTag, conditions: conditions))
            } else {
                throw HepboxError.badRequest("If header: unexpected '\(ch)'")
            }
        }
        if lists.isEmpty { throw HepboxError.badRequest("If header: no condition") }
        self.lists = lists
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var index = 0
        init(_ chars: [Unicode.Scalar]) { self.chars = chars }
        func peek() -> Character? { index < chars.count ? Character(chars[index]) : nil }
        mutating func advance() { index += 1 }
        mutating func skipSpaces() { while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 } }
        mutating func consumeWord(_ word: String) -> Bool {
            let w = Array(word.unicodeScalars)
            guard index + w.count <= chars.count, Array(chars[index..<index + w.count]) == w else { return false }
            index += w.count
            return true
        }
        mutating func readDelimited(open: Character, close: Character) throws -> String {
            advance()
            var out = String.UnicodeScalarView()
            while index < chars.count, Character(chars[index]) != close { out.append(chars[index]); index += 1 }
            guard index < chars.count else { throw HepboxError.badRequest("If header: missing '\(close)'") }
            index += 1
            return String(out)
        }
    }
}

/// What a condition is evaluated against: the resource's etag (nil when unmapped) and the lock tokens that cover it.
struct ResourceState {
    var etag: String?
    var lockTokens: Set<String>

    func satisfies(_ condition: IfHeader.Condition) -> Bool {
        let holds: Bool
        switch condition.kind {
        case .token(let token): holds = lockTokens.contains(token)
        case .etag(let tag):
            if let etag { holds = tag == "\"\(etag)\"" } else { holds = false }
        }
        return condition.negated ? !holds : holds
    }
}

import Foundation
