import HepboxCore

/// The replication logic both blob stores share: placement of new blobs, verified reads with fallback, deletion
/// and fsck, over whatever volumes a `VolumeSet` resolves.
struct ReplicatedBlobs: Sendable {
    let volumeSet: any VolumeSet
    let replicas: Int
    let blockSize: Int
    let batchSize: Int
    let offload: Offload
    let blockCache: VerifiedBlockCache

    func makeWriter(fileChecksums: Bool) async throws -> any BlobWriter {
        let id = BlobIdentifiers.new()
        let volumes = try await volumeSet.volumes(creating: true)
        var sinks: [any ReplicaSink] = []
        var lastError: (any Error)?
        // Walk the ring from the id's position; a node that cannot take a file is skipped for the next one.
        for index in BlobIdentifiers.placementOrder(for: id, nodeCount: volumes.count) where sinks.count < replicas {
            do {
                sinks.append(try await volumes[index].createReplica(blobID: id))
            } catch {
                lastError = error
            }
        }
        guard sinks.count == replicas else {
            for sink in sinks { await sink.abort() }
            if let error = lastError as? HepboxError, error.code == .storageFull { throw error }
            throw HepboxError(.unavailable, "only \(sinks.count) of \(replicas) storage nodes are usable"
                              + (lastError.map { ": \($0)" } ?? ""))
        }
        return ReplicatedBlobWriter(id: id, sinks: sinks, blockSize: blockSize, batchSize: batchSize, offload: offload,
                                    fileChecksums: fileChecksums)
    }

    func read(_ blob: BlobRecord, range: Range<Int64>?) -> BlobReadStream {
        ReplicatedBlobReader.stream(record: blob, range: range, volumeSet: volumeSet, cache: blockCache)
    }

    /// A one-block blob from the first replica, in replica order, whose copy is in the page cache and verifies.
    /// Anything else (not cached, missing, corrupt, several blocks) is left to `readWhole` and its fallback.
    func readWholeIfCached(_ blob: BlobRecord) -> [UInt8]? {
        guard blob.size > 0, blob.size <= Int64(blob.blockSize), let expected = blob.blockChecksums.first,
              let volumes = volumeSet.volumesIfResolved() else { return nil }
        for identity in blob.replicas {
            guard let volume = volumes.first(where: { $0.identity == identity }) else { continue }
            if let bytes = volume.readBlockIfCached(blobID: blob.id, length: Int(blob.size), expected: expected) {
                return bytes
            }
        }
        return nil
    }

    func readRangeIfCached(_ blob: BlobRecord, range: Range<Int64>) -> [UInt8]? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= blob.size else { return nil }
        let blockSize = Int64(blob.blockSize)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for index in Int(range.lowerBound / blockSize)...Int((range.upperBound - 1) / blockSize) {
            guard let block = blockCache.block(.init(blobID: blob.id, index: index)) else { return nil }
            let start = Int64(index) * blockSize
            let from = Int(max(range.lowerBound - start, 0))
            let to = Int(min(range.upperBound - start, Int64(block.count)))
            guard from < to else { return nil }
            bytes.append(contentsOf: block[from..<to])
        }
        return bytes
    }

    func readWhole(_ blob: BlobRecord) async throws -> [UInt8] {
        try await ReplicatedBlobReader.readWhole(record: blob, volumeSet: volumeSet)
    }

    func delete(_ blob: BlobRecord) async throws {
        // Every node, not only the listed ones: an unlisted copy left by an interrupted repair goes too.
        for volume in try await volumeSet.volumes(creating: false) {
            try await volume.remove(blobID: blob.id)
        }
    }

    var checker: ReplicaChecker { ReplicaChecker(replicas: replicas, volumeSet: volumeSet) }

    static func validate(nodeCount: Int, replicas: Int, blockSize: Int) throws {
        guard nodeCount > 0 else { throw HepboxError(.badRequest, "at least one storage node is needed") }
        guard (1...nodeCount).contains(replicas) else {
            throw HepboxError(.badRequest, "replica count \(replicas) must be between 1 and the \(nodeCount) storage nodes")
        }
        guard blockSize >= 1024 else { throw HepboxError(.badRequest, "block size \(blockSize) is below 1 KiB") }
    }
}
