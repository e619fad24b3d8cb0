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
    public func makeFolder(_ context: OperationContext, owner: String, path: TreePath, mtime: Int64? = nil) async throws -> Node {
        try policy.require(.create, of: context.principal, inTreeOf: owner, at: path)
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

    /// Deletes a file or a whole folder: into the trash bin when it is on, for good otherwise.
    public func delete(_ context: OperationContext, owner: String, path: TreePath, conditions: Preconditions = Preconditions()) async throws {
        try policy.require(.delete, of: context.principal, inTreeOf: owner, at: path)
        if path.isRoot { throw HepboxError(.forbidden, "the root folder cannot be deleted") }
        let now = clock.seconds()
        let useTrash = settings.trashRetention > 0 && !AccessPolicy.isSystemTree(owner)
        let released: [String] = try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            try conditions.check(node)
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: -node.size, mtime: now)
            try Self.dropLocks(tx, owner: owner, under: path)
            if useTrash {
                try TrashOps.moveToTrash(tx, node, from: path, owner: owner, now: now)
                return []
            }
            return try NamespaceOps.removeSubtree(tx, node)
        }
        await release(blobIDs: released)
    }

    /// Moves or renames; the file ids survive. Returns true when the destination did not exist.
    public func move(_ context: OperationContext, owner: String, from source: TreePath, to destination: TreePath,
                     options: TransferOptions) async throws -> Bool {
        try policy.require([.move, .rename, .delete], of: context.principal, inTreeOf: owner, at: source)
        try policy.require(.create, of: context.principal, inTreeOf: owner, at: destination)
        if source.isRoot { throw HepboxError(.forbidden, "the root folder cannot be moved") }
        if source == destination { throw HepboxError(.forbidden, "the source and the destination are the same") }
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

    /// Copies a file or folder; copies get new ids and share the (immutable) blobs. Returns true when the
    /// destination did not exist.
    public func copy(_ context: OperationContext, owner: String, from source: TreePath, to destination: TreePath,
                     options: TransferOptions) async throws -> Bool {
        try policy.require(.read, of: context.principal, inTreeOf: owner, at: source)
        try policy.require(.create, of: context.principal, inTreeOf: owner, at: destination)
        if source == destination { throw HepboxError(.forbidden, "the source and the destination are the same") }
        if destination.hasPrefix(source) && options.recursive { throw HepboxError(.conflict, "a folder cannot be copied into itself") }
        let now = clock.seconds()
        let quotaLimit = try await quotaLimit(owner: owner)
        let (created, released): (Bool, [String]) = try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: owner, path: source) else { throw HepboxError.notFound("/\(source)") }
            let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: destination)
            try LockRules.assertUnlocked(tx, owner: owner, path: destination, subtree: true, membership: true,
                                         context: context, now: clock.seconds())
            var released: [String] = []
            let existing = try tx.child(of: parent.id, named: destination.name)
            if let existing {
                guard options.overwrite else { throw HepboxError(.preconditionFailed, "/\(destination) exists and Overwrite is F") }
                released = try NamespaceOps.removeSubtree(tx, existing)
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: -existing.size, mtime: now)
            }
            let copied = try Self.copySubtree(tx, node, into: parent.id, name: destination.name, recursive: options.recursive)
            if let quotaLimit, copied > 0, try NamespaceOps.root(tx, owner: owner).size + copied > quotaLimit {
                throw HepboxError(.insufficientStorage, "the copy exceeds the quota of \(owner)")
            }
            try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: copied, mtime: now)
            return (existing == nil, released)
        }
        await release(blobIDs: released)
        return created
    }

    /// Copies `node` (and, when recursive, its members) under `parentID`; returns the bytes copied.
    private static func copySubtree(_ tx: any MetadataWriting, _ node: Node, into parentID: NodeID, name: String,
                                    recursive: Bool) throws -> Int64 {
        let children = node.isFolder && recursive ? try tx.children(of: node.id) : []
        var copy = try tx.insert(NewNode(parentID: parentID, owner: node.owner, name: name, kind: node.kind,
                                         size: node.isFolder ? 0 : node.size, mtime: node.mtime,
                                         etag: RandomToken.etag(), blobID: node.blobID, checksums: node.checksums,
                                         contentType: node.contentType))
        try tx.copyProperties(from: node.id, to: copy.id)
        var total: Int64 = node.isFolder ? 0 : node.size
        for child in children {
            total += try copySubtree(tx, child, into: copy.id, name: child.name, recursive: true)
        }
        if node.isFolder && total != 0 {
            copy.size = total
            try tx.update(copy)
        }
        return total
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

    /// Sets and removes dead properties in one transaction (all or nothing).
    public func patchProperties(_ context: OperationContext, owner: String, path: TreePath, set: [DeadProperty],
                                remove: [(namespace: String, name: String)]) async throws {
        try policy.require(.write, of: context.principal, inTreeOf: owner, at: path)
        try await metadata.write { [clock] tx in
            guard let node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: false,
                                         context: context, now: clock.seconds())
            for property in set { try tx.setProperty(property, of: node.id) }
            for key in remove { try tx.removeProperty(namespace: key.namespace, name: key.name, of: node.id) }
        }
    }

    /// Sets a file's or folder's mtime (`X-OC-Mtime` on MKCOL/MOVE, PROPPATCH of lastmodified).
    public func setMtime(_ context: OperationContext, owner: String, path: TreePath, mtime: Int64) async throws {
        try policy.require(.write, of: context.principal, inTreeOf: owner, at: path)
        try await metadata.write { tx in
            guard var node = try NamespaceOps.resolve(tx, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
            node.mtime = mtime
            node.etag = RandomToken.etag()
            try tx.update(node)
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: 0, mtime: nil)
        }
    }
}

extension TreePath {
    /// Components of a stored `a/b/c` path.
    static func rootRelative(_ stored: String) -> [String] { stored.split(separator: "/").map(String.init) }
}
