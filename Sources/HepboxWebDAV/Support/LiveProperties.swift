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

    /// The inner XML of a live property: nil when the property does not exist for this node, `.some(nil)` when it
    /// exists and is empty.
    func value(_ property: PropertyName, node: Node, path: TreePath) -> String?? {
        switch (property.namespace, property.name) {
        case (DAVNamespace.dav, "resourcetype"): return .some(node.isFolder ? "<d:collection/>" : nil)
        case (DAVNamespace.dav, "getetag"): return XMLText.escape("\"\(node.etag)\"")
        case (DAVNamespace.dav, "getlastmodified"): return HTTPDate.format(node.mtime)
        case (DAVNamespace.dav, "creationdate"): return HTTPDate.iso8601(node.mtime)
        case (DAVNamespace.dav, "displayname"): return XMLText.escape(node.name)
        case (DAVNamespace.dav, "getcontentlength"):
            if node.isFolder { return nil }
            return String(node.size)
        case (DAVNamespace.dav, "getcontenttype"):
            if node.isFolder { return nil }
            return XMLText.escape(node.contentType ?? MimeTypes.guess(node.name))
        case (DAVNamespace.dav, "quota-used-bytes"):
            if !node.isFolder { return nil }
            return String(node.size)
        case (DAVNamespace.dav, "quota-available-bytes"):
            // -3 is ownCloud's "unlimited", which the clients understand.
            if !node.isFolder { return nil }
            return String(quota.available ?? -3)
        case (DAVNamespace.dav, "supportedlock"):
            return "<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>"
                + "<d:lockentry><d:lockscope><d:shared/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>"
        case (DAVNamespace.dav, "lockdiscovery"):
            let covering = locks.filter { lock in
                let lockPath = lock.path.split(separator: "/").map(String.init)
                return lockPath == path.components || (lock.deep && path.components.count > lockPath.count
                    && Array(path.components.prefix(lockPath.count)) == lockPath)
            }
            return .some(covering.isEmpty ? nil : covering.map { ActiveLockXML.render($0, root: lockBaseHref($0.path)) }.joined())
        case (DAVNamespace.owncloud, "id"): return services.files.ownCloudID(node)
        case (DAVNamespace.owncloud, "fileid"): return String(node.id)
        case (DAVNamespace.owncloud, "permissions"): return permissions.ownCloudLetters(isFolder: node.isFolder)
        case (DAVNamespace.owncloud, "size"): return String(node.size)
        case (DAVNamespace.owncloud, "checksums"):
            if node.isFolder { return nil }
            guard let sums = node.checksums else { return .some(nil) }
            return "<oc:checksum>\(sums.ownCloudList)</oc:checksum>"
        case (DAVNamespace.owncloud, "share-types"):
            return .some(shareTypes.isEmpty ? nil : shareTypes.map { "<oc:share-type>\($0.rawValue)</oc:share-type>" }.joined())
        case (DAVNamespace.owncloud, "data-fingerprint"): return .some(nil)
        default: return nil
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
