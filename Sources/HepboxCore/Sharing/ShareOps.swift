/// Share bookkeeping inside a metadata transaction: following mount points, effective permissions, mounting and
/// unmounting in recipients' trees, and carrying etag changes across mount points so sync clients notice them.
enum ShareOps {
    /// Reshares can chain; a longer chain is refused when it is made, so this only guards against bad rows.
    static let maxChain = 16

    /// The share's permissions capped by every share above it; nil when the chain is broken or expired.
    static func effectiveGrant(_ tx: any MetadataReading, _ share: ShareRecord, now: Int64) throws -> SharePermissions? {
        var grant = share.permissions
        var current = share
        for _ in 0..<maxChain {
            if current.isExpired(at: now) { return nil }
            guard let parentID = current.parentID else { return grant }
            guard let parent = try tx.share(id: parentID) else { return nil }
            grant.formIntersection(parent.permissions)
            current = parent
        }
        return nil
    }

    /// Resolves a view path: walks the viewer's tree and, at a mount point, continues in the shared node's tree.
    /// Mount points are only followed in the viewer's own tree (never inside someone else's share).
    static func locate(_ tx: any MetadataReading, principal: Principal, viewOwner: String, viewPath: TreePath,
                       now: Int64) throws -> Location {
        if AccessPolicy.isLinkOwner(viewOwner) {
            return try locateLink(tx, principal: principal, viewOwner: viewOwner, viewPath: viewPath, now: now)
        }
        guard !AccessPolicy.isSystemTree(viewOwner), let root = try tx.rootNode(owner: viewOwner) else {
            return Location(own: viewOwner, path: viewPath)
        }
        var node = root
        var parent: Node?  // the folder holding `node`
        var found = 0
        for (index, name) in viewPath.components.enumerated() {
            guard node.isFolder, let child = try tx.child(of: node.id, named: name) else { break }
            if child.kind == .mount {
                guard let (share, grant, target) = try mounted(tx, child, now: now) else { break }
                let rest = viewPath.components[(index + 1)...]
                let targetPath = try NamespaceOps.path(tx, of: target)
                return Location(owner: share.fileOwner, path: try TreePath(components: targetPath.components + rest),
                                share: share, grant: grant, mount: rest.isEmpty ? child : nil,
                                viewOwner: viewOwner, viewPath: viewPath)
            }
            parent = node
            node = child
            found += 1
        }
        let complete = found == viewPath.components.count
        var location = Location(own: viewOwner, path: viewPath)
        location.walkedRoot = root
        // Only the last component missing: `node` is the folder a new file there goes into.
        location.walkedParent = complete ? parent : (found == viewPath.components.count - 1 && node.isFolder ? node : nil)
        if complete { location.walked = node }
        return location
    }

    /// A public link's view: the shared node is its root. Only a principal authenticated for the link gets in.
    private static func locateLink(_ tx: any MetadataReading, principal: Principal, viewOwner: String,
                                   viewPath: TreePath, now: Int64) throws -> Location {
        let token = AccessPolicy.linkToken(viewOwner)
        guard principal.name == viewOwner, let share = try tx.share(token: token), share.type == .link,
              let grant = try effectiveGrant(tx, share, now: now), let target = try tx.node(id: share.nodeID)
        else { throw HepboxError.notFound("the link \(token)") }
        if target.kind == .file && !viewPath.isRoot { throw HepboxError.notFound("/\(viewPath)") }
        let targetPath = try NamespaceOps.path(tx, of: target)
        return Location(owner: share.fileOwner, path: try TreePath(components: targetPath.components + viewPath.components),
                        share: share, grant: grant, mount: nil, viewOwner: viewOwner, viewPath: viewPath)
    }

    /// The share, the grant and the shared node behind a mount node; nil when no share behind it works any more.
    /// A mount point backed by several shares of the node (directly and through groups) grants what any of them
    /// grants; the share it names is the one granting most (the first of those).
    static func mounted(_ tx: any MetadataReading, _ mountNode: Node, now: Int64)
        throws -> (ShareRecord, SharePermissions, Node)?
    {
        var widest: (share: ShareRecord, grant: SharePermissions)?
        var granted: SharePermissions = []
        var target: Node?
        for row in try tx.mounts(node: mountNode.id) {
            guard let share = try tx.share(id: row.shareID), target == nil || target?.id == share.nodeID,
                  let grant = try effectiveGrant(tx, share, now: now) else { continue }
            if target == nil {
                guard let node = try tx.node(id: share.nodeID), node.kind != .mount else { continue }
                target = node
            }
            granted.formUnion(grant)
            if grant.rawValue.nonzeroBitCount > (widest?.grant.rawValue.nonzeroBitCount ?? -1) { widest = (share, grant) }
        }
        guard let widest, let target else { return nil }
        return (widest.share, granted, target)
    }

