/// Trash bin bookkeeping inside a metadata transaction. A deleted item is moved, whole, under the owner's trash
/// root with a unique name; where it came from and when is kept in properties of a namespace of our own.
enum TrashOps {
    static let namespace = "http://hepbox.org/ns/trash"

    static func trashRoot(_ tx: any MetadataWriting, owner: String, now: Int64) throws -> Node {
        let trashOwner = AccessPolicy.trashOwner(of: owner)
        if let root = try tx.rootNode(owner: trashOwner) { return root }
        return try tx.insert(NewNode(parentID: nil, owner: trashOwner, name: "", kind: .folder, size: 0, mtime: now,
                                     etag: RandomToken.etag()))
    }

    /// Moves `node` under its owner's trash root and returns it as it is there.
    @discardableResult
    static func moveToTrash(_ tx: any MetadataWriting, _ node: Node, from path: TreePath, owner: String, now: Int64) throws -> Node {
        let root = try trashRoot(tx, owner: owner, now: now)
        var moved = node
        moved.parentID = root.id
        moved.name = try uniqueName(tx, for: node.name, in: root.id, now: now)
        moved.etag = RandomToken.etag()
        try tx.update(moved)
        try label(tx, node.id, originalLocation: path, deletedAt: now)
        try NamespaceOps.propagate(tx, from: root.id, sizeDelta: node.size, mtime: now)
        return moved
    }

    /// `name.d<time>`, or `name.d<time>-2`… when that is taken.
    static func uniqueName(_ tx: any MetadataReading, for name: String, in root: NodeID, now: Int64) throws -> String {
        var candidate = "\(name).d\(now)"
        var counter = 1
        while try tx.child(of: root, named: candidate) != nil {
            counter += 1
            candidate = "\(name).d\(now)-\(counter)"
        }
        return candidate
    }

    /// Where a trash item came from and when it was deleted.
    static func label(_ tx: any MetadataWriting, _ id: NodeID, originalLocation path: TreePath, deletedAt now: Int64) throws {
        try tx.setProperty(DeadProperty(namespace: namespace, name: "original-location", valueXML: XMLEscaping.text(path.description)), of: id)
        try tx.setProperty(DeadProperty(namespace: namespace, name: "deletion-time", valueXML: String(now)), of: id)
    }

    static func info(_ tx: any MetadataReading, _ node: Node) throws -> TrashItem {
        let properties = try tx.properties(of: node.id)
        let location = properties.first { $0.namespace == namespace && $0.name == "original-location" }?.valueXML ?? node.name
        let deleted = properties.first { $0.namespace == namespace && $0.name == "deletion-time" }.flatMap { Int64($0.valueXML) } ?? node.mtime
        return TrashItem(node: node, originalLocation: XMLEscaping.unescape(location), deletedAt: deleted)
    }
}

/// A deleted file or folder in the trash bin.
public struct TrashItem: Sendable {
    public var node: Node
    /// The path it had in its owner's tree.
    public var originalLocation: String
    public var deletedAt: Int64
    /// The name it is listed under in the trash (`name.d<deletion time>`).
    public var trashName: String { node.name }
}

/// The stored values are XML text (dead property values); the trash stores plain strings in them.
enum XMLEscaping {
    static func text(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
