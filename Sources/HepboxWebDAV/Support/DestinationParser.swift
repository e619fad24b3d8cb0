import Foundation
import HepboxCore

/// Maps a `Destination` header or an `If:` resource tag (a full URL or an absolute path) into the tree.
enum DestinationParser {
    static func treePath(of value: String, base: String) throws -> TreePath {
        var path = Substring(value)
        if let schemeEnd = path.range(of: "://") {
            let afterScheme = path[schemeEnd.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        // Compare decoded forms so `%40` and `@` in the user segment agree.
        let decodedBase = base.removingPercentEncoding ?? base
        let decodedPath = String(path).removingPercentEncoding ?? String(path)
        guard decodedPath == decodedBase || decodedPath.hasPrefix(decodedBase + "/") else {
            throw HepboxError(.forbidden, "the destination \(value) is outside this tree")
        }
        // Strip the base in the encoded form: count the base's segments.
        let baseSegments = base.split(separator: "/").count
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= baseSegments else { throw HepboxError(.forbidden, "the destination \(value) is outside this tree") }
        return try TreePath(encoded: Substring(segments.dropFirst(baseSegments).joined(separator: "/")))
    }
}
