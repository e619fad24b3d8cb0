import HepboxCore
import HepboxStorage
import Testing

@Suite struct VersionTests {
    @Test func overwritesKeepVersionsThatCanBeRestored() async throws {
        let f = try await FileServiceFixture()
        let first = try await f.put("a.txt", "one")
        try await f.put("a.txt", "two")
        try await f.put("a.txt", "three")
        let (_, versions) = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id)
        #expect(versions.count == 2)
        let oldest = try #require(versions.last)
        let (version, record) = try await f.files.versionContent(f.alice.principal, owner: "alice", fileID: first.node.id,
                                                                  versionID: oldest.id)
        var bytes: [UInt8] = []
        for try await chunk in try f.files.content(of: version, record: record) { bytes += chunk }
        #expect(String(decoding: bytes, as: UTF8.self) == "one")

        let rootBefore = try await f.node("").etag
        let restored = try await f.files.restoreVersion(f.alice, owner: "alice", fileID: first.node.id, versionID: oldest.id)
        #expect(restored.id == first.node.id)
        #expect(try await f.read("a.txt") == "one")
        #expect(try await f.node("").etag != rootBefore)
        #expect(try await f.node("").size == 3)
        // "three" is now a version; "one" is current.
        let after = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1
        #expect(after.count == 2)
        // Versions of someone else's file are invisible.
        await #expect(throws: HepboxError.self) {
            _ = try await f.files.versions(f.bob.principal, owner: "alice", fileID: first.node.id)
        }
        // Blobs of versions are not orphans; deleting the file releases them and the store stays consistent.
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
        try await f.files.delete(f.alice, owner: "alice", path: f.path("a.txt"))
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
    }
}
