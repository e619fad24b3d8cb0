extension FileService {
    /// The items in a user's trash bin, newest first.
    public func trash(_ principal: Principal, owner: String) async throws -> [TrashItem] {
        try policy.require(.read, of: principal, inTreeOf: AccessPolicy.trashOwner(of: owner), at: .root)
        return try await metadata.read { tx in
            guard let root = try tx.rootNode(owner: AccessPolicy.trashOwner(of: owner)) else { return [] }
            return try tx.children(of: root.id).map { try TrashOps.info(tx, $0) }.sorted { $0.deletedAt > $1.deletedAt }
        }
    }

    /// Puts a trashed item back where it was (the root when its folder is gone; ` (restored)` on a name clash).
    /// Returns the path it got.
    @discardableResult
    public func restoreFromTrash(_ context: OperationContext, owner: String, item: String) async throws -> TreePath {
        try policy.require(.write, of: context.principal, inTreeOf: AccessPolicy.trashOwner(of: owner), at: .root)
        try policy.require(.create, of: context.principal, inTreeOf: owner, at: .root)
        let now = clock.seconds()
        let defaultQuota = settings.defaultQuota
        return try await metadata.write { tx in
            guard let trashRoot = try tx.rootNode(owner: AccessPolicy.trashOwner(of: owner)),
                  var node = try tx.child(of: trashRoot.id, named: item)
            else { throw HepboxError.notFound("the trash item \(item)") }
            let info = try TrashOps.info(tx, node)
            var target = try TreePath(slashSeparated: info.originalLocation)
            var parent = try target.parent.flatMap { try NamespaceOps.resolve(tx, owner: owner, path: $0) }
            if parent?.isFolder != true {
                parent = try NamespaceOps.root(tx, owner: owner)
                target = try TreePath(components: [target.name])
            }
            guard let parent else { throw HepboxError.notFound("the tree of \(owner)") }
            try Self.requireSpace(tx, bytes: node.size, owner: owner, defaultQuota: defaultQuota,
                                  for: "restoring \(info.originalLocation)")
            var name = target.name
            if try tx.child(of: parent.id, named: name) != nil {
                let (stem, ext) = Self.splitExtension(name)
                name = "\(stem) (restored)\(ext)"
                var n = 2
                while try tx.child(of: parent.id, named: name) != nil {
                    name = "\(stem) (restored \(n))\(ext)"
                    n += 1
                }
            }
            try NamespaceOps.propagate(tx, from: trashRoot.id, sizeDelta: -node.size, mtime: now)
            node.parentID = parent.id
            node.name = name
            node.etag = RandomToken.etag()
            try tx.update(node)
            try tx.removeProperty(namespace: TrashOps.namespace, name: "original-location", of: node.id)
            try tx.removeProperty(namespace: TrashOps.namespace, name: "deletion-time", of: node.id)
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: node.size, mtime: now)
            return try (target.parent ?? .root).appending(name)
        }
    }

    /// Deletes trash items for good: the named one, or all of them (`item` nil), or (with `olderThan`) those
    /// deleted before that time.
    @discardableResult
    public func purgeTrash(_ context: OperationContext, owner: String, item: String? = nil, olderThan: Int64? = nil) async throws -> Int {
        try policy.require(.delete, of: context.principal, inTreeOf: AccessPolicy.trashOwner(of: owner), at: .root)
        let now = clock.seconds()
        let (count, released): (Int, [String]) = try await metadata.write { tx in
            guard let root = try tx.rootNode(owner: AccessPolicy.trashOwner(of: owner)) else {
                if item != nil { throw HepboxError.notFound("the trash item \(item ?? "")") }
                return (0, [])
            }
            var victims = try tx.children(of: root.id)
            if let item {
                victims = victims.filter { $0.name == item }
                if victims.isEmpty { throw HepboxError.notFound("the trash item \(item)") }
            }
            if let olderThan { victims = try victims.filter { try TrashOps.info(tx, $0).deletedAt < olderThan } }
            var released: [String] = []
            for victim in victims {
                released += try NamespaceOps.removeSubtree(tx, victim)
                try NamespaceOps.propagate(tx, from: root.id, sizeDelta: -victim.size, mtime: now)
            }
            return (victims.count, released)
        }
        await release(blobIDs: released)
        return count
    }

    /// Removes trash items older than the retention of every user (run periodically by the server).
    public func expireTrash() async throws -> Int {
        guard settings.trashRetention > 0 else { return 0 }
        let owners = try await metadata.read { tx in
            try tx.allUsers().map(\.name)
        }
        var total = 0
        for owner in owners {
            total += try await purgeTrash(OperationContext(principal: Principal(name: owner)), owner: owner,
                                          olderThan: clock.seconds() - settings.trashRetention)
        }
        return total
    }

    static func splitExtension(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
