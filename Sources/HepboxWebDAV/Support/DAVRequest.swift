import HepboxCore
import HTTPTypes
import Hummingbird

/// One WebDAV request after routing and authentication: whose tree, which path, who asks.
struct DAVRequest: Sendable {
    let request: Request
    let owner: String
    let path: TreePath
    /// The URL path of the tree's root without a trailing slash, e.g. `/remote.php/dav/files/alice`.
    let hrefBase: String
    var context: OperationContext
    /// Where this request's server faults are logged.
    let faults: FaultLog

    var principal: Principal { context.principal }
    var method: String { request.method.rawValue }

    /// Content for this request's answer, with a server fault met while it streams logged.
    func watching(_ content: BlobReadStream) -> FaultWatchedContent<BlobReadStream> {
        faults.watching(content, user: principal.name)
    }

    func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return request.headers[field]
    }

    /// The href of a path in this tree, percent-encoded, with a trailing slash for folders.
    func href(_ path: TreePath, isFolder: Bool) -> String {
        guard let name = path.components.last else { return folderHref(path.components) }
        return folderHref(path.components.dropLast()) + URLEncoding.encodeSegment(name) + (isFolder ? "/" : "")
    }

    /// The href of the folder with these path components (ending with `/`).
    func folderHref(_ components: some Collection<String>) -> String {
        var out = hrefBase
        for component in components {
            out += "/"
            out += URLEncoding.encodeSegment(component)
        }
        out += "/"
        return out
    }

    enum Depth: Equatable { case zero, one, infinity }

    /// The Depth header; `defaultValue` when absent; 400 when malformed.
    func depth(default defaultValue: Depth) throws -> Depth {
        guard let raw = header("Depth")?.trimmingCharacters(in: .whitespaces).lowercased() else { return defaultValue }
        switch raw {
        case "0": return .zero
        case "1": return .one
        case "infinity": return .infinity
        default: throw HepboxError.badRequest("Depth must be 0, 1 or infinity, not \(raw)")
        }
    }

    /// Overwrite: T (default) or F.
    func overwrite() throws -> Bool {
        guard let raw = header("Overwrite")?.trimmingCharacters(in: .whitespaces).uppercased() else { return true }
        switch raw {
        case "T": return true
        case "F": return false
        default: throw HepboxError.badRequest("Overwrite must be T or F")
        }
    }

    /// Etags from If-Match / If-None-Match, unquoted, weak prefixes kept so they never match a strong etag.
    func etagList(_ name: String) -> [String]? {
        guard let raw = header(name) else { return nil }
        return raw.split(separator: ",").map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed == "*" { return "*" }
            if trimmed.hasPrefix("W/") { return trimmed }
            return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    func preconditions() -> Preconditions {
        Preconditions(ifMatch: etagList("If-Match"), ifNoneMatch: etagList("If-None-Match"))
    }

    /// Reads an XML body up to the configured limit (413 beyond it); nil when the body is empty.
    func xmlBody(limit: Int) async throws -> XMLNode? {
        if let length = header("Content-Length").flatMap(Int.init), length > limit {
            throw HepboxError(.payloadTooLarge, "the XML body is larger than \(limit) bytes")
        }
        var collected = [UInt8]()
        for try await chunk in ClientBody(request.body) {
            collected.append(contentsOf: chunk.readableBytesView)
            if collected.count > limit { throw HepboxError(.payloadTooLarge, "the XML body is larger than \(limit) bytes") }
        }
        if collected.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try XMLBodyParser.parse(Data(collected))
    }
}

import Foundation
