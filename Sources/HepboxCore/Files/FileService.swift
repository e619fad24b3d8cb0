/// Settings the file domain needs, taken from the configuration at the edge.
public struct FileSettings: Sendable {
    /// Bytes per user when the account sets none; nil = unlimited.
    public var defaultQuota: Int64?
    /// Appended to zero-padded file ids in `oc:id`.
    public var instanceID: String
    /// Earlier contents kept per file; the oldest beyond this are dropped.
    public var maxVersions: Int
    /// Seconds a deleted item stays in the trash bin; 0 deletes at once (no trash bin).
    public var trashRetention: Int64
    /// Percent of what is left of a user's quota that the versions of their files may take, and (separately) their
    /// trash bin; the oldest go first beyond it. Neither counts as used space, so this keeps them from growing
    /// without bound. Users without a quota have only the per-file and retention limits.
    public var versionsSpacePercent = 50
    public var trashSpacePercent = 50
    /// Where shares appear in recipients' trees (the root by default).
    public var shareFolder: TreePath = .root

    public init(defaultQuota: Int64? = nil, instanceID: String, maxVersions: Int = 50, trashRetention: Int64 = 30 * 86_400) {
        self.defaultQuota = defaultQuota
        self.instanceID = instanceID
        self.maxVersions = maxVersions
        self.trashRetention = trashRetention
    }
}

/// Files of all users: namespace + blobs + quota, with access decided by `AccessPolicy` and locks by `LockRules`.
/// Every change commits in one metadata transaction after its bytes are durable, and gives new etags to the node
/// and all of its ancestors.
public final class FileService: Sendable {
    let metadata: any MetadataStore
    let blobs: any BlobStore
    public let policy: AccessPolicy
    let clock: WallClock
    public let settings: FileSettings
    /// Chunked uploads being assembled as their chunks arrive (`FileService+Chunked`).
    let assemblies: ChunkAssemblies

    public init(metadata: any MetadataStore, blobs: any BlobStore, policy: AccessPolicy = AccessPolicy(),
                settings: FileSettings, clock: WallClock = .system) {
        self.metadata = metadata
        self.blobs = blobs
        self.policy = policy
        self.settings = settings
        self.clock = clock
        assemblies = ChunkAssemblies(clock: clock)
    }

    /// Creates the user's root folder if it does not exist yet.
    @discardableResult
    public func ensureRoot(owner: String) async throws -> Node {
        let now = clock.seconds()
        return try await metadata.write { tx in
            if let root = try tx.rootNode(owner: owner) { return root }
            return try tx.insert(NewNode(parentID: nil, owner: owner, name: "", kind: .folder, size: 0, mtime: now,
                                         etag: RandomToken.etag()))
        }
    }

    /// The node at `path` or nil; throws "not found" when the place is not visible to the principal.
    public func find(_ principal: Principal, owner: String, path: TreePath) async throws -> Node? {
        let now = clock.seconds()
        return try await metadata.read { [policy] tx in
            let location = try ShareOps.locate(tx, principal: principal, viewOwner: owner, viewPath: path, now: now)
            try policy.require(.read, of: principal, at: location)
            guard try tx.rootNode(owner: location.owner) != nil else { return nil }
            return try Self.resolve(tx, location)
        }
    }

    public func node(_ principal: Principal, owner: String, path: TreePath) async throws -> Node {
        guard let node = try await find(principal, owner: owner, path: path) else { throw HepboxError.notFound("/\(path)") }
        return node
    }

    /// A node and its children (Depth 1), from one consistent snapshot.
    public func listing(_ principal: Principal, owner: String, path: TreePath) async throws -> (Node, [Node]) {
        let entries = try await list(principal, owner: owner, path: path, depth: .children)
        guard let top = entries.first else { throw HepboxError.notFound("/\(path)") }
        return (top.node, entries.dropFirst().map(\.node))
    }

    /// `oc:id`: the file id zero-padded to 8 digits followed by the instance id.
    public func ownCloudID(_ node: Node) -> String {
        let digits = String(node.id)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + settings.instanceID
    }

    /// Used and available bytes of a user's tree; available is nil when unlimited.
    public func quota(owner: String) async throws -> (used: Int64, available: Int64?) {
        try await metadata.read { [settings] tx in try Self.quota(tx, owner: owner, defaultQuota: settings.defaultQuota) }
    }

