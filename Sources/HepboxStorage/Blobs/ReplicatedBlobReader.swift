import HepboxCore

/// Reads a range of a blob block by block, verifying each block and falling back replica by replica.
///
/// Produces a block only when the consumer asks for one (`AsyncThrowingStream(unfolding:)`), plus one block read
/// ahead so disk and network overlap: at most two blocks per reader in memory, however large the blob.
actor ReplicatedBlobReader {
    private let record: BlobRecord
    private let volumeSet: any VolumeSet
    private let cache: VerifiedBlockCache
    private let upperBound: Int64
    private var position: Int64
    private var volumes: [any ReplicaVolume]?
    /// The replica that served the last block; the next block tries it first.
    private var preferred = 0
    private var readAhead: (index: Int, task: Task<[UInt8], any Error>)?

    init(record: BlobRecord, range: Range<Int64>?, volumeSet: any VolumeSet, cache: VerifiedBlockCache) {
        self.record = record
        self.volumeSet = volumeSet
        self.cache = cache
        self.position = range?.lowerBound ?? 0
        self.upperBound = min(range?.upperBound ?? record.size, record.size)
    }

    static func stream(record: BlobRecord, range: Range<Int64>?, volumeSet: any VolumeSet,
                       cache: VerifiedBlockCache) -> BlobReadStream {
        if let range, range.lowerBound < 0 || (range.lowerBound >= record.size && !range.isEmpty) {
            return BlobReadStream {
                $0.finish(throwing: HepboxError(.rangeNotSatisfiable, "range \(range) of a \(record.size)-byte blob"))
            }
        }
        let reader = ReplicatedBlobReader(record: record, range: range, volumeSet: volumeSet, cache: cache)
        return BlobReadStream(unfolding: { try await reader.next() })
    }

    func next() async throws -> [UInt8]? {
        guard position < upperBound else {
            readAhead?.task.cancel()
            return nil
        }
        let blockSize = Int64(record.blockSize)
        let index = Int(position / blockSize)
        let block: [UInt8]
        if let ahead = readAhead, ahead.index == index {
            readAhead = nil
            block = try await ahead.task.value
        } else {
            block = try await readBlock(index, partial: position > Int64(index) * blockSize || upperBound < blockEnd(index))
        }
        let blockStart = Int64(index) * blockSize
        let from = Int(position - blockStart)
        let to = Int(min(upperBound - blockStart, Int64(block.count)))
        position = blockStart + Int64(to)
        if position < upperBound {
            let nextIndex = index + 1
            let partial = upperBound < blockEnd(nextIndex)
            readAhead = (nextIndex, Task { try await self.readBlock(nextIndex, partial: partial) })
        }
        return from == 0 && to == block.count ? block : Array(block[from..<to])
    }

    /// Where block `index` ends in the blob.
    private func blockEnd(_ index: Int) -> Int64 { min(Int64(index + 1) * Int64(record.blockSize), record.size) }

    /// One verified block: from the cache, else from the preferred replica or, failing that, from each other one
    /// in turn. `partial`: the range uses only part of it (then it may be kept for the next ranges).
    func readBlock(_ index: Int, partial: Bool) async throws -> [UInt8] {
        let key = VerifiedBlockCache.Key(blobID: record.id, index: index)
        if let cached = cache.block(key) { return cached }
        let (bytes, slot) = try await Self.readBlock(index, of: record, from: try await resolvedVolumes(),
                                                     preferred: preferred)
        preferred = slot
        if partial { cache.offer(key, bytes) }
        return bytes
    }

    /// A whole blob, block after block, without a stream (small files: one or a few blocks).
    static func readWhole(record: BlobRecord, volumeSet: any VolumeSet) async throws -> [UInt8] {
        guard record.size > 0 else { return [] }
        let volumes = try await volumeSet.volumesForReading()
        var bytes: [UInt8] = []
        var preferred = 0
        for index in 0..<Int((record.size + Int64(record.blockSize) - 1) / Int64(record.blockSize)) {
            let (block, slot) = try await readBlock(index, of: record, from: volumes, preferred: preferred)
            preferred = slot
            if index == 0 && Int64(block.count) == record.size { return block }
            bytes += block
        }
        return bytes
    }

    /// Block `index` and the replica slot that served it, trying `preferred` first.
    private static func readBlock(_ index: Int, of record: BlobRecord, from volumes: [any ReplicaVolume],
                                  preferred: Int) async throws -> ([UInt8], Int) {
        guard index < record.blockChecksums.count else {
            throw HepboxError(.corrupt, "blob \(record.id) has no checksum for block \(index)")
        }
        let offset = Int64(index) * Int64(record.blockSize)
        let length = Int(min(Int64(record.blockSize), record.size - offset))
        let expected = record.blockChecksums[index]
        let count = record.replicas.count
        var failures: [String] = []
        for step in 0..<count {
            let slot = (preferred + step) % count
            let identity = record.replicas[slot]
            guard let volume = volumes.first(where: { $0.identity == identity }) else {
                failures.append("\(identity): node not found")
                continue
            }
            let result = try await volume.readBlock(blobID: record.id, offset: offset, length: length,
                                                    expected: expected)
            if let bytes = result.bytes { return (bytes, slot) }
            failures.append("\(identity): \(result.problem ?? "unreadable")")
        }
        throw HepboxError(.corrupt, "no good copy of block \(index) of blob \(record.id) (\(failures.joined(separator: "; ")))")
    }

    private func resolvedVolumes() async throws -> [any ReplicaVolume] {
        if let volumes { return volumes }
        let resolved = try await volumeSet.volumesForReading()
        volumes = resolved
        return resolved
    }
}
