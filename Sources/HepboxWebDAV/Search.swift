import Foundation
import HepboxCore
import Hummingbird

/// DAV `SEARCH` (RFC 5323 basicsearch) as Nextcloud serves it at `/remote.php/dav/`: scope `/files/<user>/<path>`,
/// conditions on the name (`like`, `eq`), content type, size and modification time combined with and/or/not,
/// `orderby`, and `limit`.
struct Search: Sendable {
    static let paths: Set<String> = ["/remote.php/dav", "/remote.php/dav/"]
    let services: WebDAVServices

    indirect enum Condition {
        case and([Condition]), or([Condition]), not(Condition)
        case compare(op: String, property: PropertyName, literal: String)
        case isCollection
    }

    func respond(_ request: Request, principal: Principal) async throws -> Response {
        guard request.method.rawValue == "SEARCH" else { throw HepboxError(.methodNotAllowed, "only SEARCH is answered here") }
        var bytes: [UInt8] = []
        for try await chunk in ClientBody(request.body) {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > services.settings.maxXMLBodyBytes { throw HepboxError(.payloadTooLarge, "the search body is too large") }
        }
        let root = try XMLBodyParser.parse(Data(bytes))
        guard root.isElement(DAVNamespace.dav, "searchrequest"), let basic = root.child(DAVNamespace.dav, "basicsearch") else {
            throw HepboxError.badRequest("SEARCH needs a DAV:searchrequest with a basicsearch")
        }
        let wanted: Propfind.Request = basic.child(DAVNamespace.dav, "select")?.child(DAVNamespace.dav, "prop").map {
            .prop($0.children.map { PropertyName(namespace: $0.namespace, name: $0.name) })
        } ?? .allprop(include: [])
        guard let scopeHref = basic.child(DAVNamespace.dav, "from")?.child(DAVNamespace.dav, "scope")?
            .child(DAVNamespace.dav, "href")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        else { throw HepboxError.badRequest("SEARCH needs a scope href") }
        let scope = Substring(scopeHref.hasPrefix("/remote.php/dav") ? String(scopeHref.dropFirst("/remote.php/dav".count)) : scopeHref)
        let segments = scope.split(separator: "/")
        guard segments.count >= 2, segments[0] == "files", let user = String(segments[1]).removingPercentEncoding else {
            throw HepboxError.badRequest("the search scope must be /files/<user>/…")
        }
        let path = try TreePath(encoded: Substring(segments.dropFirst(2).joined(separator: "/")))
        let condition = try basic.child(DAVNamespace.dav, "where")?.children.first.map(Self.parse)
        let limit = basic.child(DAVNamespace.dav, "limit")?.child(DAVNamespace.dav, "nresults").flatMap { Int($0.text.trimmingCharacters(in: .whitespaces)) }

        let entries = try await services.files.list(principal, owner: user, path: path, depth: .allIncludingShares)
        var matches = entries.dropFirst().filter { entry in condition.map { Self.matches($0, entry) } ?? true }
        if let order = basic.child(DAVNamespace.dav, "orderby")?.children(DAVNamespace.dav, "order").first,
           let property = order.child(DAVNamespace.dav, "prop")?.children.first {
            let descending = order.child(DAVNamespace.dav, "descending") != nil
            let name = PropertyName(namespace: property.namespace, name: property.name)
            matches.sort { a, b in
                let less = Self.sortKey(name, a) < Self.sortKey(name, b)
                return descending ? !less && Self.sortKey(name, a) != Self.sortKey(name, b) : less
            }
        }
        if let limit { matches = Array(matches.prefix(max(0, limit))) }

        let quota = try await services.files.quota(owner: user)
        let base = WebDAVFrontEnd.filesPrefix + URLEncoding.encodeSegment(user)
        var body = MultistatusWriter()
        for entry in matches {
            let live = LiveProperties(services: services, quota: quota, locks: [],
                                      permissions: entry.permissions, shareTypes: entry.shareTypes,
                                      lockBaseHref: { _ in "" })
            var href = base
            for component in entry.path.components { href += "/" + URLEncoding.encodeSegment(component) }
            if entry.node.isFolder { href += "/" }
            body.response(href: href, wanted: wanted, node: entry.node, path: entry.path, live: live,
                          dead: entry.properties)
        }
        return body.finish()
    }

