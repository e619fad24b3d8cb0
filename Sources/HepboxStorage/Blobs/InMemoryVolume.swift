import Foundation
import HepboxCore

/// A storage node in memory, for the in-memory blob store. Mirrors `LocalVolume`, including the "held by a live
/// writer" state that the local store gets from flock.
final class InMemoryVolume: ReplicaVolume, @unchecked Sendable {
    // @unchecked: every mutable field is only touched with `lock` held.
    let identity: String
    private let lock = NSLock()
    private var files: [String: [UInt8]] = [:]
    private var temps: [String: [UInt8]] = [:]
    private var held: Set<String> = []
    private let capacity: Int64?

    init(identity: String, capacity: Int64?) {
        self.identity = identity
        self.capacity = capacity
    }

    func readBlock(blobID: String, offset: Int64, length: Int, expected: UInt32) async throws -> BlockRead {
        guard let file = lock.withLock({ files[blobID] }) else { return .missing }
        let start = Int(min(offset, Int64(file.count)))
        let end = min(start + length, file.count)
        let bytes = Array(file[start..<end])
        guard bytes.count == length else { return .short(got: bytes.count) }
        let found = Adler32.of(bytes)
        return found == expected ? .good(bytes) : .mismatch(found: found)
    }

    func readBlockIfCached(blobID: String, length: Int, expected: UInt32) -> [UInt8]? {
        guard let file = lock.withLock({ files[blobID] }), file.count >= length else { return nil }
        let bytes = Array(file[0..<length])
        return Adler32.of(bytes) == expected ? bytes : nil
    }

    func createReplica(blobID: String) async throws -> any ReplicaSink {
        let name = "\(blobID).\(BlobIdentifiers.random().prefix(8)).tmp"
        lock.withLock {
            temps[name] = []
            held.insert(name)
        }
        return InMemoryReplicaSink(volume: self, blobID: blobID, tempName: name)
    }

    func remove(blobID: String) async throws { lock.withLock { files[blobID] = nil } }

    func storedShards() async throws -> [String] {
        lock.withLock { Set(files.keys.map(BlobIdentifiers.shard)).sorted() }
    }

    func storedBlobIDs(inShard shard: String) async throws -> [String] {
        lock.withLock { files.keys.filter { !held.contains($0) && BlobIdentifiers.shard(of: $0) == shard }.sorted() }
    }

    func holdsReplica(blobID: String) async throws -> Bool {
        lock.withLock { files[blobID] != nil && !held.contains(blobID) }
    }

    func staleTemporaries() async throws -> [String] {
        lock.withLock { temps.keys.filter { !held.contains($0) }.sorted() }
    }

    func removeTemporary(_ name: String) async throws { lock.withLock { temps[name] = nil } }

    // MARK: sink support

    func appendTemp(_ name: String, _ bytes: [UInt8]) throws {
        try lock.withLock {
            if let capacity {
                let used = files.values.reduce(0) { $0 + $1.count } + temps.values.reduce(0) { $0 + $1.count }
                if Int64(used + bytes.count) > capacity {
                    throw HepboxError(.storageFull, "storage node \(identity) is full")
                }
            }
            temps[name, default: []].append(contentsOf: bytes)
        }
    }

    func commitTemp(_ name: String, as blobID: String) throws {
        try lock.withLock {
            guard let bytes = temps.removeValue(forKey: name) else {
                throw HepboxError(.internalError, "temporary \(name) vanished on \(identity)")
            }
            files[blobID] = bytes
            held.remove(name)
            held.insert(blobID)
        }
    }

    /// The writer is gone: its temp (if any) is dropped and its blob no longer protected from fsck.
    func release(tempName: String, blobID: String, dropTemp: Bool) {
        lock.withLock {
            if dropTemp { temps[tempName] = nil }
            held.remove(tempName)
            held.remove(blobID)
        }
    }

    // MARK: test hooks

    func withFiles<T>(_ body: (inout [String: [UInt8]], inout [String: [UInt8]]) -> T) -> T {
        lock.withLock { body(&files, &temps) }
    }
}

final class InMemoryReplicaSink: ReplicaSink, @unchecked Sendable {
    // @unchecked: `finished` is only touched by the one writer owning the sink, sequentially.
    private let volume: InMemoryVolume
    private let blobID: String
    private let tempName: String
    private var finished = false

    var identity: String { volume.identity }

    init(volume: InMemoryVolume, blobID: String, tempName: String) {
        self.volume = volume
        self.blobID = blobID
        self.tempName = tempName
    }

    deinit { volume.release(tempName: tempName, blobID: blobID, dropTemp: !finished) }

    func write(_ bytes: [UInt8]) async throws { try volume.appendTemp(tempName, bytes) }

    func commit() async throws {
        try volume.commitTemp(tempName, as: blobID)
        finished = true
    }

    func abort() async {
        volume.release(tempName: tempName, blobID: "", dropTemp: true)
        finished = true
    }
}
