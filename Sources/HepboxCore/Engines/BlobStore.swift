/// Immutable content on storage nodes, each blob with R replicas on different nodes.
/// Implementations: replicated local node directories (default), in-memory (tests); XRootD later.
public protocol BlobStore: Sendable {
    /// Starts a new blob. Bytes go to every replica as they arrive; checksums are computed on the way: the block
    /// checksums and the whole ADLER32 always, SHA1 and MD5 unless `fileChecksums` is false (they are then empty).
    func makeWriter(fileChecksums: Bool) async throws -> any BlobWriter
    /// Streams `range` (or everything) of a blob, verifying every block and falling back to another replica when
    /// one is missing or corrupt. Throws `.corrupt` when no replica has a good copy of a block.
    func read(_ blob: BlobRecord, range: Range<Int64>?) -> BlobReadStream
    /// All of a (small) blob at once, verified and with the same fallback as `read`.
    func readWhole(_ blob: BlobRecord) async throws -> [UInt8]
    /// A small blob, verified, when a replica is in memory already (the page cache), read on the calling thread;
    /// nil otherwise, and then `readWhole` reads it. Spares a small GET the thread hops of the asynchronous path.
    func readWholeIfCached(_ blob: BlobRecord) -> [UInt8]?
    /// `range` of a blob when every block it touches was verified and kept for range reads, read on the calling
    /// thread; nil otherwise, and then `read` reads it. Spares the many small ranges of one request (uproot's
    /// multi-range reads) a reader and its thread hops each.
    func readRangeIfCached(_ blob: BlobRecord, range: Range<Int64>) -> [UInt8]?
    /// Removes every replica. Missing replicas are not an error.
    func delete(_ blob: BlobRecord) async throws

    /// Checks the replicas of these records (fsck passes them page by page): missing, corrupt, unlisted copies, too
    /// few good ones; `repair` restores R good replicas where a good copy of every block is left. The report holds
    /// the records whose replica list changed (to be stored).
    func checkReplicas(of records: [BlobRecord], repair: Bool) async throws -> BlobCheckReport
    /// Replica files of blobs no longer in use, and temporaries of interrupted writes; `repair` removes them. The
    /// files are listed one shard directory at a time and `recorded` returns which of a shard's ids are in use: it
    /// is asked after the listing, and a writer holds its files until its record is committed, so a blob committed
    /// while the sweep runs (the server may be live) is never taken for an orphan.
    func sweepOrphans(repair: Bool, recorded: @escaping @Sendable ([String]) async throws -> Set<String>)
        async throws -> BlobCheckReport
}

extension BlobStore {
    /// A new blob with every checksum.
    public func makeWriter() async throws -> any BlobWriter { try await makeWriter(fileChecksums: true) }

    public func readWholeIfCached(_ blob: BlobRecord) -> [UInt8]? { nil }
    public func readRangeIfCached(_ blob: BlobRecord, range: Range<Int64>) -> [UInt8]? { nil }

    /// Both checks against a complete list of records (tests and small stores; fsck pages through the records).
    public func check(_ records: [BlobRecord], repair: Bool) async throws -> BlobCheckReport {
        var report = try await checkReplicas(of: records, repair: repair)
        let known = Set(records.map(\.id))
        report.merge(try await sweepOrphans(repair: repair, recorded: { ids in known.intersection(ids) }))
        return report
    }
}

public protocol BlobWriter: Sendable {
    func append(_ bytes: [UInt8]) async throws
    /// Flushes and fsyncs every replica and makes it visible under the blob id. After this returns the bytes are
    /// durable; the blob is not referenced by anything yet.
    func finish() async throws -> BlobRecord
    /// Drops everything written so far.
    func abort() async
    /// Writes out what was appended so far and waits until it is on disk (the blob stays unfinished and
    /// invisible); makes the final `finish()` quick for a blob that grows over a long time.
    func sync() async throws
}

extension BlobWriter {
    public func sync() async throws {}
}

/// Chunks of a blob as they are read and verified.
public typealias BlobReadStream = AsyncThrowingStream<[UInt8], any Error>

public struct BlobCheckReport: Sendable, Equatable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable { case missingReplica = "missing", corruptReplica = "corrupt", orphan, underReplicated = "under-replicated", unrecoverable }
        public var kind: Kind
        public var blobID: String
        public var storageNode: String
        public var detail: String
        public init(kind: Kind, blobID: String, storageNode: String, detail: String) {
            self.kind = kind
            self.blobID = blobID
            self.storageNode = storageNode
            self.detail = detail
        }
        public var description: String { "\(kind.rawValue) replica: blob \(blobID) on \(storageNode): \(detail)" }
    }
    public var problems: [Problem]
    public var repaired: [Problem]
    /// Records whose replica list the repair changed; the caller stores them.
    public var updatedRecords: [BlobRecord]

    public init(problems: [Problem] = [], repaired: [Problem] = [], updatedRecords: [BlobRecord] = []) {
        self.problems = problems
        self.repaired = repaired
        self.updatedRecords = updatedRecords
    }

    public mutating func merge(_ other: BlobCheckReport) {
        problems += other.problems
        repaired += other.repaired
        updatedRecords += other.updatedRecords
    }
}
