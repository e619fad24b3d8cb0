import Foundation

/// A validated path inside one user's tree: NFC-normalised components with no `.`/`..`, NUL, control characters or
/// slashes. Building one is the only way a request path reaches the namespace, so nothing can leave its root.
public struct TreePath: Sendable, Hashable, CustomStringConvertible {
    public let components: [String]

    public static let root = TreePath(validated: [])

    private init(validated: [String]) { components = validated }

    /// Validates already percent-decoded components.
    public init(components raw: [String]) throws {
        var out: [String] = []
        for component in raw where !component.isEmpty {
            try Self.validate(component)
            // ASCII is already NFC; normalising costs more than the rest of a small request's path handling.
            out.append(component.utf8.allSatisfy { $0 < 0x80 } ? component : component.precomposedStringWithCanonicalMapping)
        }
        components = out
    }

    /// Parses a plain path (not percent-encoded), e.g. `a b/c`, as forms, OCS parameters and stored paths give it.
    public init(slashSeparated text: some StringProtocol) throws {
        try self.init(components: Self.segments(text))
    }

    /// Parses a percent-encoded path (as it appears in a URL), e.g. `/a%20b/c`.
    public init(encoded: Substring) throws {
        try self.init(components: Self.decodedSegments(encoded))
    }

    /// The percent-decoded segments of a URL path, split on the byte; 400 for an invalid percent-encoding or an
    /// encoded slash. Not yet validated as names (routes use it for their own segments too).
    public static func decodedSegments(_ encoded: some StringProtocol) throws -> [String] {
        try segments(encoded).map { segment in
            guard segment.utf8.contains(UInt8(ascii: "%")) else { return segment }  // nothing to decode (most paths)
            guard let value = segment.removingPercentEncoding else {
                throw HepboxError.badRequest("the path has an invalid percent-encoding: \(segment)")
            }
            if value.utf8.contains(UInt8(ascii: "/")) { throw HepboxError.badRequest("a path segment contains an encoded slash") }
            return value
        }
    }

    /// The non-empty segments between slashes, split on the byte: a path's separators are bytes, and splitting by
    /// Character would neither see a slash that a combining mark follows nor be cheap (grapheme breaking).
    static func segments(_ text: some StringProtocol) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private static func validate(_ component: String) throws {
        if component == "." || component == ".." {
            throw HepboxError.badRequest("the path contains a '\(component)' segment")
        }
        if component.utf8.contains(UInt8(ascii: "/")) { throw HepboxError.badRequest("a name cannot contain a slash") }
        for scalar in component.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            throw HepboxError.badRequest("the path contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))")
        }
        if component.utf8.count > 255 { throw HepboxError.badRequest("a name is longer than 255 bytes") }
    }

    public var isRoot: Bool { components.isEmpty }
    public var name: String { components.last ?? "" }
    public var parent: TreePath? { isRoot ? nil : TreePath(validated: Array(components.dropLast())) }

    public func appending(_ name: String) throws -> TreePath { try TreePath(components: components + [name]) }

    /// Appends a name read back from the namespace, which was validated and NFC-normalised when it was stored
    /// (listings build thousands of paths; normalising each again dominated their cost).
    func appendingStored(_ name: String) -> TreePath { TreePath(validated: components + [name]) }

    /// True when `self` is `other` or lies below it.
    public func hasPrefix(_ other: TreePath) -> Bool {
        components.count >= other.components.count && Array(components.prefix(other.components.count)) == other.components
    }

    /// `a/b/c` without leading or trailing slash ("" for the root).
    public var description: String { components.joined(separator: "/") }
}