    static func parse(_ element: XMLNode) throws -> Condition {
        guard element.namespace == DAVNamespace.dav else { throw HepboxError.badRequest("unknown search operator \(element.name)") }
        switch element.name {
        case "and": return .and(try element.children.map(parse))
        case "or": return .or(try element.children.map(parse))
        case "not":
            guard let inner = element.children.first else { throw HepboxError.badRequest("not needs an operand") }
            return .not(try parse(inner))
        case "is-collection": return .isCollection
        case "eq", "like", "lt", "lte", "gt", "gte":
            guard let prop = element.child(DAVNamespace.dav, "prop")?.children.first,
                  let literal = element.child(DAVNamespace.dav, "literal")
            else { throw HepboxError.badRequest("\(element.name) needs a prop and a literal") }
            return .compare(op: element.name, property: PropertyName(namespace: prop.namespace, name: prop.name), literal: literal.text)
        default: throw HepboxError.badRequest("unsupported search operator \(element.name)")
        }
    }

    static func matches(_ condition: Condition, _ entry: ListedNode) -> Bool {
        switch condition {
        case .and(let all): return all.allSatisfy { matches($0, entry) }
        case .or(let any): return any.contains { matches($0, entry) }
        case .not(let inner): return !matches(inner, entry)
        case .isCollection: return entry.node.isFolder
        case .compare(let op, let property, let literal):
            let node = entry.node
            switch (property.namespace, property.name) {
            case (DAVNamespace.dav, "displayname"):
                return op == "like" ? like(node.name, literal) : op == "eq" && node.name == literal
            case (DAVNamespace.dav, "getcontenttype"):
                let type = node.isFolder ? "httpd/unix-directory" : (node.contentType ?? MimeTypes.guess(node.name))
                return op == "like" ? like(type, literal) : op == "eq" && type == literal
            case (DAVNamespace.dav, "getcontentlength"), (DAVNamespace.owncloud, "size"):
                return compareNumbers(op, Double(node.size), Double(literal.trimmingCharacters(in: .whitespaces)))
            case (DAVNamespace.dav, "getlastmodified"):
                let value = Double(literal.trimmingCharacters(in: .whitespaces)) ?? HTTPDate.parse(literal).map(Double.init)
                    ?? ISO8601DateFormatter().date(from: literal).map { $0.timeIntervalSince1970 }
                return compareNumbers(op, Double(node.mtime), value)
            case (DAVNamespace.owncloud, "favorite"):
                let favorite = entry.properties.contains { $0.namespace == DAVNamespace.owncloud && $0.name == "favorite" && $0.valueXML == "1" }
                return (literal.trimmingCharacters(in: .whitespaces) == "1") == favorite
            default: return false
            }
        }
    }

    static func compareNumbers(_ op: String, _ value: Double, _ literal: Double?) -> Bool {
        guard let literal else { return false }
        switch op {
        case "eq": return value == literal
        case "lt": return value < literal
        case "lte": return value <= literal
        case "gt": return value > literal
        case "gte": return value >= literal
        default: return false
        }
    }

    /// SQL LIKE: `%` any run, `_` one character, case-insensitive as Nextcloud's file search.
    static func like(_ value: String, _ pattern: String) -> Bool {
        let v = Array(value.lowercased()), p = Array(pattern.lowercased())
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: p.count + 1), count: v.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if j == p.count { result = i == v.count }
            else if p[j] == "%" { result = match(i, j + 1) || (i < v.count && match(i + 1, j)) }
            else { result = i < v.count && (p[j] == "_" || p[j] == v[i]) && match(i + 1, j + 1) }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }

    static func sortKey(_ name: PropertyName, _ entry: ListedNode) -> String {
        switch name.name {
        case "getlastmodified": return String(format: "%020lld", entry.node.mtime)
        case "getcontentlength", "size": return String(format: "%020lld", entry.node.size)
        default: return entry.node.name.lowercased()
        }
    }
}
