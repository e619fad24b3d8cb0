import Foundation
import HepboxCore
@testable import HepboxStorage
import Testing

/// Behaviour specific to the node directories of the local store.
@Suite("Local replicated blob store")
struct LocalBlobStoreTests {
    @Test func fullDiskAndFileSystemQuotaMapToStorageFull() {
        #expect(POSIX.error("write", "/n/tmp/x", ENOSPC).code == .storageFull)
        #expect(POSIX.error("write", "/n/tmp/x", EDQUOT).code == .storageFull)
        #expect(POSIX.error("open", "/n/tmp/x", ENOENT).code == .notFound)
        #expect(POSIX.error("write", "/n/tmp/x", EIO).code == .internalError)
    }

    @Test func nodeLayoutAndIdentityAreStable() async throws {
        let base = try TemporaryDirectory.make()
        let nodes = [base.appendingPathComponent("a/b/n0"), base.appendingPathComponent("n1")]
        let store = try LocalReplicatedBlobStore(nodes: nodes, replicas: 2, blockSize: 4096)
        let identities = try await store.nodeIdentities()
        #expect(Set(identities).count == 2)
        for node in nodes {
            #expect(FileManager.default.fileExists(atPath: node.appendingPathComponent("blobs").path))
            #expect(FileManager.default.fileExists(atPath: node.appendingPathComponent("tmp").path))
        }
        let record = try await Blobs.write(Blobs.bytes(10_000), to: store)
        let path = nodes[0].appendingPathComponent("blobs/\(BlobIdentifiers.shard(of: record.id))/\(record.id)").path
        #expect(FileManager.default.fileExists(atPath: path))
        // A second store on the same directories (the CLI next to the server) sees the same identities.
        let other = try LocalReplicatedBlobStore(nodes: nodes, replicas: 2, blockSize: 4096)
        #expect(try await other.nodeIdentities() == identities)
        #expect(try await Blobs.read(record, from: other) == Blobs.bytes(10_000))
        // A deleted node directory comes back empty under a new identity.
        try FileManager.default.removeItem(at: nodes[1])
        let renewed = try await store.nodeIdentities()
        #expect(renewed[0] == identities[0] && renewed[1] != identities[1])
    }

    /// Reads use the node directories as last resolved (no stat of each per request): a node directory deleted
    /// under a running store makes its replicas missing, reads fall back to the other copy, and the next write
    /// recreates the node under a new identity.
    @Test func readsFallBackWhenANodeDirectoryVanishesUnderARunningStore() async throws {
        let base = try TemporaryDirectory.make()
        let nodes = [base.appendingPathComponent("n0"), base.appendingPathComponent("n1")]
        let store = try LocalReplicatedBlobStore(nodes: nodes, replicas: 2, blockSize: 4096)
        let old = try await Blobs.write(Blobs.bytes(10_000), to: store)
        #expect(try await store.readWhole(old) == Blobs.bytes(10_000))
        try FileManager.default.removeItem(at: nodes[0])
        #expect(try await store.readWhole(old) == Blobs.bytes(10_000))
        #expect(try await Blobs.read(old, from: store) == Blobs.bytes(10_000))
        let new = try await Blobs.write(Blobs.bytes(5_000), to: store)
        #expect(Set(new.replicas) != Set(old.replicas) && new.replicas.count == 2)
        #expect(try await store.readWhole(new) == Blobs.bytes(5_000))
        #expect(try await store.readWhole(old) == Blobs.bytes(10_000))
    }

    /// A node directory removed while an upload streams into it fails that upload as the server's error (500),
    /// never as "not found": the upload's target exists, a storage path is what went missing.
    @Test func aNodeDirectoryRemovedDuringAnUploadIsAnInternalError() async throws {
        for size in [2_000, 3 << 20] {
            let base = try TemporaryDirectory.make()
            let node = base.appendingPathComponent("n0")
            let store = try LocalReplicatedBlobStore(nodes: [node], replicas: 1, blockSize: 4096)
            let writer = try await store.makeWriter()
            try await writer.append(Blobs.bytes(size))
            try FileManager.default.removeItem(at: node)
            do {
                _ = try await writer.finish()
                Issue.record("the upload of \(size) bytes succeeded into a removed node directory")
            } catch let error as HepboxError {
                #expect(error.code == .internalError, "\(error)")
            }
            try? FileManager.default.removeItem(at: base)
        }
    }

    /// Many uploads at once into a fresh store: several are the first of a shard at the same moment, and one
    /// that finds the shard missing while another is creating it must still succeed (it once failed with ENOENT,
    /// which reached the client as a 404).
    @Test func concurrentFirstBlobsOfNewShardsAllSucceed() async throws {
        for round in 0..<6 {
            let base = try TemporaryDirectory.make()
            let store = try LocalReplicatedBlobStore(nodes: [base.appendingPathComponent("node")], replicas: 1,
                                                     blockSize: 4096)
            let records = try await withThrowingTaskGroup(of: BlobRecord.self) { group in
                for index in 0..<400 {
                    group.addTask { try await Blobs.write(Blobs.bytes(2_000, seed: UInt64(round * 1_000 + index)), to: store) }
                }
                return try await group.reduce(into: [BlobRecord]()) { $0.append($1) }
            }
            #expect(records.count == 400)
            for record in records.prefix(20) { #expect(try await store.readWhole(record).count == 2_000) }
            try? FileManager.default.removeItem(at: base)
        }
    }

    /// Blobs stored before ids carried their creation time (32 random hex digits, sharded by their first two) are
    /// still found, verified, checked and deleted.
    @Test func blobsWithTheOlderIdentifiersStayReadable() async throws {
        let base = try TemporaryDirectory.make()
        let node = base.appendingPathComponent("n0")
        let store = try LocalReplicatedBlobStore(nodes: [node], replicas: 1, blockSize: 4096)
        let written = try await Blobs.write(Blobs.bytes(20_000), to: store)
        var legacy = written
        legacy.id = "c0ffee" + String(repeating: "0", count: 25) + "1"
        let blobs = node.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs.appendingPathComponent("c0"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: blobs.appendingPathComponent("\(BlobIdentifiers.shard(of: written.id))/\(written.id)"),
                                         to: blobs.appendingPathComponent("c0/\(legacy.id)"))
        #expect(try await Blobs.read(legacy, from: store) == Blobs.bytes(20_000))
        #expect(try await store.readWhole(legacy) == Blobs.bytes(20_000))
        #expect(try await store.check([legacy], repair: false).problems.isEmpty)
        try await store.delete(legacy)
        #expect(!FileManager.default.fileExists(atPath: blobs.appendingPathComponent("c0/\(legacy.id)").path))
    }
}
