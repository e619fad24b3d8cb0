/// The namespace, users, properties, locks and blob records, behind a small transactional protocol.
/// The domain logic (etag propagation, sizes, permissions) lives in the domain services and is the same for every
/// engine; an engine only stores rows. Implementations: SQLite (default), in-memory (tests); PostgreSQL later.
public protocol MetadataStore: Sendable {
    /// Runs `body` on a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any MetadataReading) throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of its changes are durable when this returns, or none are.
    func write<T: Sendable>(_ body: @escaping @Sendable (any MetadataWriting) throws -> T) async throws -> T
}

public protocol MetadataReading: SharingReading, SessionReading {
    func node(id: NodeID) throws -> Node?
    func child(of parent: NodeID, named name: String) throws -> Node?
    func children(of parent: NodeID) throws -> [Node]
    func rootNode(owner: String) throws -> Node?
    /// Up to `limit` nodes with ids above `after`, in id order: the namespace page by page (fsck), never whole.
    func nodes(after: NodeID, limit: Int) throws -> [Node]
    /// The sum of the sizes of a folder's members (what the folder's own size must be).
    func sizeOfChildren(of parent: NodeID) throws -> Int64
    /// How many nodes and versions point at this blob.
    func referenceCount(blobID: String) throws -> Int

    /// Earlier contents of a file, newest first.
    func versions(of node: NodeID) throws -> [FileVersion]
    /// Earlier contents of every file in `owner`'s tree, oldest first.
    func versions(owner: String) throws -> [FileVersion]
    /// Bytes of all versions per owner of their files (owners without versions are absent).
    func versionBytesByOwner() throws -> [String: Int64]
    func version(id: Int64) throws -> FileVersion?

    func user(named name: String) throws -> UserRecord?
    func allUsers() throws -> [UserRecord]

    func properties(of node: NodeID) throws -> [DeadProperty]
    /// Dead properties of every child of a folder, by child id (children without any are absent).
    func propertiesOfChildren(of parent: NodeID) throws -> [NodeID: [DeadProperty]]

    func locks(treeOwner: String) throws -> [LockRecord]
    func lock(token: String) throws -> LockRecord?

    /// The nodes a user marked as favorites (per user: recipients of a share each have their own).
    func favorites(user: String) throws -> Set<NodeID>

    /// App passwords of one user, or of everyone (`user` nil).
    func appPasswords(user: String?) throws -> [AppPasswordRecord]
    func appPassword(tokenHash: String) throws -> AppPasswordRecord?

    func blob(id: String) throws -> BlobRecord?
    /// Up to `limit` blob records with ids above `after` ("" for the first page), in id order.
    func blobs(after: String, limit: Int) throws -> [BlobRecord]
}

extension MetadataReading {
    /// Every node, read page by page (tests and small trees; whole-store checks page themselves).
    public func allNodes() throws -> [Node] {
        try Self.allPages(from: NodeID.min) { try nodes(after: $0, limit: 1000) } key: { $0.id }
    }

    /// Every blob record, read page by page (tests and small stores).
    public func allBlobs() throws -> [BlobRecord] {
        try Self.allPages(from: "") { try blobs(after: $0, limit: 1000) } key: { $0.id }
    }

    private static func allPages<Item, Key>(from start: Key, _ page: (Key) throws -> [Item],
                                            key: (Item) -> Key) throws -> [Item] {
        var out: [Item] = []
        var after = start
        while true {
            let items = try page(after)
            guard let last = items.last else { return out }
            out += items
            after = key(last)
        }
    }

    /// One query per child; engines that can do better (SQLite) replace it with one query per folder.
    public func propertiesOfChildren(of parent: NodeID) throws -> [NodeID: [DeadProperty]] {
        var out: [NodeID: [DeadProperty]] = [:]
        for child in try children(of: parent) {
            let properties = try properties(of: child.id)
            if !properties.isEmpty { out[child.id] = properties }
        }
        return out
    }
}

public protocol MetadataWriting: MetadataReading, SharingWriting, SessionWriting {
    /// Stores a new node and returns it with its id. Ids are never reused.
    func insert(_ node: NewNode) throws -> Node
    func update(_ node: Node) throws
    /// One step of propagating a change towards the root: adds `sizeDelta` to the node's size, sets its etag and,
    /// when given, its mtime. Returns the node's parent and owner, or nil when there is no such node.
    func touch(_ id: NodeID, sizeDelta: Int64, mtime: Int64?, etag: String) throws -> (parentID: NodeID?, owner: String)?
    /// Removes one node (not its children), its properties and every user's favorite mark of it.
    func deleteNode(id: NodeID) throws

    func upsert(user: UserRecord) throws
    /// Removes the account row and the user's favorites.
    func deleteUser(named name: String) throws

    func setProperty(_ property: DeadProperty, of node: NodeID) throws
    func removeProperty(namespace: String, name: String, of node: NodeID) throws
    /// Replaces all dead properties of `target` with those of `source` (COPY).
    func copyProperties(from source: NodeID, to target: NodeID) throws

    func upsert(lock: LockRecord) throws
    func deleteLock(token: String) throws

    func setFavorite(user: String, node: NodeID, _ favorite: Bool) throws

    /// Stores a version (its `id` is assigned by the store and returned).
    func insert(version: FileVersion) throws -> FileVersion
    func deleteVersion(id: Int64) throws

    func insert(appPassword: AppPasswordRecord) throws -> AppPasswordRecord
    func deleteAppPassword(id: Int64) throws

    func insert(blob: BlobRecord) throws
    func update(blob: BlobRecord) throws
    func deleteBlob(id: String) throws
}
