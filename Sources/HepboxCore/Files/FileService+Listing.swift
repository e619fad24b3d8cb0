/// A node as a listing shows it: where it is in the view, what it is, what the viewer may do with it, its dead
/// properties (with the viewer's own favorite mark as `oc:favorite`) and the types of the shares the viewer made
/// of it.
public struct ListedNode: Sendable {
    public var path: TreePath
    public var node: Node
    public var properties: [DeadProperty]
    public var permissions: Permissions
    public var shareTypes: [ShareType]
}

extension FileService {
    /// `allIncludingShares` also walks into the shares mounted in the viewer's own tree (search, favorites),
    /// each shared node once.
    public enum ListingDepth: Sendable { case node, children, all, allIncludingShares }

    /// A node and (by depth) its children or whole subtree, with their dead properties, from one consistent
    /// snapshot in one read: a PROPFIND of a 1000-file folder costs one transaction, not a thousand.
    /// Mount points show the shared node under their name; inside someone else's tree mount points are hidden
    /// (a recipient's mounts are their own), and Depth infinity does not descend into them (`allIncludingShares`
    /// does).
    public func list(_ principal: Principal, owner: String, path: TreePath, depth: ListingDepth) async throws -> [ListedNode] {
        try await listWithContext(principal, owner: owner, path: path, depth: depth).entries
    }

    /// What PROPFIND shows, from one snapshot: the listing, where the path really is (for the locks) and the
    /// quota of the tree that holds it.
    public struct Listing: Sendable {
        public var location: Location
        public var entries: [ListedNode]
        public var quota: (used: Int64, available: Int64?)
    }

    public func listWithContext(_ principal: Principal, owner: String, path: TreePath, depth: ListingDepth) async throws -> Listing {
        let now = clock.seconds()
        return try await metadata.read { [policy, settings] tx in
            let location = try ShareOps.locate(tx, principal: principal, viewOwner: owner, viewPath: path, now: now)
            let permissions = policy.permissions(of: principal, at: location)
            try policy.require(.read, of: principal, at: location)
            guard let top = try Self.resolve(tx, location) else { throw HepboxError.notFound("/\(path)") }
            let favorites = try tx.favorites(user: principal.name)
            var sharedByViewer: [NodeID: [ShareType]] = [:]
            if !AccessPolicy.isSystemTree(owner) && !location.isPublicLink {
                for share in try tx.shares(sharer: principal.name) { sharedByViewer[share.nodeID, default: []].append(share.type) }
            }
            func entry(_ path: TreePath, _ node: Node, _ permissions: Permissions, properties: [DeadProperty]) throws -> ListedNode {
                ListedNode(path: path, node: node,
                           properties: Favorites.presented(properties, favorite: favorites.contains(node.id)),
                           permissions: permissions,
                           shareTypes: Array(Set(sharedByViewer[node.id] ?? [])).sorted { $0.rawValue < $1.rawValue })
            }
            // Members of a mount point's node carry the share's grant, without the mount point's own rights.
            let memberPermissions = location.isMountPoint ? location.grant.granted.union(.shared) : permissions
            let first = try entry(path, top, permissions, properties: try tx.properties(of: top.id))
            var out = [first]
            // Folders still to list, breadth first, with the rights their members get (nil: not descended, a mount
            // point unless walking shares) and whether they lie in a shared tree (whose owner's own mount points the
            // viewer never sees).
            var folders = [Descent(entry: first, rights: memberPermissions, inShare: location.isShared)]
            var walkedShares: Set<NodeID> = [top.id]
            var next = 0
            while next < folders.count, depth != .node {
                let folder = folders[next]
                next += 1
                guard folder.entry.node.isFolder, let rights = folder.rights else { continue }
                let properties = try tx.propertiesOfChildren(of: folder.entry.node.id)
                for child in try tx.children(of: folder.entry.node.id).sorted(by: { $0.name < $1.name }) {
                    // Stored names are already valid and NFC: no need to validate them again.
                    let childPath = folder.entry.path.appendingStored(child.name)
                    let descent: Descent
                    if child.kind == .mount {
                        guard !folder.inShare,
                              let (_, grant, target) = try ShareOps.mounted(tx, child, now: now) else { continue }
                        let mountPermissions = grant.granted.union([.shared, .mounted, .delete, .rename, .move])
                        let walk = depth == .allIncludingShares && walkedShares.insert(target.id).inserted
                        descent = Descent(entry: try entry(childPath, ShareOps.present(target, as: child), mountPermissions,
                                                           properties: try tx.properties(of: target.id)),
                                          rights: walk ? grant.granted.union(.shared) : nil, inShare: true)
                    } else {
                        descent = Descent(entry: try entry(childPath, child, rights, properties: properties[child.id] ?? []),
                                          rights: rights, inShare: folder.inShare)
                    }
                    out.append(descent.entry)
                    if depth != .children { folders.append(descent) }
                }
            }
            return Listing(location: location, entries: out,
                           quota: try Self.quota(tx, owner: location.owner, defaultQuota: settings.defaultQuota))
        }
    }
}

/// A listed folder still to descend into (see `listWithContext`).
private struct Descent {
    let entry: ListedNode
    let rights: Permissions?
    let inShare: Bool
}
