/// One storage node as the replication logic sees it: a directory (`LocalVolume`) or memory (`InMemoryVolume`).
/// The placement, verification, fallback and repair logic is written once against this protocol, so the in-memory
/// twin behaves exactly like the real store.
protocol ReplicaVolume: Sendable {
    /// The identity recorded in `BlobRecord.replicas`.
    var identity: String { get }
    /// Reads `length` bytes at `offset` of a replica and checks them against `expected` (ADLER32).
    func readBlock(blobID: String, offset: Int64, length: Int, expected: UInt32) async throws -> BlockRead
    /// The first `length` bytes of a replica when they are in memory and match `expected`; nil otherwise.
    func readBlockIfCached(blobID: String, length: Int, expected: UInt32) -> [UInt8]?
    /// Starts a new replica file, invisible until `commit`.
    func createReplica(blobID: String) async throws -> any ReplicaSink
    /// Removes a finished replica; a missing one is not an error.
    func remove(blobID: String) async throws
    /// The shard directories that hold replica files (fsck lists a node one shard at a time).
    func storedShards() async throws -> [String]
    /// Ids of the finished replica files in one shard, except those a live writer still holds (their metadata
    /// commit may be on its way).
    func storedBlobIDs(inShard shard: String) async throws -> [String]
    /// True when this node has a finished replica of the blob that no live writer holds.
    func holdsReplica(blobID: String) async throws -> Bool
    /// Temporary files whose writer is gone (crash, kill).
    func staleTemporaries() async throws -> [String]
    func removeTemporary(_ name: String) async throws
}

enum BlockRead: Sendable {
    case good([UInt8])
    case missing
    case short(got: Int)
    case mismatch(found: UInt32)

    var bytes: [UInt8]? {
        if case .good(let bytes) = self { bytes } else { nil }
    }

    var problem: String? {
        switch self {
        case .good: nil
        case .missing: "missing"
        case .short(let got): "short read (\(got) bytes)"
        case .mismatch(let found): "block checksum mismatch (found \(Adler32.hex(found)))"
        }
    }
}

/// A replica being written. Used by one writer at a time, strictly sequentially.
protocol ReplicaSink: Sendable {
    var identity: String { get }
    func write(_ bytes: [UInt8]) async throws
    /// Makes the replica durable and visible under its blob id (fsync file, rename, fsync directory).
    func commit() async throws
    /// Drops the temporary file.
    func abort() async
    /// `write` then `commit`; a sink may do both in one step (one thread hop for a small blob).
    func writeAndCommit(_ bytes: [UInt8]) async throws
    /// Makes what was written so far durable without committing (fsync of the temporary file).
    func sync() async throws
}

extension ReplicaSink {
    func sync() async throws {}

    func writeAndCommit(_ bytes: [UInt8]) async throws {
        try await write(bytes)
        try await commit()
    }
}

/// The storage nodes of a store, resolved afresh on each use: a node directory that vanished gets a new identity,
/// and the identities of what it used to hold then simply no longer resolve (missing replicas).
protocol VolumeSet: Sendable {
    /// `creating`: set up missing node directories (writers, repair); readers never create anything.
    func volumes(creating: Bool) async throws -> [any ReplicaVolume]
    /// The volumes to read replicas from, possibly as last resolved: a read needs no fresh look at the node
    /// directories, since a replica that is gone or changed fails its read (or its checksum) and the next is tried.
    func volumesForReading() async throws -> [any ReplicaVolume]
    /// The volumes as last resolved, without looking at the node directories; nil when none are resolved yet.
    func volumesIfResolved() -> [any ReplicaVolume]?
}

extension VolumeSet {
    func volumesForReading() async throws -> [any ReplicaVolume] { try await volumes(creating: false) }
    func volumesIfResolved() -> [any ReplicaVolume]? { nil }
}
