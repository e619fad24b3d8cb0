import HepboxCore

/// Values of the live properties hepbox computes for a node (DAV core and the `oc:` set the sync clients need).
struct LiveProperties {
    let services: WebDAVServices
    let quota: (used: Int64, available: Int64?)
    let locks: [LockRecord]
    let permissions: Permissions
    /// Types of the shares the viewer made of the node (`oc:share-types`).
    var shareTypes: [ShareType] = []
    let lockBaseHref: (String) -> String

    /// The properties `allprop` returns (RFC 4918 lists the DAV ones; the `oc:` ones are what ownCloud returns).
    static let allprop: [PropertyName] = [
        .dav("resourcetype"), .dav("getetag"), .dav("getlastmodified"), .dav("getcontentlength"),
        .dav("getcontenttype"), .dav("creationdate"), .dav("displayname"), .dav("supportedlock"), .dav("lockdiscovery"),
        .dav("quota-used-bytes"), .dav("quota-available-bytes"),
        .oc("id"), .oc("fileid"), .oc("permissions"), .oc("size"), .oc("checksums"), .oc("share-types"),
        .oc("data-fingerprint"),
    ]

    /// Every name this type can answer (for PROPPATCH's "protected" check and propname).
    static let known: Set<PropertyName> = Set(allprop)

    /// The value of a live property; nil when the property does not exist for this node.
    func value(_ property: PropertyName, node: Node, path: TreePath) -> PropertyValue? {
        switch (property.namespace, property.name) {
        case (DAVNamespace.dav, "resourcetype"): return node.isFolder ? .xml("<d:collection/>") : .empty
        case (DAVNamespace.dav, "getetag"): return .quoted(node.etag)
        case (DAVNamespace.dav, "getlastmodified"): return .httpDate(node.mtime)
        case (DAVNamespace.dav, "creationdate"): return .xml(HTTPDate.iso8601(node.mtime))
        case (DAVNamespace.dav, "displayname"): return .text(node.name)
        case (DAVNamespace.dav, "getcontentlength"):
            if node.isFolder { return nil }
            return .number(node.size)
        case (DAVNamespace.dav, "getcontenttype"):
            if node.isFolder { return nil }
            return .text(node.contentType ?? MimeTypes.guess(node.name))
        case (DAVNamespace.dav, "quota-used-bytes"):
            if !node.isFolder { return nil }
            return .number(node.size)
        case (DAVNamespace.dav, "quota-available-bytes"):
            // -3 is ownCloud's "unlimited", which the clients understand.
            if !node.isFolder { return nil }
            return .number(quota.available ?? -3)
        case (DAVNamespace.dav, "supportedlock"):
            return .xml("<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>"
                + "<d:lockentry><d:lockscope><d:shared/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>")
        case (DAVNamespace.dav, "lockdiscovery"):
            let covering = locks.filter { LockRules.covers($0, path: path) }
            return covering.isEmpty ? .empty : .xml(covering.map { ActiveLockXML.render($0, root: lockBaseHref($0.path)) }.joined())
        case (DAVNamespace.owncloud, "id"): return .text(services.files.ownCloudID(node))
        case (DAVNamespace.owncloud, "fileid"): return .number(node.id)
        case (DAVNamespace.owncloud, "permissions"): return .text(permissions.ownCloudLetters(isFolder: node.isFolder))
        case (DAVNamespace.owncloud, "size"): return .number(node.size)
        case (DAVNamespace.owncloud, "checksums"):
            if node.isFolder { return nil }
            guard let sums = node.checksums else { return .empty }
            return .xml("<oc:checksum>\(sums.ownCloudList)</oc:checksum>")
        case (DAVNamespace.owncloud, "share-types"):
            return shareTypes.isEmpty ? .empty : .xml(shareTypes.map { "<oc:share-type>\($0.rawValue)</oc:share-type>" }.joined())
        case (DAVNamespace.owncloud, "data-fingerprint"): return .empty
        default: return nil
        }
    }
}

/// A property's inner XML, kept as what it is so that a listing writes it straight into the answer (a 1000-entry
/// PROPFIND formatted a string per value before).
enum PropertyValue: Equatable {
    /// The element exists and is empty.
    case empty
    /// Inner XML, written as is.
    case xml(String)
    /// Text, escaped when written.
    case text(String)
    case number(Int64)
    /// An RFC 1123 date.
    case httpDate(Int64)
    /// A quoted etag: `"…"`, escaped.
    case quoted(String)

    /// Writes the inner XML.
    func write(to out: inout XMLBytes) {
        switch self {
        case .empty: break
        case .xml(let xml): out += xml
        case .text(let text): out.appendEscaped(text)
        case .number(let number): out.appendDecimal(number)
        case .httpDate(let seconds): out.appendHTTPDate(seconds)
        case .quoted(let text):
            out += "\""
            out.appendEscaped(text)
            out += "\""
        }
    }

    var isEmpty: Bool {
        switch self {
        case .empty: true
        case .xml(let xml): xml.isEmpty
        case .text(let text): text.isEmpty
        default: false
        }
    }

    /// The inner XML as a string (nil when empty), for answers built from strings.
    var xml: String? {
        switch self {
        case .empty: nil
        case .xml(let xml): xml.isEmpty ? nil : xml
        case .text(let text): text.isEmpty ? nil : XMLText.escape(text)
        case .number(let number): String(number)
        case .httpDate(let seconds): HTTPDate.format(seconds)
        case .quoted(let text): XMLText.escape("\"\(text)\"")
        }
    }
}

/// `<d:activelock>` as LOCK answers and lockdiscovery show it.
enum ActiveLockXML {
    static func render(_ lock: LockRecord, root: String) -> String {
        "<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope><d:\(lock.scope.rawValue)/></d:lockscope>"
            + "<d:depth>\(lock.deep ? "infinity" : "0")</d:depth>"
            + (lock.ownerXML.isEmpty ? "" : "<d:owner>\(lock.ownerXML)</d:owner>")
            + "<d:timeout>Second-\(lock.timeoutSeconds)</d:timeout>"
            + "<d:locktoken><d:href>\(XMLText.escape(lock.token))</d:href></d:locktoken>"
            + "<d:lockroot><d:href>\(XMLText.escape(root))</d:href></d:lockroot></d:activelock>"
    }
}