    /// The shared node as the recipient sees it: under the mount point's name, with an etag that changes when
    /// either the shared node or the mount point changes.
    static func present(_ target: Node, as mountNode: Node) -> Node {
        var node = target
        node.parentID = mountNode.parentID
        node.owner = mountNode.owner
        node.name = mountNode.name
        node.etag = target.etag + mountNode.etag.prefix(8)
        return node
    }

    // MARK: mounting

    /// Places a mount point for `share` in `user`'s tree, inside `folder` (created when missing), under the
    /// shared node's name or `name (2)`, `name (3)`… on a clash. When another share already mounts the same node
    /// for the user, that mount point takes this share too (one entry, the rights of both) and gets a new etag.
    @discardableResult
    static func mount(_ tx: any MetadataWriting, _ share: ShareRecord, for user: String, in folder: TreePath,
                      name: String, now: Int64) throws -> Node {
        for existing in try tx.mounts(user: user) {
            guard let other = try tx.share(id: existing.shareID), other.nodeID == share.nodeID,
                  let mountNode = try tx.node(id: existing.nodeID) else { continue }
            if existing.shareID != share.id {
                try tx.insert(mount: MountRecord(nodeID: mountNode.id, shareID: share.id, user: user))
                try renew(tx, mountNode, mtime: now, hops: 0)
            }
            return mountNode
        }
        var parent = try tx.rootNode(owner: user)
            ?? tx.insert(NewNode(parentID: nil, owner: user, name: "", kind: .folder, size: 0, mtime: now, etag: RandomToken.etag()))
        for component in folder.components {
            if let existing = try tx.child(of: parent.id, named: component), existing.isFolder {
                parent = existing
            } else {
                let created = try tx.insert(NewNode(parentID: parent.id, owner: user, name: uniqueName(tx, component, in: parent.id),
                                                    kind: .folder, size: 0, mtime: now, etag: RandomToken.etag()))
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: 0, mtime: now)
                parent = created
            }
        }
        let node = try tx.insert(NewNode(parentID: parent.id, owner: user, name: uniqueName(tx, name, in: parent.id),
                                         kind: .mount, size: 0, mtime: now, etag: RandomToken.etag()))
        try tx.insert(mount: MountRecord(nodeID: node.id, shareID: share.id, user: user))
        try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: 0, mtime: now)
        return node
    }

    static func uniqueName(_ tx: any MetadataReading, _ name: String, in parentID: NodeID) throws -> String {
        if try tx.child(of: parentID, named: name) == nil { return name }
        let (stem, ext) = splitExtension(name)
        for counter in 2... {
            let candidate = "\(stem) (\(counter))\(ext)"
            if try tx.child(of: parentID, named: candidate) == nil { return candidate }
        }
        return name
    }

    /// `report.pdf` → (`report`, `.pdf`); names without a dot, or starting with one, keep it all in the stem.
    static func splitExtension(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }

    /// Removes a mount point from its user's tree (the share itself stays).
    static func unmount(_ tx: any MetadataWriting, _ mountNode: Node, now: Int64) throws {
        try tx.deleteMount(nodeID: mountNode.id)
        try tx.deleteNode(id: mountNode.id)
        try NamespaceOps.propagate(tx, from: mountNode.parentID, sizeDelta: 0, mtime: now)
    }

    /// Takes one share away from a mount point: the mount point goes when no other share is behind it, else it
    /// stays with the others' rights and a new etag (so clients read them again).
    static func detach(_ tx: any MetadataWriting, share shareID: Int64, from mountNode: Node, now: Int64) throws {
        if try tx.mounts(node: mountNode.id).contains(where: { $0.shareID != shareID }) {
            try tx.deleteMount(nodeID: mountNode.id, shareID: shareID)
            try renew(tx, mountNode, mtime: now, hops: 0)
        } else {
            try unmount(tx, mountNode, now: now)
        }
    }

    /// Deletes a share, the reshares made through it, and their mount points (where no other share holds them).
    static func delete(_ tx: any MetadataWriting, _ share: ShareRecord, now: Int64, depth: Int = 0) throws {
        if depth < maxChain {
            for child in try tx.shares(parent: share.id) { try delete(tx, child, now: now, depth: depth + 1) }
        }
        for mount in try tx.mounts(share: share.id) {
            if let node = try tx.node(id: mount.nodeID) {
                try detach(tx, share: share.id, from: node, now: now)
            } else {
                try tx.deleteMount(nodeID: mount.nodeID, shareID: share.id)
            }
        }
        try tx.deleteShare(id: share.id)
    }

    /// Before `node` leaves its tree (deleted, trashed): its shares and those of everything below it end, and
    /// mount points below it are removed from their user's tree.
    static func endShares(_ tx: any MetadataWriting, inside node: Node, now: Int64) throws {
        guard node.isFolder else {
            // Nothing lies below a file or a mount point: look the node up by id instead of walking every share
            // and mount of its owner (the common DELETE and MOVE).
            for share in try tx.shares(onNode: node.id) { try delete(tx, share, now: now) }
            if node.kind == .mount, try !tx.mounts(node: node.id).isEmpty { try unmount(tx, node, now: now) }
            return
        }
        for share in try tx.shares(fileOwner: node.owner) {
            guard let shared = try tx.node(id: share.nodeID) else { continue }
            if try NamespaceOps.isInside(tx, shared, node) { try delete(tx, share, now: now) }
        }
        for mount in try tx.mounts(user: node.owner) {
            guard let mountNode = try tx.node(id: mount.nodeID) else { continue }
            if try NamespaceOps.isInside(tx, mountNode, node) { try unmount(tx, mountNode, now: now) }
        }
    }

    /// True when `node` or something below it is shared or holds a mount point (such a subtree cannot move to
    /// another user's tree: the shares are bound to this one).
    static func involvesShares(_ tx: any MetadataReading, inside node: Node) throws -> Bool {
        guard node.isFolder else {
            return try !tx.shares(onNode: node.id).isEmpty || (node.kind == .mount && !tx.mounts(node: node.id).isEmpty)
        }
        for share in try tx.shares(fileOwner: node.owner) {
            if let shared = try tx.node(id: share.nodeID), try NamespaceOps.isInside(tx, shared, node) { return true }
        }
        for mount in try tx.mounts(user: node.owner) {
            if let mountNode = try tx.node(id: mount.nodeID), try NamespaceOps.isInside(tx, mountNode, node) { return true }
        }
        return false
    }

    /// A change at or below a shared node gives its mount points new etags, up to each recipient's root.
    static func propagateToMounts(_ tx: any MetadataWriting, sharedNode id: NodeID, hops: Int) throws {
        guard hops < 4 else { return }
        for share in try tx.shares(onNode: id) {
            for mount in try tx.mounts(share: share.id) {
                guard let mountNode = try tx.node(id: mount.nodeID) else { continue }
                try renew(tx, mountNode, mtime: nil, hops: hops + 1)
            }
        }
    }

    /// A new etag for a mount point and its ancestors.
    private static func renew(_ tx: any MetadataWriting, _ mountNode: Node, mtime: Int64?, hops: Int) throws {
        var node = mountNode
        node.etag = RandomToken.etag()
        try tx.update(node)
        try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: 0, mtime: mtime, hops: hops)
    }

    /// The path under which `user` sees a node of another tree: through the mount point of `share`.
    static func viewPath(_ tx: any MetadataReading, of node: Node, through share: ShareRecord, for user: String) throws -> TreePath? {
        guard let mount = try tx.mounts(share: share.id).first(where: { $0.user == user }),
              let mountNode = try tx.node(id: mount.nodeID), let target = try tx.node(id: share.nodeID)
        else { return nil }
        let mountPath = try NamespaceOps.path(tx, of: mountNode)
        let targetPath = try NamespaceOps.path(tx, of: target)
        let nodePath = try NamespaceOps.path(tx, of: node)
        guard nodePath.hasPrefix(targetPath) else { return nil }
        return try TreePath(components: mountPath.components + nodePath.components.dropFirst(targetPath.components.count))
    }
}
