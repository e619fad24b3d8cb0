/// A node as a listing shows it: where it is, what it is, and its dead properties.
public struct ListedNode: Sendable {
    public var path: TreePath
    public var node: Node
    public var properties: [DeadProperty]
}

extension FileService {
    public enum ListingDepth: Sendable { case node, children, all }

    /// A node and (by depth) its children or whole subtree, with their dead properties, from one consistent
    /// snapshot in one read: a PROPFIND of a 1000-file folder costs one transaction, not a thousand.
    public func list(_ principal: Principal, owner: String, path: TreePath, depth: ListingDepth) async throws -> [ListedNode] {
        try policy.require(.read, of: principal, inTreeOf: owner, at: path)
        return try await metadata.read { tx in
            guard let top = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            var out = [ListedNode(path: path, node: top, properties: try tx.properties(of: top.id))]
            var index = 0
            while index < out.count, depth != .node {
                let entry = out[index]
                if entry.node.isFolder && (depth == .all || index == 0) {
                    let properties = try tx.propertiesOfChildren(of: entry.node.id)
                    for child in try tx.children(of: entry.node.id).sorted(by: { $0.name < $1.name }) {
                        // Stored names are already valid and NFC: no need to validate them again.
                        out.append(ListedNode(path: entry.path.appendingStored(child.name), node: child,
                                              properties: properties[child.id] ?? []))
                    }
                }
                index += 1
            }
            return out
        }
    }
}
