import HepboxCore
import Hummingbird

/// PROPFIND Depth 0 and 1 (and infinity when enabled); an empty body means allprop.
enum Propfind {
    enum Request { case allprop(include: [PropertyName]), propname, prop([PropertyName]) }

    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        let depth = try dav.depth(default: .infinity)
        if depth == .infinity && !services.settings.allowInfiniteDepth {
            return DAVError.response(HepboxError(.forbidden, "PROPFIND with Depth: infinity is not allowed here"),
                                     condition: "propfind-finite-depth")
        }
        let wanted = try parse(try await dav.xmlBody(limit: services.settings.maxXMLBodyBytes))
        let listingDepth: FileService.ListingDepth = depth == .zero ? .node : depth == .one ? .children : .all
        let entries = try await services.files.list(dav.principal, owner: dav.owner, path: dav.path, depth: listingDepth)
        let quota = try await services.files.quota(dav.principal, owner: dav.owner, path: dav.path)
        let locks = try await services.locks.allLocks(owner: dav.owner)
        var body = MultistatusWriter()
        for entry in entries {
            let live = LiveProperties(services: services, quota: quota, locks: locks,
                                      permissions: entry.permissions, shareTypes: entry.shareTypes,
                                      lockBaseHref: { dav.href((try? TreePath(components: $0.split(separator: "/").map(String.init))) ?? .root, isFolder: false) })
            body.response(href: dav.href(entry.path, isFolder: entry.node.isFolder),
                          propstats: propstats(wanted, node: entry.node, path: entry.path, live: live, dead: entry.properties))
        }
        return body.finish()
    }

    static func parse(_ root: XMLNode?) throws -> Request {
        guard let root else { return .allprop(include: []) }
        guard root.isElement(DAVNamespace.dav, "propfind") else {
            throw HepboxError.badRequest("a PROPFIND body must be a DAV:propfind element")
        }
        if root.child(DAVNamespace.dav, "propname") != nil { return .propname }
        if let prop = root.child(DAVNamespace.dav, "prop") {
            return .prop(prop.children.map { PropertyName(namespace: $0.namespace, name: $0.name) })
        }
        if root.child(DAVNamespace.dav, "allprop") != nil {
            let include = root.child(DAVNamespace.dav, "include")?.children.map { PropertyName(namespace: $0.namespace, name: $0.name) } ?? []
            return .allprop(include: include)
        }
        throw HepboxError.badRequest("a PROPFIND body needs prop, allprop or propname")
    }

    /// (status line, property elements) pairs, the 200 one first (pyocclient reads only the first).
    static func propstats(_ wanted: Request, node: Node, path: TreePath, live: LiveProperties,
                          dead: [DeadProperty]) -> [(String, [String])] {
        var found: [String] = []
        var missing: [String] = []
        func add(_ name: PropertyName) {
            if let value = live.value(name, node: node, path: path) {
                found.append(name.element(value))
            } else if let property = dead.first(where: { $0.namespace == name.namespace && $0.name == name.name }) {
                found.append(name.element(property.valueXML))
            } else if name == .oc("favorite") {
                found.append(name.element("0"))  // clients read a missing favorite flag as an error
            } else {
                missing.append(name.element(nil))
            }
        }
        switch wanted {
        case .prop(let names):
            for name in names { add(name) }
        case .allprop(let include):
            for name in LiveProperties.allprop {
                if let value = live.value(name, node: node, path: path) { found.append(name.element(value)) }
            }
            for property in dead {
                found.append(PropertyName(namespace: property.namespace, name: property.name).element(property.valueXML))
            }
            for name in include where !LiveProperties.allprop.contains(name) { add(name) }
        case .propname:
            for name in LiveProperties.allprop where live.value(name, node: node, path: path) != nil {
                found.append(name.element(nil))
            }
            for property in dead { found.append(PropertyName(namespace: property.namespace, name: property.name).element(nil)) }
        }
        var out: [(String, [String])] = []
        if !found.isEmpty { out.append(("HTTP/1.1 200 OK", found)) }
        if !missing.isEmpty { out.append(("HTTP/1.1 404 Not Found", missing)) }
        return out
    }
}

/// Builds a 207 Multi-Status answer.
struct MultistatusWriter {
    private var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\" xmlns:s=\"http://sabredav.org/ns\">"

    mutating func response(href: String, propstats: [(String, [String])]) {
        body += "<d:response><d:href>\(XMLText.escape(href))</d:href>"
        for (status, props) in propstats {
            body += "<d:propstat><d:prop>" + props.joined() + "</d:prop><d:status>\(status)</d:status></d:propstat>"
        }
        body += "</d:response>"
    }

    mutating func response(href: String, status: String) {
        body += "<d:response><d:href>\(XMLText.escape(href))</d:href><d:status>\(status)</d:status></d:response>"
    }

    func finish() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        let text = body + "</d:multistatus>\n"
        return Response(status: .init(code: 207, reasonPhrase: "Multi-Status"), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
