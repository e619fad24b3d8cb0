import Foundation
import HepboxCore

/// The test twin of `LocalReplicatedBlobStore`: the same replication, verification and fsck logic over nodes in
/// memory, plus hooks to damage replicas the way a disk or an operator would.
public final class InMemoryBlobStore: BlobStore, @unchecked Sendable {
    // @unchecked: `volumes` is only touched with `lock` held.
    public let replicas: Int
    public let blockSize: Int
    private let capacityPerNode: Int64?
    private let lock = NSLock()
    private var volumes: [InMemoryVolume]
    private let blockCache = VerifiedBlockCache()
    private var engine: ReplicatedBlobs {
        ReplicatedBlobs(volumeSet: InMemoryVolumeSet(store: self), replicas: replicas, blockSize: blockSize,
                        batchSize: max(blockSize, 1 << 16), offload: Offload(pool: nil), blockCache: blockCache)
    }

    /// - Parameter capacityPerNode: bytes a node holds before writes fail with `insufficientStorage` (nil: no limit).
    public init(nodeCount: Int = 1, replicas: Int = 1, blockSize: Int = 1 << 20, capacityPerNode: Int64? = nil) throws {
        try ReplicatedBlobs.validate(nodeCount: nodeCount, replicas: replicas, blockSize: blockSize)
        self.replicas = replicas
        self.blockSize = blockSize
        self.capacityPerNode = capacityPerNode
        volumes = (0..<nodeCount).map { _ in InMemoryVolume(identity: BlobIdentifiers.random(), capacity: capacityPerNode) }
    }

    public func makeWriter(fileChecksums: Bool) async throws -> any BlobWriter {
        try await engine.makeWriter(fileChecksums: fileChecksums)
    }

    public func read(_ blob: BlobRecord, range: Range<Int64>?) -> BlobReadStream { engine.read(blob, range: range) }

    public func readWhole(_ blob: BlobRecord) async throws -> [UInt8] { try await engine.readWhole(blob) }

    public func readWholeIfCached(_ blob: BlobRecord) -> [UInt8]? { engine.readWholeIfCached(blob) }

    public func readRangeIfCached(_ blob: BlobRecord, range: Range<Int64>) -> [UInt8]? {
        engine.readRangeIfCached(blob, range: range)
    }

    public func delete(_ blob: BlobRecord) async throws { try await engine.delete(blob) }

    public func checkReplicas(of records: [BlobRecord], repair: Bool) async throws -> BlobCheckReport {
        try await engine.checker.checkReplicas(of: records, repair: repair)
    }

    public func sweepOrphans(repair: Bool, recorded: @escaping @Sendable ([String]) async throws -> Set<String>)
        async throws -> BlobCheckReport {
        try await engine.checker.sweepOrphans(repair: repair, recorded: recorded)
    }

    fileprivate var currentVolumes: [InMemoryVolume] { lock.withLock { volumes } }

    // MARK: test hooks

    public func nodeIdentities() -> [String] { currentVolumes.map(\.identity) }

    public func hasReplica(blobID: String, onNode identity: String) -> Bool {
        volume(identity)?.withFiles { files, _ in files[blobID] != nil } ?? false
    }

    public func dropReplica(blobID: String, onNode identity: String) {
        volume(identity)?.withFiles { files, _ in files[blobID] = nil }
    }

    /// Flips every bit of one byte of a replica.
    public func corruptReplica(blobID: String, onNode identity: String, byteAt offset: Int) {
        volume(identity)?.withFiles { files, _ in
            guard var bytes = files[blobID], bytes.indices.contains(offset) else { return }
            bytes[offset] ^= 0xff
            files[blobID] = bytes
        }
    }

    /// Puts a finished file on a node, as if left by a crash or a lost metadata transaction.
    public func placeFile(blobID: String, onNode identity: String, bytes: [UInt8]) {
        volume(identity)?.withFiles { files, _ in files[blobID] = bytes }
    }

    /// Puts a temporary file no writer holds on a node.
    public func placeStaleTemporary(named name: String, onNode identity: String) {
        volume(identity)?.withFiles { _, temps in temps[name] = [1, 2, 3] }
    }

    /// Loses a whole node: it comes back empty with a new identity, like a deleted node directory.
    public func wipeNode(_ identity: String) {
        lock.withLock {
            guard let index = volumes.firstIndex(where: { $0.identity == identity }) else { return }
            volumes[index] = InMemoryVolume(identity: BlobIdentifiers.random(), capacity: capacityPerNode)
        }
    }

    private func volume(_ identity: String) -> InMemoryVolume? { currentVolumes.first { $0.identity == identity } }
}

private struct InMemoryVolumeSet: VolumeSet {
    let store: InMemoryBlobStore
    func volumes(creating: Bool) async throws -> [any ReplicaVolume] { store.currentVolumes }
    func volumesIfResolved() -> [any ReplicaVolume]? { store.currentVolumes }
}
