import Foundation
import HepboxCore
import NIOPosix

/// The default blob engine: immutable blobs in storage-node directories, each with `replicas` copies on distinct
/// nodes, fsynced before `finish()` returns, verified block by block on every read.
public final class LocalReplicatedBlobStore: BlobStore {
    public let nodes: [URL]
    public let replicas: Int
    public let blockSize: Int
    private let engine: ReplicatedBlobs

    /// - Parameters:
    ///   - nodes: storage node directories (created on first use).
    ///   - replicas: copies per blob, 1...nodes.count.
    ///   - blockSize: bytes per verified block (the unit of read verification and fallback).
    ///   - threadPool: where blocking I/O runs; the default is a shared pool sized for many concurrent fsyncs.
    public init(nodes: [URL], replicas: Int, blockSize: Int = 1 << 20, threadPool: NIOThreadPool? = nil) throws {
        try ReplicatedBlobs.validate(nodeCount: nodes.count, replicas: replicas, blockSize: blockSize)
        self.nodes = nodes
        self.replicas = replicas
        self.blockSize = blockSize
        let offload = Offload(pool: threadPool ?? Offload.sharedIOPool)
        engine = ReplicatedBlobs(volumeSet: LocalVolumeSet(directories: nodes.map(\.path), offload: offload),
                                 replicas: replicas, blockSize: blockSize, batchSize: max(blockSize, 1 << 20),
                                 offload: offload, blockCache: VerifiedBlockCache())
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

    /// The identity of each node directory (creating it if needed), in configuration order. For tools and tests.
    public func nodeIdentities() async throws -> [String] {
        try await engine.volumeSet.volumes(creating: true).map(\.identity)
    }
}
