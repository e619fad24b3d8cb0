/// Namespace steps shared by every mutating operation, run inside one metadata transaction: path resolution,
/// etag and size propagation to the root, subtree walks.
enum NamespaceOps {
    static func root(_ tx: any MetadataReading, owner: String) throws -> Node {
        guard let root = try tx.rootNode(owner: owner) else { throw HepboxError.notFound("the tree of \(owner)") }
        return root
    }

    static func resolve(_ tx: any MetadataReading, owner: String, path: TreePath) throws -> Node? {
        var node = try root(tx, owner: owner)
        for name in path.components {
            guard node.isFolder, let next = try tx.child(of: node.id, named: name) else { return nil }
            node = next
        }
        return node
    }

    /// The folder that will hold `path`; 409 when it is missing or a file, as RFC 4918 asks.
    static func parentFolder(_ tx: any MetadataReading, owner: String, of path: TreePath) throws -> Node {
        guard let parentPath = path.parent else { throw HepboxError(.methodNotAllowed, "the root cannot be replaced") }
        guard let parent = try resolve(tx, owner: owner, path: parentPath), parent.isFolder else {
            throw HepboxError(.conflict, "the parent folder /\(parentPath) does not exist")
        }
        return parent
    }

    /// Gives the folder `startID` and every ancestor a new etag and adds `sizeDelta` to their sizes. The first
    /// folder also gets `mtime` (its list of members changed).
    /// Shared folders on the way pass the change on to their recipients' mount points (`hops` bounds the chain).
    static func propagate(_ tx: any MetadataWriting, from startID: NodeID?, sizeDelta: Int64, mtime: Int64?,
                          hops: Int = 0) throws {
        var current = startID
        var first = true
        var shared: Set<NodeID>?  // the tree's shared nodes, read once (most trees share nothing)
        while let id = current,
              let touched = try tx.touch(id, sizeDelta: sizeDelta, mtime: first ? mtime : nil, etag: RandomToken.etag()) {
            first = false
            if shared == nil { shared = Set(try tx.shares(fileOwner: touched.owner).map(\.nodeID)) }
            if shared?.contains(id) == true { try ShareOps.propagateToMounts(tx, sharedNode: id, hops: hops) }
            current = touched.parentID
        }
    }

    /// The node and everything below it, parents before children.
    static func subtree(_ tx: any MetadataReading, of node: Node) throws -> [Node] {
        var out = [node]
        var index = 0
        while index < out.count {
            if out[index].isFolder { out.append(contentsOf: try tx.children(of: out[index].id)) }
            index += 1
        }
        return out
    }

    /// True when `candidate` is `ancestor` or lies below it.
    static func isInside(_ tx: any MetadataReading, _ candidate: Node, _ ancestor: Node) throws -> Bool {
        var current: Node? = candidate
        while let node = current {
            if node.id == ancestor.id { return true }
            current = try node.parentID.flatMap { try tx.node(id: $0) }
        }
        return false
    }

    /// Removes a subtree (children first) with the versions of its files, and returns the blobs they referenced.
    static func removeSubtree(_ tx: any MetadataWriting, _ node: Node) throws -> [String] {
        let nodes = try subtree(tx, of: node)
        var blobs = nodes.compactMap(\.blobID)
        for n in nodes.reversed() {
            if n.kind == .file {
                for version in try tx.versions(of: n.id) {
                    try tx.deleteVersion(id: version.id)
                    if let blob = version.blobID { blobs.append(blob) }
                }
            }
            try tx.deleteNode(id: n.id)
        }
        return blobs
    }

    /// The path of a node inside its owner's tree.
    static func path(_ tx: any MetadataReading, of node: Node) throws -> TreePath {
        var names: [String] = []
        var current: Node? = node
        while let n = current, let parent = n.parentID {
            names.append(n.name)
            current = try tx.node(id: parent)
        }
        return try TreePath(components: names.reversed())
    }
}
