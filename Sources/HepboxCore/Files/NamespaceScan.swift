/// The namespace half of fsck, on one snapshot read page by page (memory grows with the problems found, not with
/// the namespace): every node's parent is a folder, every file's blob record exists and has the file's size, every
/// folder's size is the sum of its members', every tree belongs to an account.
struct NamespaceScan {
    static let pageSize = 1000

    var problems: [String] = []
    /// Folders whose size is not the sum of their members'.
    var wrongSizes: [NodeID] = []
    /// Nodes whose parent is missing or not a folder.
    var dangling: [NodeID] = []
    /// Roots of trees whose account is gone.
    var abandoned: [Node] = []

    init(_ tx: any MetadataReading) throws {
        let accounts = Set(try tx.allUsers().map(\.name))
        // Members of a folder mostly sit next to each other in id order: their parent is looked up once.
        var lastParent: (id: NodeID, isFolder: Bool)?
        var after = NodeID.min
        while true {
            let page = try tx.nodes(after: after, limit: Self.pageSize)
            guard let last = page.last else { return }
            after = last.id
            for node in page {
                if let parentID = node.parentID {
                    let parentIsFolder: Bool
                    if let lastParent, lastParent.id == parentID {
                        parentIsFolder = lastParent.isFolder
                    } else {
                        parentIsFolder = try tx.node(id: parentID)?.isFolder == true
                        lastParent = (parentID, parentIsFolder)
                    }
                    if !parentIsFolder {
                        problems.append("node \(node.id) (\(node.name)) has no parent folder \(parentID)")
                        dangling.append(node.id)
                    }
                } else if !accounts.contains(AccessPolicy.account(ofTree: node.owner)) {
                    problems.append("the tree \(node.owner) (\(node.size) bytes) belongs to no account")
                    abandoned.append(node)
                }
                try checkContent(node, tx)
            }
        }
    }

    private mutating func checkContent(_ node: Node, _ tx: any MetadataReading) throws {
        if node.kind == .file, let blob = node.blobID {
            if let record = try tx.blob(id: blob) {
                if record.size != node.size {
                    problems.append("file \(node.id) (\(node.name)) has size \(node.size) but its blob has \(record.size)")
                }
            } else {
                problems.append("file \(node.id) (\(node.name)) points at the unknown blob \(blob)")
            }
        }
        if node.isFolder {
            let expected = try tx.sizeOfChildren(of: node.id)
            if expected != node.size {
                let name = node.name.isEmpty ? "root of \(node.owner)" : node.name
                problems.append("folder \(node.id) (\(name)) has size \(node.size), its members add up to \(expected)")
                wrongSizes.append(node.id)
            }
        }
    }
}
