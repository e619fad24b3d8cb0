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
        let listing = try await services.files.listWithContext(dav.principal, owner: dav.owner, path: dav.path, depth: listingDepth)
        let (entries, quota) = (listing.entries, listing.quota)
        let locks = try await services.locks.locksInView(at: listing.location)
        var body = MultistatusWriter(expectedResponses: entries.count)
        let lockBaseHref: (String) -> String = {
            dav.href((try? TreePath(slashSeparated: $0)) ?? .root, isFolder: false)
        }
        var hrefs = ListingHrefs(dav: dav)
        for entry in entries {
            let live = LiveProperties(services: services, quota: quota, locks: locks,
                                      permissions: entry.permissions, shareTypes: entry.shareTypes,
                                      lockBaseHref: lockBaseHref)
            body.response(href: { hrefs.write(entry.path, isFolder: entry.node.isFolder, to: &$0) }, wanted: wanted,
                          node: entry.node, path: entry.path, live: live, dead: entry.properties)
        }
        return body.finish()
    }

    /// The hrefs of a listing's entries, written (escaped) into the answer: members of one folder follow each
    /// other and share its encoded href, so only their own names are encoded, and no string is built per entry.
    struct ListingHrefs {
        let dav: DAVRequest
        private var folder: ArraySlice<String>?
        private var escapedFolderHref = ""

        init(dav: DAVRequest) { self.dav = dav }

        mutating func write(_ path: TreePath, isFolder: Bool, to out: inout XMLBytes) {
            guard let name = path.components.last else { return out.appendEscaped(dav.href(path, isFolder: true)) }
            let parent = path.components.dropLast()
            if folder != parent {
                folder = parent
                escapedFolderHref = XMLText.escape(dav.folderHref(parent))
            }
            out += escapedFolderHref
            out.appendEscaped(URLEncoding.encodeSegment(name))
            if isFolder { out += "/" }
        }
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

    /// Calls `found` for each property the node has (in answer order) and `missing` for each asked-for one it
    /// lacks. The 200 propstat comes first (pyocclient reads only that).
    static func properties(_ wanted: Request, node: Node, path: TreePath, live: LiveProperties, dead: [DeadProperty],
                           found: (PropertyName, PropertyValue) -> Void, missing: (PropertyName) -> Void) {
        func add(_ name: PropertyName) {
            if let value = live.value(name, node: node, path: path) {
                found(name, value)
            } else if let property = dead.first(where: { $0.namespace == name.namespace && $0.name == name.name }) {
                found(name, .xml(property.valueXML))
            } else if name == .oc("favorite") {
                found(name, .xml("0"))  // clients read a missing favorite flag as an error
            } else {
                missing(name)
            }
        }
        switch wanted {
        case .prop(let names):
            for name in names { add(name) }
        case .allprop(let include):
            for name in LiveProperties.allprop {
                if let value = live.value(name, node: node, path: path) { found(name, value) }
            }
            for property in dead {
                found(PropertyName(namespace: property.namespace, name: property.name), .xml(property.valueXML))
            }
            for name in include where !LiveProperties.allprop.contains(name) { add(name) }
        case .propname:
            for name in LiveProperties.allprop where live.value(name, node: node, path: path) != nil { found(name, .empty) }
            for property in dead { found(PropertyName(namespace: property.namespace, name: property.name), .empty) }
        }
    }
}

/// Builds a 207 Multi-Status answer.
struct MultistatusWriter {
    private var body: XMLBytes

    /// `expectedResponses`: how many responses follow, to size the buffer once (about 400 bytes each).
    init(expectedResponses: Int = 1) {
        body = XMLBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\" xmlns:s=\"http://sabredav.org/ns\">",
                        capacity: 512 + 400 * max(1, expectedResponses))
    }

    mutating func response(href: String, propstats: [(String, [String])]) {
        // Appended piece by piece into the one body: no temporary string per element.
        body += "<d:response><d:href>"
        body += XMLText.escape(href)
        body += "</d:href>"
        for (status, props) in propstats {
            body += "<d:propstat><d:prop>"
            for prop in props { body += prop }
            body += "</d:prop><d:status>"
            body += status
            body += "</d:status></d:propstat>"
        }
        body += "</d:response>"
    }

    /// The answer for one node, written straight into the body (the same XML as `propstats`, without building
    /// a string per element: a 1000-entry listing spent most of its time there).
    mutating func response(href: String, wanted: Propfind.Request, node: Node, path: TreePath, live: LiveProperties,
                           dead: [DeadProperty]) {
        response(href: { $0.appendEscaped(href) }, wanted: wanted, node: node, path: path, live: live, dead: dead)
    }

    /// The same, with the href written by `href` (unescaped hrefs are escaped by it).
    mutating func response(href: (inout XMLBytes) -> Void, wanted: Propfind.Request, node: Node, path: TreePath,
                           live: LiveProperties, dead: [DeadProperty]) {
        body += "<d:response><d:href>"
        href(&body)
        body += "</d:href>"
        var missing: [PropertyName] = []
        var open = false
        Propfind.properties(wanted, node: node, path: path, live: live, dead: dead, found: { name, inner in
            if !open {
                body += "<d:propstat><d:prop>"
                open = true
            }
            name.append(inner, to: &body)
        }, missing: { missing.append($0) })
        if open { body += "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>" }
        if !missing.isEmpty {
            body += "<d:propstat><d:prop>"
            for name in missing { name.append(.empty, to: &body) }
            body += "</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>"
        }
        body += "</d:response>"
    }

    mutating func response(href: String, status: String) {
        body += "<d:response><d:href>"
        body += XMLText.escape(href)
        body += "</d:href><d:status>"
        body += status
        body += "</d:status></d:response>"
    }

    mutating func finish() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        body += "</d:multistatus>\n"
        return Response(status: .init(code: 207, reasonPhrase: "Multi-Status"), headers: headers,
                        body: .init(byteBuffer: body.buffer))
    }
}
