import Foundation
import HepboxCore
@testable import HepboxStorage
import Testing

/// A blob store under test plus the means to damage it; one implementation per engine, so the conformance
/// tests can break replicas the same way whatever the store keeps them in.
protocol BlobHarness: Sendable {
    var store: any BlobStore { get }
    func identities() async throws -> [String]
    func hasReplica(_ blobID: String, on node: String) async throws -> Bool
    func drop(_ blobID: String, on node: String) async throws
    func flipByte(_ blobID: String, on node: String, at offset: Int) async throws
    func placeOrphan(on node: String) async throws -> String
    /// Replaces a replica's content (a torn or grown file).
    func overwrite(_ blobID: String, on node: String, with bytes: [UInt8]) async throws
    func placeStaleTemporary(on node: String) async throws
    /// Loses a node entirely (it comes back empty, under a new identity).
    func wipe(_ node: String) async throws
    /// Temporary files on all nodes (an aborted write must leave none).
    func temporaryFileCount() async throws -> Int
}

enum BlobEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case local, memory

    var testDescription: String { rawValue }

    func make(nodes: Int = 1, replicas: Int = 1, blockSize: Int = 64 << 10) throws -> any BlobHarness {
        switch self {
        case .local: try LocalHarness(nodes: nodes, replicas: replicas, blockSize: blockSize)
        case .memory: try MemoryHarness(nodes: nodes, replicas: replicas, blockSize: blockSize)
        }
    }
}

struct MemoryHarness: BlobHarness {
    let memory: InMemoryBlobStore
    var store: any BlobStore { memory }

    init(nodes: Int, replicas: Int, blockSize: Int) throws {
        memory = try InMemoryBlobStore(nodeCount: nodes, replicas: replicas, blockSize: blockSize)
    }

    func identities() async throws -> [String] { memory.nodeIdentities() }
    func hasReplica(_ blobID: String, on node: String) async throws -> Bool { memory.hasReplica(blobID: blobID, onNode: node) }
    func drop(_ blobID: String, on node: String) async throws { memory.dropReplica(blobID: blobID, onNode: node) }
    func flipByte(_ blobID: String, on node: String, at offset: Int) async throws {
        memory.corruptReplica(blobID: blobID, onNode: node, byteAt: offset)
    }
    func placeOrphan(on node: String) async throws -> String {
        let id = String(repeating: "ab", count: 16)
        memory.placeFile(blobID: id, onNode: node, bytes: [1, 2, 3])
        return id
    }
    func overwrite(_ blobID: String, on node: String, with bytes: [UInt8]) async throws {
        memory.placeFile(blobID: blobID, onNode: node, bytes: bytes)
    }
    func placeStaleTemporary(on node: String) async throws { memory.placeStaleTemporary(named: "x.tmp", onNode: node) }
    func wipe(_ node: String) async throws { memory.wipeNode(node) }
    func temporaryFileCount() async throws -> Int {
        try await memory.check([], repair: false).problems.filter { $0.detail.contains("temporary") }.count
    }
}

struct LocalHarness: BlobHarness {
    let directories: [URL]
    let local: LocalReplicatedBlobStore
    var store: any BlobStore { local }

    init(nodes: Int, replicas: Int, blockSize: Int) throws {
        let base = try TemporaryDirectory.make()
        directories = (0..<nodes).map { base.appendingPathComponent("node\($0)") }
        local = try LocalReplicatedBlobStore(nodes: directories, replicas: replicas, blockSize: blockSize)
    }

    func identities() async throws -> [String] { try await local.nodeIdentities() }

    func directory(of node: String) throws -> URL {
        for directory in directories {
            let text = try? String(contentsOf: directory.appendingPathComponent("node-id"), encoding: .utf8)
            if text?.trimmingCharacters(in: .whitespacesAndNewlines) == node { return directory }
        }
        throw HepboxError.notFound("node \(node)")
    }

    func file(_ blobID: String, on node: String) throws -> URL {
        try directory(of: node).appendingPathComponent("blobs/\(BlobIdentifiers.shard(of: blobID))/\(blobID)")
    }

    func hasReplica(_ blobID: String, on node: String) async throws -> Bool {
        FileManager.default.fileExists(atPath: try file(blobID, on: node).path)
    }
    func drop(_ blobID: String, on node: String) async throws { try FileManager.default.removeItem(at: file(blobID, on: node)) }
    func flipByte(_ blobID: String, on node: String, at offset: Int) async throws {
        let url = try file(blobID, on: node)
        var data = try Data(contentsOf: url)
        data[offset] ^= 0xff
        try data.write(to: url)
    }
    func placeOrphan(on node: String) async throws -> String {
        let id = String(repeating: "ab", count: 16)
        let url = try file(id, on: node)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: url)
        return id
    }
    func overwrite(_ blobID: String, on node: String, with bytes: [UInt8]) async throws {
        try Data(bytes).write(to: file(blobID, on: node))
    }
    func placeStaleTemporary(on node: String) async throws {
        try Data([1, 2, 3]).write(to: directory(of: node).appendingPathComponent("tmp/x.tmp"))
    }
    func wipe(_ node: String) async throws { try FileManager.default.removeItem(at: directory(of: node)) }
    func temporaryFileCount() async throws -> Int {
        try directories.reduce(0) { count, directory in
            let tmp = directory.appendingPathComponent("tmp").path
            guard FileManager.default.fileExists(atPath: tmp) else { return count }
            return count + (try FileManager.default.contentsOfDirectory(atPath: tmp).count)
        }
    }
}

/// Test helpers over any blob store.
enum Blobs {
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// Writes `bytes` in uneven chunks, as a network would deliver them.
    static func write(_ bytes: [UInt8], to store: any BlobStore, chunk: Int = 40_000,
                      fileChecksums: Bool = true) async throws -> BlobRecord {
        let writer = try await store.makeWriter(fileChecksums: fileChecksums)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try await writer.append(Array(bytes[offset..<end]))
            offset = end
        }
        return try await writer.finish()
    }

    static func read(_ record: BlobRecord, from store: any BlobStore, range: Range<Int64>? = nil) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in store.read(record, range: range) { out += chunk }
        return out
    }
}
