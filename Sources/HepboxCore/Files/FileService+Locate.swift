extension FileService {
    /// Where a view path really is (see `Location`): mount points lead into the sharer's tree, public-link views
    /// into the shared node.
    public func locate(_ principal: Principal, owner: String, path: TreePath) async throws -> Location {
        if AccessPolicy.isSystemTree(owner) { return Location(own: owner, path: path) }
        let now = clock.seconds()
        return try await metadata.read { tx in try Self.locate(tx, principal, owner: owner, path: path, now: now) }
    }

    /// `locate` inside a caller's read, so the location and what the caller reads next come from one snapshot.
    static func locate(_ tx: any MetadataReading, _ principal: Principal, owner: String, path: TreePath,
                       now: Int64) throws -> Location {
        if AccessPolicy.isSystemTree(owner) { return Location(own: owner, path: path) }
        return try ShareOps.locate(tx, principal: principal, viewOwner: owner, viewPath: path, now: now)
    }

    /// Locates a view path and checks `needed` there, in one step.
    func locate(_ principal: Principal, owner: String, path: TreePath, requiring needed: Permissions) async throws -> Location {
        let location = try await locate(principal, owner: owner, path: path)
        try policy.require(needed, of: principal, at: location)
        return location
    }

    /// The effective permissions of a principal at a view path (`oc:permissions`, `OC-Perm`).
    public func permissions(_ principal: Principal, owner: String, path: TreePath) async throws -> Permissions {
        policy.permissions(of: principal, at: try await locate(principal, owner: owner, path: path))
    }

    /// The node at a location, as the view shows it (a mount point under its own name).
    static func resolve(_ tx: any MetadataReading, _ location: Location) throws -> Node? {
        if let walked = location.walked { return walked }
        guard let node = try NamespaceOps.resolve(tx, owner: location.owner, path: location.path) else { return nil }
        if let mount = location.mount { return ShareOps.present(node, as: mount) }
        return node
    }

    /// A file of any tree, by id, located for a viewer: in the viewer's own tree, or through one of the viewer's
    /// mount points (versions are addressed by file id).
    static func locate(_ tx: any MetadataReading, principal: Principal, viewOwner: String, node: Node, now: Int64) throws -> Location? {
        if node.owner == viewOwner { return Location(own: viewOwner, path: try NamespaceOps.path(tx, of: node)) }
        for mount in try tx.mounts(user: viewOwner) {
            guard let mountNode = try tx.node(id: mount.nodeID),
                  let (share, _, target) = try ShareOps.mounted(tx, mountNode, now: now),
                  target.owner == node.owner, try NamespaceOps.isInside(tx, node, target),
                  let viewPath = try ShareOps.viewPath(tx, of: node, through: share, for: viewOwner)
            else { continue }
            return try ShareOps.locate(tx, principal: principal, viewOwner: viewOwner, viewPath: viewPath, now: now)
        }
        return nil
    }
}
