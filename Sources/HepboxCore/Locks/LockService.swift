/// WebDAV locks (class 2): create, refresh, release, discover. Records live in the metadata store.
public final class LockService: Sendable {
    public static let maxTimeout: Int64 = 7 * 24 * 3600
    public static let defaultTimeout: Int64 = 3600

    let metadata: any MetadataStore
    let files: FileService
    let clock: WallClock

    public init(metadata: any MetadataStore, files: FileService, clock: WallClock = .system) {
        self.metadata = metadata
        self.files = files
        self.clock = clock
    }

    public struct LockResult: Sendable {
        public var lock: LockRecord
        /// True when the lock created an empty file at an unmapped path.
        public var createdResource: Bool
    }

    /// Takes a new lock. An unmapped path gets an empty file (RFC 4918 §9.10.4).
    public func lock(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, scope: LockRecord.Scope,
                     deep: Bool, ownerXML: String, timeout: Int64?) async throws -> LockResult {
        // Locks live in the tree that holds the node (a share's owner's tree) and are taken there.
        let location = try await files.locate(context.principal, owner: viewOwner, path: viewPath)
        try files.policy.require(.write, of: context.principal, at: location)
        let (owner, path) = (location.owner, location.path)
        let seconds = min(max(timeout ?? Self.defaultTimeout, 1), Self.maxTimeout)
        var created = false
        if try await files.find(context.principal, owner: viewOwner, path: viewPath) == nil {
            let empty: [[UInt8]] = []
            _ = try await files.upload(context, owner: viewOwner, path: viewPath, body: empty.async, options: UploadOptions())
            created = true
        }
        let now = clock.seconds()
        let record = LockRecord(token: "opaquelocktoken:\(RandomToken.uuid())", treeOwner: owner, path: path.description,
                                scope: scope, deep: deep, ownerXML: ownerXML, principal: context.principal.name,
                                timeoutSeconds: seconds, expiresAt: now + seconds)
        try await metadata.write { tx in
            let live = LockRules.live(try tx.locks(treeOwner: owner), now: now)
            for other in live {
                let otherPath = TreePath.rootRelative(other.path)
                let overlaps = LockRules.covers(other, path: path)
                    || (deep && otherPath.count > path.components.count
                        && Array(otherPath.prefix(path.components.count)) == path.components)
                if overlaps && (scope == .exclusive || other.scope == .exclusive) {
                    throw HepboxError(.locked, "/\(path) is already locked (lock on /\(other.path))")
                }
            }
            try tx.upsert(lock: record)
        }
        return LockResult(lock: record, createdResource: created)
    }

    /// Extends a lock the request named in its `If:` header and that covers `path`.
    public func refresh(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, timeout: Int64?) async throws -> LockRecord {
        let location = try await files.locate(context.principal, owner: viewOwner, path: viewPath)
        try files.policy.require(.read, of: context.principal, at: location)
        let (owner, path) = (location.owner, location.path)
        let seconds = min(max(timeout ?? Self.defaultTimeout, 1), Self.maxTimeout)
        let now = clock.seconds()
        return try await metadata.write { tx in
            let live = LockRules.live(try tx.locks(treeOwner: owner), now: now)
            guard var lock = live.first(where: { context.lockTokens.contains($0.token) && LockRules.covers($0, path: path) }) else {
                throw HepboxError(.preconditionFailed, "no lock token in the If header names a lock on /\(path)")
            }
            lock.timeoutSeconds = seconds
            lock.expiresAt = now + seconds
            try tx.upsert(lock: lock)
            return lock
        }
    }

    public func unlock(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, token: String) async throws {
        let location = try await files.locate(context.principal, owner: viewOwner, path: viewPath)
        try files.policy.require(.read, of: context.principal, at: location)
        let (owner, path) = (location.owner, location.path)
        let now = clock.seconds()
        try await metadata.write { tx in
            guard let lock = try tx.lock(token: token), lock.treeOwner == owner, lock.expiresAt > now,
                  LockRules.covers(lock, path: path)
            else { throw HepboxError(.conflict, "the lock token \(token) does not name a lock on /\(path)") }
            try tx.deleteLock(token: token)
        }
    }

    /// The live locks that cover `path` (for `lockdiscovery`).
    public func locks(owner: String, covering path: TreePath) async throws -> [LockRecord] {
        let now = clock.seconds()
        return try await metadata.read { tx in
            LockRules.live(try tx.locks(treeOwner: owner), now: now).filter { LockRules.covers($0, path: path) }
        }
    }

    /// The live locks that matter at a view path, with paths as the viewer sees them (for `lockdiscovery`).
    /// Inside a share they are the owner's locks on the shared subtree, moved under the mount point; a deep lock
    /// above the shared node shows as rooted at the mount point, the highest place the viewer can see.
    public func locksInView(_ principal: Principal, owner viewOwner: String, path viewPath: TreePath) async throws -> [LockRecord] {
        try await locksInView(at: try await files.locate(principal, owner: viewOwner, path: viewPath))
    }

    /// `locksInView` for a view path already located.
    public func locksInView(at location: Location) async throws -> [LockRecord] {
        let viewPath = location.viewPath
        guard let share = location.share else { return try await allLocks(owner: location.viewOwner) }
        let now = clock.seconds()
        return try await metadata.read { tx in
            guard let shared = try tx.node(id: share.nodeID) else { return [] }
            let sharedPath = try NamespaceOps.path(tx, of: shared).components
            let ownerPath = location.path.components
            // The mount point's view path: the view path less the part below the shared node.
            let below = ownerPath.count - sharedPath.count
            guard below >= 0, viewPath.components.count >= below else { return [] }
            let mountPath = Array(viewPath.components.prefix(viewPath.components.count - below))
            return LockRules.live(try tx.locks(treeOwner: location.owner), now: now).compactMap { lock in
                let lockPath = TreePath.rootRelative(lock.path)
                var seen = lock
                if lockPath.count >= sharedPath.count && Array(lockPath.prefix(sharedPath.count)) == sharedPath {
                    seen.path = (mountPath + lockPath.dropFirst(sharedPath.count)).joined(separator: "/")
                } else if lock.deep && Array(sharedPath.prefix(lockPath.count)) == lockPath {
                    seen.path = mountPath.joined(separator: "/")
                } else {
                    return nil
                }
                return seen
            }
        }
    }

    /// The live locks of a tree (for evaluating `If:` state tokens).
    public func allLocks(owner: String) async throws -> [LockRecord] {
        let now = clock.seconds()
        return try await metadata.read { LockRules.live(try $0.locks(treeOwner: owner), now: now) }
    }
}
