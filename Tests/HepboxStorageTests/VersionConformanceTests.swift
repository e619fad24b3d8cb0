import HepboxCore
import HepboxStorage
import Testing

@Suite("MetadataStore conformance: versions") struct VersionConformanceTests {
    @Test(arguments: MetadataEngine.allCases)
    func versionsAreStoredNewestFirstAndCountAsBlobReferences(_ engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (fileID, firstID, secondID) = try await store.write { tx -> (NodeID, Int64, Int64) in
            let root = try tx.insert(Sample.root("alice"))
            let file = try tx.insert(Sample.file("a.txt", in: root.id, blob: "current"))
            let v1 = try tx.insert(version: FileVersion(id: 0, nodeID: file.id, blobID: "old1", size: 1, mtime: 10,
                                                        etag: "e1", checksums: nil, replacedAt: 100))
            let v2 = try tx.insert(version: FileVersion(id: 0, nodeID: file.id, blobID: "old2", size: 2, mtime: 20,
                                                        etag: "e2", checksums: Checksums(sha1: "s", md5: "m", adler32: "a"),
                                                        replacedAt: 200))
            return (file.id, v1.id, v2.id)
        }
        #expect(firstID != secondID)
        let listed = try await store.read { try $0.versions(of: fileID) }
        #expect(listed.map(\.id) == [secondID, firstID])
        #expect(listed.first?.checksums?.sha1 == "s")
        #expect(try await store.read { try $0.referenceCount(blobID: "old1") } == 1)
        try await store.write { try $0.deleteVersion(id: firstID) }
        #expect(try await store.read { try $0.referenceCount(blobID: "old1") } == 0)
        #expect(try await store.read { try $0.version(id: secondID)?.size } == 2)
        // A failed write leaves no version behind.
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                _ = try tx.insert(version: FileVersion(id: 0, nodeID: fileID, blobID: "x", size: 1, mtime: 1, etag: "x",
                                                       checksums: nil, replacedAt: 1))
                throw Boom()
            }
        }
        #expect(try await store.read { try $0.versions(of: fileID).count } == 1)
    }

    @Test(arguments: MetadataEngine.allCases)
    func versionsAreFoundAndSummedPerOwner(_ engine: MetadataEngine) async throws {
        let store = try engine.make()
        let ids = try await store.write { tx -> [Int64] in
            let alice = try tx.insert(Sample.root("alice")), bob = try tx.insert(Sample.root("bob"))
            let a = try tx.insert(Sample.file("a", in: alice.id)), b = try tx.insert(Sample.file("b", in: alice.id))
            let c = try tx.insert(Sample.file("c", in: bob.id, owner: "bob"))
            return try [(a, 10), (c, 7), (b, 20), (a, 30)].map { node, size in
                try tx.insert(version: FileVersion(id: 0, nodeID: node.id, blobID: nil, size: Int64(size), mtime: 1,
                                                   etag: "e", checksums: nil, replacedAt: 1)).id
            }
        }
        try await store.read { tx throws in
            #expect(try tx.versions(owner: "alice").map(\.id) == [ids[0], ids[2], ids[3]], "oldest first")
            #expect(try tx.versions(owner: "bob").map(\.size) == [7])
            #expect(try tx.versions(owner: "carol").isEmpty)
            #expect(try tx.versionBytesByOwner() == ["alice": 60, "bob": 7])
        }
    }
}
