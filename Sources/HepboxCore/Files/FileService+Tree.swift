/// How COPY and MOVE treat an existing destination.
public struct TransferOptions: Sendable {
    public var overwrite: Bool
    /// COPY of a folder with `Depth: 0` copies the folder and its properties, not its members.
    public var recursive: Bool
    public init(overwrite: Bool = true, recursive: Bool = true) {
        self.overwrite = overwrite
        self.recursive = recursive
    }
}

extension FileService {
    public func makeFolder(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath,
                           mtime: Int64? = nil) async throws -> Node {
        let location = try await locate(context.principal, owner: viewOwner, path: viewPath, requiring: .create)
        if location.isMountPoint { throw HepboxError(.alreadyExists, "/\(viewPath) exists already") }
        let (owner, path) = (location.owner, location.path)
        let now = clock.seconds()
        return try await metadata.write { [clock] tx in
            let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: path)
            if try tx.child(of: parent.id, named: path.name) != nil {
                throw HepboxError(.alreadyExists, "/\(path) exists already")
            }
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: true,
                                         context: context, now: clock.seconds())
            let node = try tx.insert(NewNode(parentID: parent.id, owner: owner, name: path.name, kind: .folder, size: 0,
                                             mtime: mtime ?? now, etag: RandomToken.etag()))
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: 0, mtime: now)
            return node
        }
    }

    /// Deletes a file or a whole folder: into the trash bin when it is on, for good otherwise. Its shares end.
    /// Deleting a mount point leaves the share (for the recipient only). A recipient deleting inside a share also
    /// finds the item in their own trash bin (as ownCloud does); the owner's copy stays the one that restores into
    /// the shared folder, the recipient's restores into the recipient's own files.
    public func delete(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath,
                       conditions: Preconditions = Preconditions()) async throws {
        let location = try await locate(context.principal, owner: viewOwner, path: viewPath, requiring: .delete)
        if location.isMountPoint { return try await leaveShare(context.principal, location: location) }
        let (owner, path) = (location.owner, location.path)
        if path.isRoot { throw HepboxError(.forbidden, "the root folder cannot be deleted") }
        let now = clock.seconds()
        let useTrash = settings.trashRetention > 0 && !AccessPolicy.isSystemTree(owner)
        let deleter = context.principal.name
        let copyForDeleter = useTrash && location.isShared && deleter != owner && !AccessPolicy.isLinkOwner(deleter)
            && !AccessPolicy.isSystemTree(deleter)
        let released: [String] = try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            try conditions.check(node)
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            try ShareOps.endShares(tx, inside: node, now: now)
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: -node.size, mtime: now)
            try Self.dropLocks(tx, owner: owner, under: path)
            if useTrash {
                let trashed = try TrashOps.moveToTrash(tx, node, from: path, owner: owner, now: now)
                if copyForDeleter {
                    let root = try TrashOps.trashRoot(tx, owner: deleter, now: now)
                    let name = try TrashOps.uniqueName(tx, for: node.name, in: root.id, now: now)
                    let copy = try Self.copySubtree(tx, trashed, into: root.id, owner: deleter, name: name, recursive: true)
                    try TrashOps.label(tx, copy.id, originalLocation: viewPath, deletedAt: now)
                    try NamespaceOps.propagate(tx, from: root.id, sizeDelta: copy.size, mtime: now)
                }
                return []
            }
            return try NamespaceOps.removeSubtree(tx, node)
        }
        await release(blobIDs: released)
    }

    /// Moves or renames; the file ids survive. Returns true when the destination did not exist.
    /// Renaming in place needs the rename right; moving elsewhere needs delete at the source and create at the
    /// destination. A mount point moves within its recipient's tree only.
    public func move(_ context: OperationContext, owner viewOwner: String, from viewSource: TreePath, to viewDestination: TreePath,
                     options: TransferOptions) async throws -> Bool {
        let principal = context.principal
        if viewSource.isRoot { throw HepboxError(.forbidden, "the root folder cannot be moved") }
        if viewSource == viewDestination { throw HepboxError(.forbidden, "the source and the destination are the same") }
        if viewDestination.hasPrefix(viewSource) { throw HepboxError(.conflict, "a folder cannot be moved into itself") }
        let from = try await locate(principal, owner: viewOwner, path: viewSource)
        let to = try await locate(principal, owner: viewOwner, path: viewDestination)
        try policy.require(.read, of: principal, at: from)
        if to.isMountPoint { throw HepboxError(.forbidden, "/\(viewDestination) is a share and cannot be replaced") }
        if from.isMountPoint {
            guard !to.isShared else { throw HepboxError(.forbidden, "a share cannot be moved into another share") }
            try policy.require(.move, of: principal, at: from)
            try policy.require(.create, of: principal, at: to)
            return try await moveInTree(context, owner: viewOwner, from: viewSource, to: viewDestination, options: options)
        }
        let sameFolder = from.owner == to.owner && from.path.parent == to.path.parent
        try policy.require(sameFolder ? .rename : [.move, .delete], of: principal, at: from)
        try policy.require(.create, of: principal, at: to)
        if from.owner == to.owner {
            return try await moveInTree(context, owner: from.owner, from: from.path, to: to.path, options: options)
        }
        return try await moveAcrossTrees(context, from: from, to: to, options: options)
    }

    /// A move inside one tree (access already checked).
    private func moveInTree(_ context: OperationContext, owner: String, from source: TreePath, to destination: TreePath,
                            options: TransferOptions) async throws -> Bool {
        if source.isRoot { throw HepboxError(.forbidden, "the root of a share cannot be moved") }
        if destination.hasPrefix(source) { throw HepboxError(.conflict, "a folder cannot be moved into itself") }
        let now = clock.seconds()
        let (created, released): (Bool, [String]) = try await metadata.write { [clock] tx in
            guard var node = try NamespaceOps.resolve(tx, owner: owner, path: source) else { throw HepboxError.notFound("/\(source)") }
            let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: destination)
            try LockRules.assertUnlocked(tx, owner: owner, path: source, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            try LockRules.assertUnlocked(tx, owner: owner, path: destination, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            var released: [String] = []
            let existing = try tx.child(of: parent.id, named: destination.name)
            if let existing {
                guard options.overwrite else { throw HepboxError(.preconditionFailed, "/\(destination) exists and Overwrite is F") }
                try ShareOps.endShares(tx, inside: existing, now: now)
                released = try NamespaceOps.removeSubtree(tx, existing)
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: -existing.size, mtime: now)
            }
            let oldParent = node.parentID
            try NamespaceOps.propagate(tx, from: oldParent, sizeDelta: -node.size, mtime: now)
            node.parentID = parent.id
            node.name = destination.name
            // The node keeps its own etag (only its old and new ancestors change), so sync clients see a rename
            // of an unchanged file and download nothing.
            try tx.update(node)
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: node.size, mtime: now)
            try Self.dropLocks(tx, owner: owner, under: source)
            return (existing == nil, released)
        }
        await release(blobIDs: released)
        return created
    }

    /// A move between two users' trees (into or out of a share): the subtree changes owner, keeps its ids, and
    /// its bytes count against the new owner's quota.
    private func moveAcrossTrees(_ context: OperationContext, from: Location, to: Location, options: TransferOptions) async throws -> Bool {
        if from.path.isRoot { throw HepboxError(.forbidden, "the root of a share cannot be moved") }
        let now = clock.seconds()
        let quotaLimit = try await quotaLimit(owner: to.owner)
        let (created, released): (Bool, [String]) = try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: from.owner, path: from.path) else {
                throw HepboxError.notFound("/\(from.viewPath)")
            }
            if try ShareOps.involvesShares(tx, inside: node) {
                throw HepboxError(.forbidden, "/\(from.viewPath) is shared or holds shares; it cannot move to another owner's folder")
            }
            let parent = try NamespaceOps.parentFolder(tx, owner: to.owner, of: to.path)
            try LockRules.assertUnlocked(tx, owner: from.owner, path: from.path, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            try LockRules.assertUnlocked(tx, owner: to.owner, path: to.path, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            var released: [String] = []
            var freed: Int64 = 0
            let existing = try tx.child(of: parent.id, named: to.path.name)
            if let existing {
                guard options.overwrite else { throw HepboxError(.preconditionFailed, "/\(to.viewPath) exists and Overwrite is F") }
                try ShareOps.endShares(tx, inside: existing, now: now)
                released = try NamespaceOps.removeSubtree(tx, existing)
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: -existing.size, mtime: now)
                freed = existing.size
            }
            if let quotaLimit, node.size > freed, try NamespaceOps.root(tx, owner: to.owner).size + node.size > quotaLimit {
                throw HepboxError(.insufficientStorage, "moving /\(from.viewPath) exceeds the quota of \(to.owner)")
            }
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: -node.size, mtime: now)
            for member in try NamespaceOps.subtree(tx, of: node) {
                var moved = member
                moved.owner = to.owner
                if member.id == node.id {
                    moved.parentID = parent.id
                    moved.name = to.path.name
                }
                try tx.update(moved)
            }
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: node.size, mtime: now)
            try Self.dropLocks(tx, owner: from.owner, under: from.path)
            return (existing == nil, released)
        }
        await release(blobIDs: released)
        return created
    }

    /// Copies a file or folder; copies get new ids and share the (immutable) blobs. Returns true when the
    /// destination did not exist. Source and destination may lie in different trees (shares); the copy belongs to
    /// the destination's owner and counts against their quota.
    public func copy(_ context: OperationContext, owner viewOwner: String, from viewSource: TreePath, to viewDestination: TreePath,
                     options: TransferOptions) async throws -> Bool {
        if viewSource == viewDestination { throw HepboxError(.forbidden, "the source and the destination are the same") }
        if viewDestination.hasPrefix(viewSource) && options.recursive { throw HepboxError(.conflict, "a folder cannot be copied into itself") }
        let from = try await locate(context.principal, owner: viewOwner, path: viewSource, requiring: .read)
        let to = try await locate(context.principal, owner: viewOwner, path: viewDestination, requiring: .create)
        if to.isMountPoint { throw HepboxError(.forbidden, "/\(viewDestination) is a share and cannot be replaced") }
        let now = clock.seconds()
        let quotaLimit = try await quotaLimit(owner: to.owner)
        let (created, released): (Bool, [String]) = try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: from.owner, path: from.path) else {
                throw HepboxError.notFound("/\(viewSource)")
            }
            let parent = try NamespaceOps.parentFolder(tx, owner: to.owner, of: to.path)
            if node.isFolder && options.recursive, try NamespaceOps.isInside(tx, parent, node) {
                throw HepboxError(.conflict, "a folder cannot be copied into itself")
            }
            try LockRules.assertUnlocked(tx, owner: to.owner, path: to.path, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            var released: [String] = []
            let existing = try tx.child(of: parent.id, named: to.path.name)
            if let existing {
                guard options.overwrite else { throw HepboxError(.preconditionFailed, "/\(viewDestination) exists and Overwrite is F") }
                try ShareOps.endShares(tx, inside: existing, now: now)
                released = try NamespaceOps.removeSubtree(tx, existing)
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: -existing.size, mtime: now)
            }
            let copied = try Self.copySubtree(tx, node, into: parent.id, owner: to.owner, name: to.path.name,
                                              recursive: options.recursive).size
            if let quotaLimit, copied > 0, try NamespaceOps.root(tx, owner: to.owner).size + copied > quotaLimit {
                throw HepboxError(.insufficientStorage, "the copy exceeds the quota of \(to.owner)")
            }
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: copied, mtime: now)
            return (existing == nil, released)
        }
        await release(blobIDs: released)
        return created
    }

    /// Copies `node` (and, when recursive, its members) under `parentID`; returns the copy (its size is the bytes
    /// copied).
    /// Mount points are not copied: a share belongs to its recipient's own entry.
    static func copySubtree(_ tx: any MetadataWriting, _ node: Node, into parentID: NodeID, owner: String,
                            name: String, recursive: Bool) throws -> Node {
        let children = node.isFolder && recursive ? try tx.children(of: node.id).filter { $0.kind != .mount } : []
        var copy = try tx.insert(NewNode(parentID: parentID, owner: owner, name: name, kind: node.kind,
                                         size: node.isFolder ? 0 : node.size, mtime: node.mtime,
                                         etag: RandomToken.etag(), blobID: node.blobID, checksums: node.checksums,
                                         contentType: node.contentType))
        try tx.copyProperties(from: node.id, to: copy.id)
        var total: Int64 = node.isFolder ? 0 : node.size
        for child in children {
            total += try copySubtree(tx, child, into: copy.id, owner: owner, name: child.name, recursive: true).size
        }
        if node.isFolder && total != 0 {
            copy.size = total
            try tx.update(copy)
        }
        return copy
    }

    /// Locks die with the resource they were taken on.
    static func dropLocks(_ tx: any MetadataWriting, owner: String, under path: TreePath) throws {
        for lock in try tx.locks(treeOwner: owner) {
            let lockPath = TreePath.rootRelative(lock.path)
            if lockPath.count >= path.components.count && Array(lockPath.prefix(path.components.count)) == path.components {
                try tx.deleteLock(token: lock.token)
            }
        }
    }

    /// Sets and removes dead properties in one transaction (all or nothing). `oc:favorite` is the caller's own
    /// mark (see `Favorites`): alone it needs only read access and ignores locks.
    public func patchProperties(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath,
                                set: [DeadProperty], remove: [(namespace: String, name: String)]) async throws {
        let isFavorite = { (namespace: String, name: String) in Favorites.isFavoriteProperty(namespace: namespace, name: name) }
        let favoriteSet = set.last { isFavorite($0.namespace, $0.name) }.map { Favorites.isOn($0.valueXML) }
        let favorite = favoriteSet ?? (remove.contains { isFavorite($0.namespace, $0.name) } ? false : nil)
        let set = set.filter { !isFavorite($0.namespace, $0.name) }
        let remove = remove.filter { !isFavorite($0.namespace, $0.name) }
        let changesNode = !set.isEmpty || !remove.isEmpty
        let location = try await locate(context.principal, owner: viewOwner, path: viewPath,
                                        requiring: changesNode ? .write : .read)
        if favorite != nil && location.isPublicLink { throw HepboxError(.forbidden, "favorites belong to accounts, not to links") }
        let (owner, path, user) = (location.owner, location.path, context.principal.name)
        try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            if let favorite { try tx.setFavorite(user: user, node: node.id, favorite) }
            guard changesNode else { return }
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: false,
                                         context: context, now: clock.seconds())
            for property in set { try tx.setProperty(property, of: node.id) }
            for key in remove { try tx.removeProperty(namespace: key.namespace, name: key.name, of: node.id) }
        }
    }

    /// Sets a file's or folder's mtime (`X-OC-Mtime` on MKCOL/MOVE, PROPPATCH of lastmodified).
    public func setMtime(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, mtime: Int64) async throws {
        let location = try await locate(context.principal, owner: viewOwner, path: viewPath, requiring: .write)
        let (owner, path) = (location.owner, location.path)
        try await metadata.write { tx in
            guard var node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            node.mtime = mtime
            node.etag = RandomToken.etag()
            try tx.update(node)
            try ShareOps.propagateToMounts(tx, sharedNode: node.id, hops: 0)
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: 0, mtime: nil)
        }
    }
}

extension TreePath {
    /// Components of a stored `a/b/c` path (stored paths were validated when they were made).
    static func rootRelative(_ stored: String) -> [String] { segments(stored) }
}
