import Foundation
@testable import HepboxCore
import HepboxStorage
import Testing

/// Chunked uploads assembled while the chunks arrive (`ChunkAssemblies`): the MOVE commits the assembly when it
/// holds exactly the folder's chunks in order, and copies the chunks otherwise; the result is the same either way.
@Suite struct ChunkAssemblyTests {
    static let uploads = AccessPolicy.uploadsOwner(of: "alice")

    /// Stores over the in-memory twins or over real node directories (for the fsck checks).
    struct Setup {
        let metadata: any MetadataStore
        let blobs: any BlobStore
        let files: FileService
        let alice = OperationContext(principal: Principal(name: "alice"))
        /// The directory of the local stores (removed by `remove()`).
        let directory: URL?

        init(local: Bool) async throws {
            if local {
                let base = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-assembly-\(UUID().uuidString)")
                directory = base
                metadata = try SQLiteMetadataStore(path: base.appendingPathComponent("metadata.sqlite").path)
                blobs = try LocalReplicatedBlobStore(nodes: [base.appendingPathComponent("n0"), base.appendingPathComponent("n1")],
                                                     replicas: 2, blockSize: 4096)
            } else {
                directory = nil
                metadata = InMemoryMetadataStore()
                blobs = try InMemoryBlobStore(nodeCount: 2, replicas: 2, blockSize: 4096)
            }
            files = FileService(metadata: metadata, blobs: blobs, settings: FileSettings(instanceID: "octest"))
            try await UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4)).add(name: "alice", password: "pw")
            try await files.ensureRoot(owner: "alice")
            try await files.ensureRoot(owner: ChunkAssemblyTests.uploads)
            _ = try await files.makeFolder(alice, owner: ChunkAssemblyTests.uploads, path: TreePath(components: ["t1"]))
        }

        func putChunk(_ name: String, _ bytes: [UInt8], checksum: ClaimedChecksum? = nil) async throws {
            _ = try await files.upload(alice, owner: ChunkAssemblyTests.uploads, path: TreePath(components: ["t1", name]),
                                       body: [Array(bytes.prefix(3000)), Array(bytes.dropFirst(3000))].async,
                                       options: UploadOptions(checksum: checksum))
        }

        func move(expected: Int64? = nil, checksum: ClaimedChecksum? = nil) async throws -> UploadResult {
            try await files.assemble(alice, uploadsOwner: ChunkAssemblyTests.uploads, folder: TreePath(components: ["t1"]),
                                     owner: "alice", destination: TreePath(components: ["big.bin"]),
                                     options: UploadOptions(checksum: checksum, expectedLength: expected))
        }

        func remove() {
            if let directory { try? FileManager.default.removeItem(at: directory) }
        }

        func content(_ node: Node) async throws -> [UInt8] {
            var out: [UInt8] = []
            for try await chunk in try await files.content(of: node) { out += chunk }
            return out
        }
    }

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 * 31 + Int(seed)) } }

    static let parts = [bytes(10_000, seed: 1), bytes(10_000, seed: 2), bytes(1_234, seed: 3)]
    static var whole: [UInt8] { parts.flatMap { $0 } }

    @Test(arguments: [false, true])
    func inOrderChunksAreCommittedWithoutACopy(local: Bool) async throws {
        let s = try await Setup(local: local)
        defer { s.remove() }
        for (index, part) in Self.parts.enumerated() { try await s.putChunk(String(format: "%05d", index + 1), part) }
        #expect(s.files.assemblies.count == 1)
        // The checksum a plain upload of the same bytes gets.
        let reference = try await s.files.upload(s.alice, owner: "alice", path: TreePath(components: ["ref.bin"]),
                                                 body: [Self.whole].async, options: UploadOptions())
        let sha1 = try #require(reference.node.checksums?.sha1)
        let result = try await s.move(expected: Int64(Self.whole.count), checksum: ClaimedChecksum(type: "SHA1", value: sha1))
        #expect(s.files.assemblies.count == 0)
        #expect(result.created && result.node.size == Int64(Self.whole.count))
        #expect(result.node.checksums == reference.node.checksums)
        #expect(try await s.content(result.node) == Self.whole)
        let (assembledBlob, referenceBlob) = try await s.metadata.read { tx in
            (try tx.blob(id: result.node.blobID ?? ""), try tx.blob(id: reference.node.blobID ?? ""))
        }
        #expect(assembledBlob?.blockChecksums == referenceBlob?.blockChecksums)
        // The upload folder is gone and the store holds nothing it should not.
        #expect(try await s.files.find(s.alice.principal, owner: Self.uploads, path: TreePath(components: ["t1"])) == nil)
        let records = try await s.metadata.read { try $0.allBlobs() }
        #expect(try await s.blobs.check(records, repair: false).problems.isEmpty)
    }

    /// A chunk carries its block checksums and ADLER32 only: its own SHA1 and MD5 would never be used (the file's
    /// are computed over all the chunks) and cost half the hashing of a chunked upload. A checksum its client
    /// sends is still computed and checked, and the file gets all three either way.
    @Test(arguments: [false, true])
    func chunksCarryBlockChecksumsOnlyUnlessTheirClientSendsOne(local: Bool) async throws {
        let s = try await Setup(local: local)
        defer { s.remove() }
        try await s.putChunk("00001", Self.parts[0])
        let chunk = try #require(try await s.files.find(s.alice.principal, owner: Self.uploads,
                                                        path: TreePath(components: ["t1", "00001"])))
        let sums = try #require(chunk.checksums)
        #expect(sums.sha1.isEmpty && sums.md5.isEmpty)
        #expect(sums.adler32 == String(format: "%08x", Self.adler32(Self.parts[0])))
        #expect(sums.ownCloudList == "ADLER32:\(sums.adler32)" && sums.ownCloudHeader == "ADLER32:\(sums.adler32)")
        #expect(try await s.content(chunk) == Self.parts[0])  // reads still verify every block

        let second = try await s.files.upload(s.alice, owner: "alice", path: TreePath(components: ["part2.bin"]),
                                              body: [Self.parts[1]].async, options: UploadOptions())
        let sha1 = try #require(second.node.checksums?.sha1)
        try await s.putChunk("00002", Self.parts[1], checksum: ClaimedChecksum(type: "SHA1", value: sha1))
        do {
            try await s.putChunk("00003", Self.parts[2], checksum: ClaimedChecksum(type: "MD5", value: String(repeating: "0", count: 32)))
            Issue.record("a chunk with a wrong MD5 was stored")
        } catch let error as HepboxError {
            #expect(error.code == .checksumMismatch)
        }
        try await s.putChunk("00003", Self.parts[2])
        let reference = try await s.files.upload(s.alice, owner: "alice", path: TreePath(components: ["ref.bin"]),
                                                 body: [Self.whole].async, options: UploadOptions())
        let result = try await s.move(expected: Int64(Self.whole.count))
        #expect(result.node.checksums == reference.node.checksums)
        #expect(result.node.checksums.map { !$0.sha1.isEmpty && !$0.md5.isEmpty } == true)
        #expect(try await s.content(result.node) == Self.whole)
    }

    /// ADLER32 (RFC 1950), written out here so the test does not check the store's code against itself.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    @Test func chunksOutOfOrderFallBackToACopy() async throws {
        let s = try await Setup(local: false)
        try await s.putChunk("00002", Self.parts[1])
        try await s.putChunk("00001", Self.parts[0])
        #expect(s.files.assemblies.count == 0)
        try await s.putChunk("00003", Self.parts[2])
        let result = try await s.move()
        #expect(try await s.content(result.node) == Self.whole)
    }

    @Test func aRewrittenOrFailedChunkDropsTheAssembly() async throws {
        let s = try await Setup(local: false)
        try await s.putChunk("00001", Self.parts[0])
        await #expect(throws: HepboxError.self) {
            try await s.putChunk("00002", Self.parts[1], checksum: ClaimedChecksum(type: "SHA1", value: "00"))
        }
        #expect(s.files.assemblies.count == 0)
        try await s.putChunk("00002", Self.parts[1])
        try await s.putChunk("00003", Self.parts[2])
        #expect(try await s.content(s.move().node) == Self.whole)

        // A chunk sent again (a retry) after later ones also drops it.
        let t = try await Setup(local: false)
        try await t.putChunk("00001", Self.parts[0])
        try await t.putChunk("00002", Self.parts[1])
        try await t.putChunk("00001", Self.parts[0])
        #expect(t.files.assemblies.count == 0)
        try await t.putChunk("00003", Self.parts[2])
        #expect(try await t.content(t.move().node) == Self.whole)
    }

    @Test func aChunkDeletedBeforeTheMoveIsNotInTheFile() async throws {
        let s = try await Setup(local: false)
        for (index, part) in Self.parts.enumerated() { try await s.putChunk(String(format: "%05d", index + 1), part) }
        try await s.files.delete(s.alice, owner: Self.uploads, path: TreePath(components: ["t1", "00002"]))
        let result = try await s.move()
        #expect(try await s.content(result.node) == Self.parts[0] + Self.parts[2])
        #expect(s.files.assemblies.count == 0)
    }

    @Test func aWrongChecksumOrLengthAtTheMoveLeavesNothingBehind() async throws {
        let s = try await Setup(local: true)
        defer { s.remove() }
        for (index, part) in Self.parts.enumerated() { try await s.putChunk(String(format: "%05d", index + 1), part) }
        await #expect(throws: HepboxError.self) { try await s.move(checksum: ClaimedChecksum(type: "SHA1", value: "00")) }
        #expect(try await s.files.find(s.alice.principal, owner: "alice", path: TreePath(components: ["big.bin"])) == nil)
        // Only the chunks' blobs are on the nodes: the assembly was dropped, not left as an orphan.
        let records = try await s.metadata.read { try $0.allBlobs() }
        #expect(try await s.blobs.check(records, repair: false).problems.isEmpty)
        // The chunks are still there: the client may retry (this time the MOVE copies).
        #expect(try await s.content(s.move().node) == Self.whole)
    }

    /// What a crash leaves: the assembly is an unfinished, locked temporary file while its writer lives and a
    /// stale one (collected by fsck) once it is gone; the chunks are durable and a new server copies them.
    @Test func aRestartLosesOnlyTheShortcut() async throws {
        let s = try await Setup(local: true)
        defer { s.remove() }
        try await s.putChunk("00001", Self.parts[0])
        try await s.putChunk("00002", Self.parts[1])
        var records = try await s.metadata.read { try $0.allBlobs() }
        #expect(try await s.blobs.check(records, repair: false).problems.isEmpty)  // held by a live writer

        // "Restart": a new service over the same stores, without the old one's assemblies.
        let restarted = FileService(metadata: s.metadata, blobs: s.blobs, settings: FileSettings(instanceID: "octest"))
        _ = try await restarted.upload(s.alice, owner: Self.uploads, path: TreePath(components: ["t1", "00003"]),
                                       body: [Self.parts[2]].async, options: UploadOptions())
        #expect(restarted.assemblies.count == 0)
        let result = try await restarted.assemble(s.alice, uploadsOwner: Self.uploads, folder: TreePath(components: ["t1"]),
                                                  owner: "alice", destination: TreePath(components: ["big.bin"]),
                                                  options: UploadOptions())
        #expect(try await s.content(result.node) == Self.whole)
        records = try await s.metadata.read { try $0.allBlobs() }
        #expect(try await s.blobs.check(records, repair: false).problems.isEmpty)
    }
}