    static func quota(_ tx: any MetadataReading, owner: String, defaultQuota: Int64?) throws -> (used: Int64, available: Int64?) {
        let used = try tx.rootNode(owner: owner)?.size ?? 0
        guard let limit = try tx.user(named: owner)?.quota ?? defaultQuota else { return (used, nil) }
        return (used, max(0, limit - used))
    }

    /// Throws 507 when `bytes` more would not fit in the quota of `owner` (restores; uploads check on their own).
    static func requireSpace(_ tx: any MetadataReading, bytes: Int64, owner: String, defaultQuota: Int64?,
                             for action: String) throws {
        guard bytes > 0, let available = try quota(tx, owner: owner, defaultQuota: defaultQuota).available,
              bytes > available else { return }
        throw HepboxError(.insufficientStorage, "\(action) needs \(bytes) bytes; \(available) are left in the quota of \(owner)")
    }

    /// A file and the record of its content, resolved in one read (downloads).
    public func download(_ principal: Principal, owner: String, path: TreePath) async throws -> (Node, BlobRecord?) {
        let now = clock.seconds()
        return try await metadata.read { [policy] tx in
            let location = try ShareOps.locate(tx, principal: principal, viewOwner: owner, viewPath: path, now: now)
            try policy.require(.read, of: principal, at: location)
            guard let node = try Self.resolve(tx, location) else { throw HepboxError.notFound("/\(path)") }
            return (node, try node.blobID.flatMap { try tx.blob(id: $0) })
        }
    }

    /// Streams the content of a file resolved with `download` (or a byte range of it).
    public func content(of node: Node, record: BlobRecord?, range: Range<Int64>? = nil) throws -> BlobReadStream {
        guard let record = try Self.contentRecord(of: node, record: record) else { return BlobReadStream { $0.finish() } }
        return blobs.read(record, range: range)
    }

    /// A small range of a file resolved with `download`, read at once.
    public func rangeContent(of node: Node, record: BlobRecord?, range: Range<Int64>) async throws -> [UInt8] {
        guard let record = try Self.contentRecord(of: node, record: record) else { return [] }
        if let bytes = blobs.readRangeIfCached(record, range: range) { return bytes }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for try await chunk in blobs.read(record, range: range) { bytes += chunk }
        return bytes
    }

    /// All the content of a small file resolved with `download`, read at once.
    public func wholeContent(of node: Node, record: BlobRecord?) async throws -> [UInt8] {
        guard let record = try Self.contentRecord(of: node, record: record) else { return [] }
        if let bytes = blobs.readWholeIfCached(record) { return bytes }
        return try await blobs.readWhole(record)
    }

    /// The record of a file's content; nil for an empty file created without content.
    private static func contentRecord(of node: Node, record: BlobRecord?) throws -> BlobRecord? {
        guard node.kind == .file else { throw HepboxError(.methodNotAllowed, "a folder has no content") }
        guard let blobID = node.blobID else { return nil }
        guard let record, record.id == blobID else {
            throw HepboxError(.corrupt, "the content of \(node.name) is missing (blob \(blobID))")
        }
        return record
    }

    /// Streams a file's content (or a byte range of it).
    public func content(of node: Node, range: Range<Int64>? = nil) async throws -> BlobReadStream {
        guard node.kind == .file else { throw HepboxError(.methodNotAllowed, "a folder has no content") }
        guard let blobID = node.blobID else {  // an empty file created without content
            return BlobReadStream { $0.finish() }
        }
        guard let record = try await metadata.read({ try $0.blob(id: blobID) }) else {
            throw HepboxError(.corrupt, "the content of \(node.name) is missing (blob \(blobID))")
        }
        return blobs.read(record, range: range)
    }

    /// Removes blobs that no node references any more: the record first, then the files, so a crash in between
    /// leaves only orphan files that fsck collects.
    func release(blobIDs: [String]) async {
        for id in Set(blobIDs) {
            let record: BlobRecord? = try? await metadata.write { tx in
                guard try tx.referenceCount(blobID: id) == 0, let record = try tx.blob(id: id) else { return nil }
                try tx.deleteBlob(id: id)
                return record
            }
            if let record { try? await blobs.delete(record) }
        }
    }
}
